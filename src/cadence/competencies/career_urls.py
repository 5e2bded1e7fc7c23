"""A person's career: placement, the career page, assessments, readiness, gaps and the heatmap."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.career_mine, name="career_mine"),
    path("people/<int:person_id>/", views.career_person, name="career_person"),
    path("people/<int:person_id>/assess/", views.career_assess, name="career_assess"),
    path("people/<int:person_id>/readiness/", views.career_readiness, name="career_readiness"),
    path("people/<int:person_id>/placement/", views.placement, name="placement"),
    path("placements/bulk/", views.placement_bulk, name="placement_bulk"),
    path("readiness/", views.readiness_list, name="readiness_list"),
    path("gaps/", views.gap_heatmap, name="gaps"),
    path("gaps/export.csv", views.gap_download, {"file_format": "csv"}, name="gaps_csv"),
    path("gaps/export.xlsx", views.gap_download, {"file_format": "xlsx"}, name="gaps_xlsx"),
]
