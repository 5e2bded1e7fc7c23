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

    def ready(self) -> None:
        from cadence.people.directory_actions import directory_action_register
        from cadence.people.import_columns import import_columns_register
        from cadence.people.profile import profile_action_register, profile_section_register

        from .directory import PLACE_SELECTION
        from .importing import PEOPLE_IMPORT_COLUMNS
        from .profile import CAREER_ACTION, CAREER_SECTION

        directory_action_register(PLACE_SELECTION)
        import_columns_register(PEOPLE_IMPORT_COLUMNS)
        profile_section_register(CAREER_SECTION)
        profile_action_register(CAREER_ACTION)
