from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "cadence.competencies"
    label = "competencies"
    verbose_name = _("Competencies")
    audit_actions: dict[str, str] = {}
