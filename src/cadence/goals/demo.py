# ruff: noqa: E501
"""Demo goals for the demo organisation: a current-quarter cycle with company, department, team and
individual objectives, a spread of progress and statuses, and a few weeks of check-in history."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cadence.core.models import User
from cadence.people.models import Employee

from . import cycles, services
from .models import Goal, GoalCycle, KeyResult, KeyResultUpdate, ProgressPoint

HR_EMAIL, MANAGER_EMAIL, EMPLOYEE_EMAIL = "hr@cadence.demo", "manager@cadence.demo", "employee@cadence.demo"


def _quarter(today: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = datetime.date(today.year, first_month, 1)
    end_month = first_month + 3
    end = (datetime.date(today.year + end_month // 13, (end_month - 1) % 12 + 1, 1)) - datetime.timedelta(
        days=1
    )
    return start, end, f"Q{(first_month - 1) // 3 + 1} {today.year}"


def _kr(title: str, baseline: int, target: int, kind: str = "number", **extra: object) -> dict:
    direction = "increase" if target > baseline else "decrease"
    return {"title": title, "kind": kind, "direction": direction, "baseline": Decimal(baseline),
            "target": Decimal(target), **extra}  # fmt: skip


@transaction.atomic
def seed_demo_goals() -> int:
    """Idempotent: does nothing when the demo cycle already exists. Returns the number of goals made."""
    hr = User.objects.filter(email=HR_EMAIL).first()
    manager = (
        Employee.objects.filter(email=MANAGER_EMAIL).select_related("department", "team", "user").first()
    )
    employee = Employee.objects.filter(email=EMPLOYEE_EMAIL).select_related("team", "user").first()
    if hr is None or manager is None or employee is None or manager.user is None:
        return 0
    start, end, name = _quarter(timezone.localdate())
    if GoalCycle.objects.filter(name=name).exists():
        return 0
    rng = random.Random(7)
    # The current quarter started before today: the dates are confirmed, as HR would on the form.
    cycle = cycles.cycle_create(actor=hr, name=name, start_date=start, end_date=end,
                                  status=GoalCycle.Status.ACTIVE, confirm_dates=True)  # fmt: skip
    company = services.goal_create(
        actor=hr, cycle=cycle, level=Goal.Level.COMPANY, title="Become the easiest tool our customers use",
        due_date=end, key_results=[_kr("Net promoter score", 31, 45), _kr("Monthly churn (%)", 3, 2, "percentage")],
    )  # fmt: skip
    company2 = services.goal_create(
        actor=hr, cycle=cycle, level=Goal.Level.COMPANY, title="Grow annual recurring revenue to €12M",
        due_date=end, key_results=[_kr("ARR (EUR)", 9_000_000, 12_000_000, "currency", currency="EUR")],
    )  # fmt: skip
    made = [company, company2]
    if manager.department:
        dept = services.goal_create(
            actor=hr, cycle=cycle, level=Goal.Level.DEPARTMENT, owner_department=manager.department,
            parent=company, title=f"{manager.department.name}: halve the time customers wait on us", due_date=end,
            key_results=[_kr("Median response time (hours)", 12, 6)],
        )  # fmt: skip
        made.append(dept)
    else:
        dept = company
    team_goal = None
    if manager.team or employee.team:
        team_goal = services.goal_create(
            actor=manager.user, cycle=cycle, level=Goal.Level.TEAM, owner_team=manager.team or employee.team,
            parent=dept, title="Ship the new onboarding flow", due_date=end,
            rollup=Goal.Rollup.KEY_RESULTS_AND_CHILDREN,  # the team's own goals count towards it
            key_results=[{"title": "Onboarding milestones", "kind": "milestones",
                          "milestones": ["Research done", "Design signed off", "Beta live", "General release"]},
                         _kr("Activation rate (%)", 40, 60, "percentage")],
        )  # fmt: skip
        made.append(team_goal)
    parent = team_goal or dept
    reports = list(manager.reports.filter(status=Employee.Status.ACTIVE).select_related("user")[:8])
    for person in {employee, manager, *reports}:
        if person.user is None:
            continue
        goal = services.goal_create(
            actor=manager.user if person != manager else hr, cycle=cycle, level=Goal.Level.INDIVIDUAL,
            owner_employee=person, parent=parent if person != manager else dept, due_date=end,
            title=rng.choice(["Cut onboarding drop-off", "Automate the weekly report", "Close the top support issues",
                              "Improve the test suite"]),
            key_results=[_kr("Drop-off at step two (%)", 35, 15, "percentage"),
                         {"title": "Write the runbook", "kind": "binary"}],
        )  # fmt: skip
        made.append(goal)
    if made:
        _history(made, rng, start)
    _comments(manager, employee, [g for g in made if g.owner_employee_id == employee.pk])
    if employee.user:
        development = services.goal_create(
            actor=employee.user, cycle=cycle, level=Goal.Level.INDIVIDUAL, owner_employee=employee,
            goal_type=Goal.Type.DEVELOPMENT, visibility=Goal.Visibility.PRIVATE, due_date=end,
            title="Get better at presenting",
        )  # fmt: skip
        made.append(development)
    return len(made)


def _comments(manager: Employee, employee: Employee, goals: list[Goal]) -> None:
    """A short exchange with an @mention on the demo employee's objective."""
    if not goals or manager.user is None or employee.user is None:
        return
    mention = employee.email.split("@", 1)[0]
    services.goal_comment_add(
        actor=manager.user,
        goal=goals[0],
        body=f"@{mention} nice start. Could we look at the drop-off numbers together in our next 1:1?",
    )
    services.goal_comment_add(
        actor=employee.user, goal=goals[0], body="Yes — I'll bring the funnel from last week."
    )


def _history(goals: list[Goal], rng: random.Random, start: datetime.date) -> None:
    """Three to five weekly check-ins per goal, backdated, so the timelines and "needs update" look real."""
    now = timezone.now()
    weeks = max(1, min(6, (timezone.localdate() - start).days // 7))
    for goal in sorted(goals, key=lambda g: -len(g.path)):
        krs = list(KeyResult.objects.filter(goal=goal).prefetch_related("milestones"))
        owner = goal.owner_employee.user if goal.owner_employee else goal.created_by
        if owner is None:
            continue
        stale = rng.random() < 0.25
        for week in range(weeks):
            for kr in krs:
                share = min(1.0, (week + 1) / (weeks + 1) * rng.uniform(0.4, 1.3))
                if kr.is_measured:
                    value = kr.baseline + (kr.target - kr.baseline) * Decimal(str(round(share, 2)))  # type: ignore[operator]
                    services.key_result_update_create(actor=owner, goal=goal, key_result=kr, value=value,
                                            confidence=rng.choice(["on_track", "on_track", "at_risk", "off_track"]))  # fmt: skip
                elif kr.kind == KeyResult.Kind.BINARY:
                    services.key_result_update_create(actor=owner, goal=goal, key_result=kr, done=share > 0.8)
                else:
                    ms = [m.pk for m in kr.milestones.all()][: round(share * kr.milestones.count())]
                    services.key_result_update_create(
                        actor=owner, goal=goal, key_result=kr, milestones_done=ms
                    )
        # Spread the history over the past weeks (newest last), leaving some goals without a recent update.
        offset = datetime.timedelta(days=21 if stale else 0)
        updates = list(KeyResultUpdate.objects.filter(goal=goal).order_by("id"))
        for i, c in enumerate(updates):
            c.created_at = (
                now - offset - datetime.timedelta(days=7 * (len(updates) - 1 - i) / max(1, len(krs)))
            )
        KeyResultUpdate.objects.bulk_update(updates, ["created_at"])
        points = list(ProgressPoint.objects.filter(goal=goal).order_by("id"))
        for i, p in enumerate(points):
            p.recorded_at = (
                now
                - offset
                - datetime.timedelta(days=7 * weeks * (len(points) - 1 - i) / max(1, len(points)))
            )
        ProgressPoint.objects.bulk_update(points, ["recorded_at"])
        if updates:
            Goal.objects.filter(pk=goal.pk).update(last_checkin_at=updates[-1].created_at)
    Goal.objects.filter(pk__in=[g.pk for g in goals]).update(
        created_at=now - datetime.timedelta(days=7 * weeks + 7)
    )
