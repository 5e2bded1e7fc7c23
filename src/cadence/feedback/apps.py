from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "cadence.feedback"
    label = "feedback"
    verbose_name = _("Feedback")
    audit_actions = {
        "feedback.given": _("Feedback given"),
        "feedback.praise_given": _("Praise given"),
        "feedback.requested": _("Feedback requested"),
        "feedback.request_declined": _("Feedback request declined"),
        "feedback.settings_updated": _("Feedback settings changed"),
        "feedback.value_created": _("Company value added"),
        "feedback.value_updated": _("Company value changed"),
    }

    def ready(self) -> None:
        from cadence.core.links import link_source_register
        from cadence.people.profile import profile_action_register, profile_section_register

        from .links import FEEDBACK_LINKS
        from .profile import GIVE_FEEDBACK, PRAISE_RECEIVED, REQUEST_FEEDBACK

        link_source_register(FEEDBACK_LINKS)
        profile_section_register(PRAISE_RECEIVED)
        for action in (GIVE_FEEDBACK, REQUEST_FEEDBACK):
            profile_action_register(action)
