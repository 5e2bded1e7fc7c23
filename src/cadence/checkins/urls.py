"""Mounted at /feedback/check-ins/ (config/urls.py): the addresses check-ins had inside feedback."""

from django.urls import path

from . import views

app_name = "checkins"
urlpatterns = [
    path("", views.checkins_home, name="checkins"),
    path("current/", views.checkin_current, name="checkin_current"),
    path("team/", views.checkin_team, name="checkin_team"),
    path("settings/", views.checkin_settings, name="checkin_settings"),
    path("<int:check_in_id>/", views.checkin_detail, name="checkin_detail"),
    path("<int:check_in_id>/edit/", views.checkin_edit, name="checkin_edit"),
    path("<int:check_in_id>/skip/", views.checkin_skip, name="checkin_skip"),
    path("<int:check_in_id>/comment/", views.checkin_comment, name="checkin_comment"),
    path("<int:check_in_id>/react/", views.checkin_react, name="checkin_react"),
    path("<int:check_in_id>/review/", views.checkin_review, name="checkin_review"),
    path("<int:check_in_id>/talking-point/", views.checkin_talking_point, name="checkin_talking_point"),
]
