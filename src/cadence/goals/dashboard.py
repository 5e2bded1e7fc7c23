"""The goals dashboard: progress and status by department for a cycle, the goals needing an update,
and how many individual goals align to another."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from cadence.people.permissions import Actor

from .models import Goal, GoalCycle
from .permissions import goals_visible_to
from .selectors import ACTIVE, needs_update_q


@dataclass
class DepartmentRow:
    department: str
    goals: int
    average: float
    statuses: dict[str, int]
    needs_update: int


@dataclass
class Dashboard:
    cycle: GoalCycle | None
    rows: list[DepartmentRow]
    needing_update: list[Goal]
    needing_update_count: int
    individual_goals: int
    aligned_individual_goals: int

    @property
    def coverage(self) -> int:
        return (
            round(100 * self.aligned_individual_goals / self.individual_goals) if self.individual_goals else 0
        )


def dashboard(*, actor: Actor, cycle: GoalCycle | None) -> Dashboard:
    """Progress and status by department for a cycle, goals needing update, alignment coverage.
    Two queries whatever the number of goals: one grouped by (department, status) that carries
    every count and sum the page shows, and the 20 stalest goals with their owners and parents."""
    if cycle is None:
        return Dashboard(None, [], [], 0, 0, 0)
    qs = goals_visible_to(actor).filter(cycle=cycle, state=ACTIVE)
    dept_expr = Coalesce(
        "owner_department__name", "owner_team__department__name", "owner_employee__department__name"
    )
    individual = Q(level=Goal.Level.INDIVIDUAL)
    grouped = (
        qs.annotate(dept=dept_expr)
        .values("dept", "status")
        .annotate(
            n=Count("id"),
            stale=Count("id", filter=needs_update_q()),
            progress_sum=Sum("progress"),
            individual=Count("id", filter=individual),
            aligned=Count("id", filter=individual & Q(parent__isnull=False)),
        )
        .order_by()
    )
    rows: dict[str, DepartmentRow] = {}
    sums: dict[str, float] = {}
    totals = {"stale": 0, "individual": 0, "aligned": 0}
    for item in grouped:
        name = item["dept"] or "—"
        row = rows.setdefault(name, DepartmentRow(name, 0, 0.0, {}, 0))
        row.goals += item["n"]
        row.statuses[item["status"]] = row.statuses.get(item["status"], 0) + item["n"]
        row.needs_update += item["stale"]
        sums[name] = sums.get(name, 0.0) + (item["progress_sum"] or 0.0)
        totals["stale"] += item["stale"]
        totals["individual"] += item["individual"]
        totals["aligned"] += item["aligned"]
    for name, row in rows.items():
        row.average = sums[name] / row.goals  # every row has at least one goal
    stale = (
        qs.filter(needs_update_q())
        .select_related("owner_employee", "owner_team", "owner_department", "parent")
        .order_by("last_checkin_at", "id")[:20]
    )
    return Dashboard(
        cycle,
        sorted(rows.values(), key=lambda r: r.department),
        list(stale),
        totals["stale"],
        totals["individual"],
        totals["aligned"],
    )
