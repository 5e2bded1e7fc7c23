"""`cadence seed --employees N`: an organisation of N people with a year of activity in every module.

People come first (people.seeding), then each module in SCALE_SEEDERS adds its part, in this order
(a later one may use what an earlier one left in `SeedContext.shared`, such as goals for feedback);
notifications come last, since every module adds the notifications its events would have sent. Each
seeder is `seed_<module>(ctx: SeedContext) -> None` and reports its counts with `ctx.count`. A
module that is added later adds its seeder here, the way config/demo.py lists the demo's.

The seeders bypass the services on purpose: this is set-up data for benchmarks, load tests and
trying Cadence at scale, written set-based (core.seeding), with no audit events and no emails.
The demo organisation (`cadence demo`) keeps its hand-written story instead."""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from cadence.core.seeding import SeedContext, SeedDepartment, SeedPerson, SeedTeam
from cadence.people.models import Department, Employee, Team
from cadence.people.seeding import seed_organisation

SCALE_SEEDERS = [
    "cadence.competencies.seeding.seed_competencies",
    "cadence.goals.seeding.seed_goals",
    "cadence.feedback.seeding.seed_feedback",
    "cadence.checkins.seeding.seed_checkins",
    "cadence.meetings.seeding.seed_meetings",
    "cadence.notifications.seeding.seed_notifications",
]


@dataclass
class ScaleSeedResult:
    counts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)  # per module, "people" first

    def lines(self) -> list[str]:
        out = []
        for module, seconds in self.seconds.items():
            parts = [f"{n:,} {label}" for label, n in self.counts.items() if label.startswith(f"{module}.")]
            names = ", ".join(p.replace(f"{module}.", "") for p in parts)
            out.append(f"  {module:<14} {seconds:6.1f}s  {names}")
        return out


def seed_scale(*, employees: int, seed: int = 0, now: datetime.datetime | None = None) -> ScaleSeedResult:
    """Seed `employees` people and a year of history up to `now`; the same seed and `now` give the
    same rows. One transaction: a failure leaves the database as it was."""
    # By default the history ends at the start of this hour: the same seed within the hour gives the
    # same rows; pass `now` (`cadence seed --now`) to reproduce a seeding exactly at any time.
    now = (now or timezone.now().replace(minute=0, second=0)).astimezone(datetime.UTC).replace(microsecond=0)
    seconds: dict[str, float] = {}
    # Notification titles in the organisation's language, as the services would write them.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        started = time.perf_counter()
        org = seed_organisation(employees=employees, seed=seed, today=now.date())
        ctx = _context(org.ceo, seed, now)
        ctx.count("people.employees", org.employees)
        ctx.count("people.departments", org.departments)
        ctx.count("people.teams", org.teams)
        seconds["people"] = time.perf_counter() - started
        for path in SCALE_SEEDERS:
            started = time.perf_counter()
            import_string(path)(ctx)
            seconds[path.split(".")[1]] = time.perf_counter() - started
    started = time.perf_counter()
    _refresh_planner_statistics()
    seconds["statistics"] = time.perf_counter() - started
    return ScaleSeedResult(ctx.counts, seconds)


def _refresh_planner_statistics() -> None:
    """ANALYZE every table, so the first pages after a seeding are planned from the rows just
    written. Without statistics PostgreSQL guesses that a reporting chain's `path LIKE '/1/3/%'`
    matches 7 of 10,000 people instead of 3,157 and nests its loops accordingly (the check-in team
    page took 260 ms instead of 70); SQLite picks worse indexes too. Autovacuum would get there
    later, where it is on; this makes it so at once, on both databases."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _context(ceo: Employee, seed: int, now: datetime.datetime) -> SeedContext:
    """The organisation just seeded, as plain records: ordered by id, which puts every manager
    before their reports (people.seeding writes the reporting tree level by level)."""
    rows = Employee.objects.filter(path__startswith=ceo.path).order_by("pk")
    columns = ("pk", "user_id", "manager_id", "path", "department_id", "team_id", "first_name", "last_name")
    # Seeded people always have a start date; anyone without one counts as having been here all year.
    long_ago = now.date() - datetime.timedelta(days=3650)
    people = [
        SeedPerson(pk, user, manager, path, dept, team, first, last, start or long_ago)
        for pk, user, manager, path, dept, team, first, last, start in rows.values_list(
            *columns, "start_date"
        )
    ]
    # Departments are few (tens even at 50,000 people): all of them, parents before children.
    departments = [
        SeedDepartment(*values)
        for values in Department.objects.order_by("pk").values_list("pk", "parent_id", "name")
    ]
    team_ids = {p.team_id for p in people if p.team_id is not None}
    teams = [
        SeedTeam(*values)
        for values in Team.objects.filter(pk__in=team_ids)
        .order_by("pk")
        .values_list("pk", "department_id", "name")
    ]
    return SeedContext(seed, now, people, departments, teams)
