from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "cadence.feedback"
    label = "feedback"
    verbose_name = "Feedback"
