from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "cadence.competencies"
    label = "competencies"
    verbose_name = _("Competencies")
    audit_actions = {
        "competencies.framework_created": _("Competency framework created"),
        "competencies.framework_changed": _("Competency framework changed"),
        "competencies.published": _("Competency framework version published"),
        "competencies.imported": _("Competency framework imported"),
        "competencies.placed": _("Placed on a track and level"),
        "competencies.assessed": _("Competency assessed"),
        "competencies.readiness_marked": _("Promotion readiness marked"),
    }
