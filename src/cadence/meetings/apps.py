from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cadence.meetings"
    label = "meetings"
    verbose_name = "1:1s"

    def ready(self) -> None:
        from cadence.core.accounts import sign_in_revoker_register

        from .calendar_feed import calendar_feeds_delete

        sign_in_revoker_register(calendar_feeds_delete)
