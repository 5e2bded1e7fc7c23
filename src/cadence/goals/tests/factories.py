import datetime
from decimal import Decimal
from typing import Any

from cadence.goals import services
from cadence.goals.library import TEMPLATES
from cadence.goals.models import Goal, GoalCycle, GoalTemplate
from cadence.people.models import Employee

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def make_cycle(**fields: Any) -> GoalCycle:
    data = {"name": "2026", "start_date": START, "end_date": END, "status": GoalCycle.Status.ACTIVE, **fields}
    return GoalCycle.objects.create(**data)


def kr(baseline: int = 0, target: int = 100, **extra: Any) -> dict:
    direction = "increase" if target >= baseline else "decrease"
    return {
        "title": "Measure",
        "kind": "number",
        "direction": direction,
        "baseline": Decimal(baseline),
        "target": Decimal(target),
        **extra,
    }


def make_goal(actor: Any, cycle: GoalCycle, *, owner: Employee | None = None, **fields: Any) -> Goal:
    level = fields.pop("level", Goal.Level.INDIVIDUAL if owner else Goal.Level.COMPANY)
    fields.setdefault("title", "Grow revenue by 20%")
    fields.setdefault("due_date", END)
    return services.goal_create(actor=actor, cycle=cycle, level=level, owner_employee=owner, **fields)


def make_template(index: int = 0) -> GoalTemplate:
    """A library template, made here: browser tests flush the tables, taking the migration's copies."""
    item = TEMPLATES[index]
    fields = {k: item[k] for k in ("description", "level", "key_results")}
    return GoalTemplate.objects.create(function=item["function"], title=item["title"], **fields)
