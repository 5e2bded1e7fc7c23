from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "cadence.goals"
    label = "goals"
    verbose_name = _("Goals")
