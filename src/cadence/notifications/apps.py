from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cadence.notifications"
    label = "notifications"
    verbose_name = "Notifications"
