from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cadence.meetings"
    label = "meetings"
    verbose_name = "1:1s"
    audit_actions = {
        "one_on_one.create": _("1:1 set up"),
        "one_on_one.update": _("1:1 changed"),
        "one_on_one.end": _("1:1 ended"),
        "meeting.schedule": _("Meeting scheduled"),
        "meeting.reschedule": _("Meeting rescheduled"),
        "agenda_template.create": _("Agenda template created"),
        "agenda_template.update": _("Agenda template changed"),
        "agenda_template.delete": _("Agenda template deleted"),
    }

    def ready(self) -> None:
        from cadence.core.accounts import sign_in_revoker_register
        from cadence.people.profile import profile_action_register

        from .calendar_feed import calendar_feeds_delete
        from .profile import START_ONE_ON_ONE

        sign_in_revoker_register(calendar_feeds_delete)
        profile_action_register(START_ONE_ON_ONE)
