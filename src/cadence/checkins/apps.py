from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "cadence.checkins"
    label = "checkins"
    verbose_name = _("Check-ins")
    audit_actions = {
        "checkin.question_created": _("Check-in question added"),
        "checkin.question_updated": _("Check-in question changed"),
        "checkin.cadence_set": _("Check-in rhythm set"),
        "checkin.submitted": _("Check-in submitted"),
        "checkin.edited": _("Check-in changed after submitting"),
        "checkin.skipped": _("Check-in skipped"),
        "checkin.reviewed": _("Check-in reviewed"),
    }
