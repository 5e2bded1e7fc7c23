from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "cadence.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from cadence.people.profile import profile_section_register

        from .profile import PRAISE_RECEIVED

        profile_section_register(PRAISE_RECEIVED)
