from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "cadence.people"
    label = "people"
    verbose_name = _("People")
    audit_actions = {
        "person.create": _("Person added"),
        "person.update": _("Person changed"),
        "person.deactivate": _("Person deactivated"),
        "person.reactivate": _("Person reactivated"),
        "department.create": _("Department added"),
        "department.update": _("Department changed"),
        "team.create": _("Team added"),
        "people.import": _("People imported"),
    }
