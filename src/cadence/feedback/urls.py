from django.urls import path

from . import views

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
]
