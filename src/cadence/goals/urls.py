from django.urls import path

from . import goal_form_views, views

app_name = "goals"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("company/", views.company, name="company"),
    path("new/", goal_form_views.create, name="create"),
    path("tree/", views.tree, name="tree"),
    path("tree/<int:goal_id>/children/", views.tree_children, name="tree_children"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("approval-policy/", views.policy, name="policy"),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/<int:cycle_id>/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_id>/open/", views.cycle_open, name="cycle_open"),
    path("cycles/<int:cycle_id>/delete/", views.cycle_remove, name="cycle_delete"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:template_id>/", views.template_edit, name="template_edit"),
    path("<int:goal_id>/", views.detail, name="detail"),
    path("<int:goal_id>/edit/", goal_form_views.edit, name="edit"),
    path("<int:goal_id>/check-in/", views.key_result_update, name="key_result_update"),
    path("<int:goal_id>/state/", views.set_state, name="state"),
    path("<int:goal_id>/approve/", views.approve, name="approve"),
    path("<int:goal_id>/rollup/", views.rollup_exclude, name="rollup_exclude"),
    path("<int:goal_id>/comments/", views.comment, name="comment"),
]
