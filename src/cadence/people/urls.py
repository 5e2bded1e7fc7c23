from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.person_create, name="create"),
    path("pick/<slug:scope>/", views.pick, name="pick"),
    path("org-chart/", views.org_chart, name="org_chart"),
    path("org-chart/<int:person_id>/children/", views.org_chart_children, name="org_chart_children"),
    path("departments/", views.departments, name="departments"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:import_id>/", views.import_review, name="import_review"),
    path("import/<int:import_id>/apply/", views.import_apply, name="import_apply"),
    path("<int:person_id>/", views.profile, name="profile"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/deactivate/", views.person_deactivate, name="deactivate"),
    path("<int:person_id>/reactivate/", views.person_reactivate, name="reactivate"),
]
