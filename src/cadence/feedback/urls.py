from django.urls import path

from . import check_in_views, views

app_name = "feedback"
urlpatterns = [
    path("", views.wall, name="wall"),
    path("praise/new/", views.praise_new, name="praise_new"),
    path("praise/<int:praise_id>/", views.praise_detail, name="praise_detail"),
    path("praise/<int:praise_id>/react/", views.praise_react, name="praise_react"),
    path("praise/<int:praise_id>/comment/", views.praise_comment, name="praise_comment"),
    path("mine/", views.feedback_home, name="mine"),
    path("give/", views.feedback_give, name="give"),
    path("coach/", views.feedback_coach_partial, name="coach"),
    path("<int:feedback_id>/", views.feedback_detail, name="feedback_detail"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:request_id>/decline/", views.request_decline, name="request_decline"),
    path("settings/", views.feedback_settings, name="settings"),
    path("check-ins/", check_in_views.checkins_home, name="checkins"),
    path("check-ins/current/", check_in_views.checkin_current, name="checkin_current"),
    path("check-ins/team/", check_in_views.checkin_team, name="checkin_team"),
    path("check-ins/settings/", check_in_views.checkin_settings, name="checkin_settings"),
    path("check-ins/<int:check_in_id>/", check_in_views.checkin_detail, name="checkin_detail"),
    path("check-ins/<int:check_in_id>/edit/", check_in_views.checkin_edit, name="checkin_edit"),
    path("check-ins/<int:check_in_id>/skip/", check_in_views.checkin_skip, name="checkin_skip"),
    path("check-ins/<int:check_in_id>/comment/", check_in_views.checkin_comment, name="checkin_comment"),
    path("check-ins/<int:check_in_id>/react/", check_in_views.checkin_react, name="checkin_react"),
    path("check-ins/<int:check_in_id>/review/", check_in_views.checkin_review, name="checkin_review"),
    path(
        "check-ins/<int:check_in_id>/talking-point/",
        check_in_views.checkin_talking_point,
        name="checkin_talking_point",
    ),
]
