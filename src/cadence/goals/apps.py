from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "cadence.goals"
    label = "goals"
    verbose_name = _("Goals")
    audit_actions = {
        "goal.create": _("Objective created"),
        "goal.update": _("Objective changed"),
        "goal.approve": _("Objective approved"),
        "goal.archived": _("Objective archived"),
        "goal.active": _("Objective restored"),
        "goal.carry_over": _("Objective carried over"),
        "goal.rollup_exclude": _("Objective left out of its parent's progress"),
        "goal.rollup_include": _("Objective counted in its parent's progress again"),
        "goal_cycle.create": _("Goal cycle created"),
        "goal_cycle.update": _("Goal cycle changed"),
        "goal_cycle.close": _("Goal cycle closed"),
        "goal_cycle.open": _("Goal cycle opened for drafting"),
        "goal_cycle.delete": _("Goal cycle deleted"),
        "goal_policy.set": _("Goal approval policy set"),
        "goal_template.save": _("Goal template saved"),
        "goal_template.delete": _("Goal template deleted"),
    }

    def ready(self) -> None:
        from cadence.competencies.career import career_section_register
        from cadence.core.links import link_source_register
        from cadence.people.profile import profile_section_register

        from .career import DEVELOPING_GOALS
        from .links import GOAL_LINKS
        from .profile import GOALS

        profile_section_register(GOALS)
        link_source_register(GOAL_LINKS)
        career_section_register(DEVELOPING_GOALS)
