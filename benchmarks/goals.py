"""Page and API timings for the goals module on an organisation with a year of goal history.

    .venv/bin/python benchmarks/goals.py [--people 2000] [--goals-per-person 5] [--weeks 52]
                                         [--repeat 20] [--as manager|hr] [--database-url URL]
    .venv/bin/python benchmarks/goals.py --people 10000              # the full size: ~2.6M check-ins

One run, in a process of its own, on a fresh database (a temporary SQLite file, or a database
called cadence_bench on the PostgreSQL server given by --database-url, dropped afterwards). The
organisation comes from cadence.people.seeding; the goals are written with bulk_create, bypassing
the services (set-up data, not user actions): one annual cycle, company objectives, one per
department aligned to a company objective, one per team aligned to its department's, and
`--goals-per-person` individual objectives per person aligned to their team's (else department's)
objective, each with two key results; every individual objective has a check-in and a progress point
every week for `--weeks` weeks. Stored progress is plausible, not rolled up. Requests go through
django.test.Client: server time without a network. It prints figures only."""

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal

import people as people_bench  # benchmarks/people.py: database set-up and the timing loop

BATCH = 5000
ROUTES = (
    "/goals/",
    "/goals/team/",
    "/goals/company/",
    "/goals/tree/",
    "/goals/tree/?focus={company}",
    "/goals/tree/{company}/children/",
    "/goals/{leaf}/",
    "/goals/dashboard/",
    "/goals/new/",
    "/api/v1/goals?limit=50",
    "/api/v1/goals?cycle={cycle}&status=needs_update&limit=50",
    "/api/v1/goals/{leaf}",
    "/api/v1/goals/{department}/tree",
    "/api/v1/key-results/{key_result}/check-ins?limit=50",
    "/api/v1/goals/{leaf}/comments",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=2000, help="organisation size")
    parser.add_argument("--goals-per-person", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=52, help="weeks of check-in history")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per route")
    parser.add_argument(
        "--as", dest="actor", choices=("hr", "manager"), default="manager",
        help="who requests the pages: the manager with the most direct reports, or an HR admin",
    )  # fmt: skip
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args)
    else:
        run_in_child(args)


def run_in_child(args: argparse.Namespace) -> None:
    command = [sys.executable, __file__, "--child", "--people", str(args.people), "--goals-per-person",
               str(args.goals_per_person), "--weeks", str(args.weeks), "--repeat", str(args.repeat),
               "--as", args.actor]  # fmt: skip
    people_bench.run_child_command(command, args.database_url)


def run_one(args: argparse.Namespace) -> None:
    people_bench.django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _ceo, manager, hr = _seed_people(args.people)
    people_seconds = time.perf_counter() - started
    started = time.perf_counter()
    counts, targets = _seed_goals(args, hr, manager)
    goals_seconds = time.perf_counter() - started
    actor = (hr if args.actor == "hr" else manager).user
    actor.refresh_from_db()
    print(f"\n== {args.people:,} people, {counts['goals']:,} goals, {counts['key_results']:,} key results, "
          f"{counts['updates']:,} check-ins on {connection.vendor}")  # fmt: skip
    print(f"seed_organisation {people_seconds:.1f} s; goals and history {goals_seconds:.1f} s "
          f"({counts['updates'] / max(goals_seconds, 0.001):,.0f} check-ins/s)")  # fmt: skip
    print(
        f"requests as {args.actor}: {actor.email} ({manager.reports.count()} direct reports for the manager)"
    )
    _time_routes(args, actor, targets)


def _seed_people(size: int):
    from django.db.models import Count

    from cadence.core.models import User
    from cadence.people.models import Employee
    from cadence.people.seeding import seed_organisation

    result = seed_organisation(employees=size)
    managers = Employee.objects.exclude(manager=None).annotate(n=Count("reports"))
    manager = managers.order_by("-n", "pk").first() or result.ceo
    hr = Employee.objects.filter(department__name="People").exclude(manager=None).order_by("pk").first()
    hr = hr or result.ceo
    User.objects.filter(pk=hr.user_id).update(role=User.Role.HR_ADMIN)
    return result.ceo, manager, hr


def _seed_goals(args: argparse.Namespace, hr, manager) -> tuple[dict[str, int], dict[str, int]]:
    from django.db import transaction
    from django.utils import timezone

    from cadence.goals.models import GoalCycle
    from cadence.people.models import Department, Employee, Team

    rng = random.Random(1)
    today = timezone.localdate()
    start = today - datetime.timedelta(weeks=args.weeks)
    with transaction.atomic():
        cycle = GoalCycle.objects.create(
            name="FY", kind=GoalCycle.Kind.ANNUAL, start_date=start,
            end_date=max(today + datetime.timedelta(days=60), start + datetime.timedelta(days=364)),
            status=GoalCycle.Status.ACTIVE,
        )  # fmt: skip
        company = _goals(
            cycle, hr.user, [dict(level="company", title=f"Company objective {n + 1}") for n in range(3)]
        )
        departments = list(Department.objects.order_by("path"))
        dept_goals = _goals(cycle, hr.user, [
            dict(level="department", owner_department=d, parent=company[i % len(company)],
                 title=f"{d.name}: deliver the plan") for i, d in enumerate(departments)
        ])  # fmt: skip
        by_dept = {g.owner_department_id: g for g in dept_goals}
        teams = list(Team.objects.order_by("pk"))
        team_goals = _goals(cycle, hr.user, [
            dict(level="team", owner_team=t, parent=by_dept.get(t.department_id) or company[0],
                 title=f"{t.name}: ship the roadmap") for t in teams
        ])  # fmt: skip
        by_team = {g.owner_team_id: g for g in team_goals}
        people = list(
            Employee.objects.filter(status="active").only("pk", "team_id", "department_id", "user_id")
        )
        now = timezone.now()
        owners = [p for p in people for _ in range(args.goals_per_person)]
        plan_list = [_plan(rng, args.weeks) for _ in owners]
        individual = _goals(cycle, hr.user, [
            dict(level="individual", owner_employee_id=p.pk,
                 parent=by_team.get(p.team_id) or by_dept.get(p.department_id) or company[0],
                 title=f"Objective {n % args.goals_per_person + 1} of person {p.pk}",
                 **_individual_row(plan, args.weeks, now, rng))
            for n, (p, plan) in enumerate(zip(owners, plan_list, strict=True))
        ])  # fmt: skip
        plans = {g.pk: plan for g, plan in zip(individual, plan_list, strict=True)}
        everything = company + dept_goals + team_goals + individual
        key_results = _key_results(everything, plans, rng)
        authors = {g.pk: p.user_id for g, p in zip(individual, owners, strict=True)}
        updates = _history(key_results, plans, authors, args.weeks, rng)
        leaf = next(g for g in individual if g.owner_employee_id == manager.reports.first().pk)
        _comments(leaf, manager, rng)
    counts = {"goals": len(everything), "key_results": len(key_results), "updates": updates}
    targets = {
        "cycle": cycle.pk,
        "company": company[0].pk,
        "department": dept_goals[0].pk if dept_goals else company[0].pk,
        "leaf": leaf.pk,
        "key_result": next(k.pk for k in key_results if k.goal_id == leaf.pk),
    }
    return counts, targets


def _goals(cycle, author, rows: list[dict]):
    """Bulk-create goals, then their materialised paths (which need the new ids): one UPDATE that
    reads each parent's path, rather than a bulk_update of every row."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Coalesce, Concat

    from cadence.goals.models import Goal

    created = []
    for offset in range(0, len(rows), BATCH):
        batch = [Goal(**{"cycle": cycle, "created_by": author, "due_date": cycle.end_date, **row})
                 for row in rows[offset:offset + BATCH]]  # fmt: skip
        created += Goal.objects.bulk_create(batch)
    parent_path = Subquery(Goal.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
    Goal.objects.filter(pk__in=[g.pk for g in created]).update(
        path=Concat(Coalesce(parent_path, Value("/")), Cast("pk", CharField()), Value("/"))
    )
    return created


def _plan(rng: random.Random, weeks: int) -> dict:
    """How an individual objective went: its pace, the week it went quiet, where it ended."""
    pace = rng.uniform(0.3, 1.1)
    stops = weeks - rng.choice((0, 0, 0, 1, 3))  # some go quiet and "need an update"
    share = min(1.0, pace * stops / weeks) if stops > 0 else 0.0
    return {"pace": pace, "stops": stops, "share": share}


def _individual_row(plan: dict, weeks: int, now: datetime.datetime, rng: random.Random) -> dict:
    last = now - datetime.timedelta(weeks=weeks - plan["stops"] + 1) if plan["stops"] > 0 else None
    return {"progress": plan["share"] / 2, "last_checkin_at": last,
            "status": rng.choice(("on_track", "on_track", "at_risk", "off_track"))}  # fmt: skip


def _key_results(goals, plans: dict[int, dict], rng: random.Random):
    """Two per objective; an individual objective's first one ends where its check-ins left it."""
    from cadence.goals.models import KeyResult

    rows = []
    for goal in goals:
        for position in range(2):
            target = Decimal(rng.choice((10, 50, 100, 1000)))
            share = plans[goal.pk]["share"] if position == 0 and goal.pk in plans else 0.0
            current = (target * Decimal(str(round(share, 2)))).quantize(Decimal("0.01"))
            rows.append(KeyResult(
                goal=goal, title=f"Measure {position + 1}", kind="number", baseline=0, target=target,
                current=current, progress=share, position=position,
            ))  # fmt: skip
    return KeyResult.objects.bulk_create(rows, batch_size=BATCH)


def _history(key_results, plans: dict[int, dict], owners: dict[int, int | None], weeks: int, rng) -> int:
    """A check-in and a progress point every week for each individual objective, written in batches."""
    from django.utils import timezone

    from cadence.goals.models import KeyResultUpdate, ProgressPoint

    now = timezone.now()
    updates, points, written = [], [], 0
    for kr in key_results:
        plan = plans.get(kr.goal_id)
        if plan is None or kr.position != 0:
            continue
        for week in range(plan["stops"]):
            at = now - datetime.timedelta(weeks=weeks - week)
            share = min(1.0, plan["pace"] * (week + 1) / weeks)
            updates.append(KeyResultUpdate(
                goal_id=kr.goal_id, key_result_id=kr.pk, author_id=owners[kr.goal_id], created_at=at,
                value=(kr.target * Decimal(str(round(share, 2)))).quantize(Decimal("0.01")),
                confidence=rng.choice(("on_track", "on_track", "at_risk")), key_result_progress=share,
                goal_progress=share / 2,
            ))  # fmt: skip
            points.append(ProgressPoint(goal_id=kr.goal_id, progress=share / 2, recorded_at=at))
        if len(updates) >= BATCH:
            KeyResultUpdate.objects.bulk_create(updates)
            ProgressPoint.objects.bulk_create(points)
            written += len(updates)
            updates, points = [], []
    KeyResultUpdate.objects.bulk_create(updates)
    ProgressPoint.objects.bulk_create(points)
    return written + len(updates)


def _comments(goal, manager, rng: random.Random) -> None:
    from cadence.goals import services

    owner = goal.owner_employee
    mention = owner.email.split("@", 1)[0]
    for n in range(20):
        author = manager.user if n % 2 else owner.user
        services.goal_comment_add(actor=author, goal=goal, body=f"Update {n}: @{mention} {rng.random():.3f}")


def _time_routes(args: argparse.Namespace, actor, targets: dict[str, int]) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(actor)
    print(f"{'route':<58} {'status':>6} {'median ms':>10} {'p95 ms':>9} {'queries':>8}")
    for route in ROUTES:
        path = route.format(**targets)
        headers = {"HX-Request": "true"} if path.endswith("/children/") else {}
        people_bench._report(
            path, lambda path=path, headers=headers: client.get(path, headers=headers), args.repeat
        )


if __name__ == "__main__":
    main()
