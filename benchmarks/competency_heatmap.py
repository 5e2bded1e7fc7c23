"""Time and queries of the competency gap heatmap for a seeded organisation.

    .venv/bin/python benchmarks/competency_heatmap.py [--people 10000] [--competencies 20]
                                                      [--assessments 2] [--repeat 20]
                                                      [--database-url URL]

One run, in a process of its own, on a fresh database (a temporary SQLite file, or a database
called cadence_bench on the PostgreSQL server given by --database-url, dropped afterwards). The
organisation comes from cadence.people.seeding; then a framework with two tracks of six levels and
`--competencies` competencies (written set-based here: set-up data, not user actions), every
active person placed on a level, and on average `--assessments` assessments per person and
competency over the past year around their level, then the latest of each flagged current
(services.assessments_refresh_current: one UPDATE, timed). Timed: gaps.heatmap itself for each
grouping as HR and as the manager with the largest reporting chain, then the page, its CSV and the
API through django.test.Client (server time, no network). It prints figures only."""

import argparse
import datetime
import random
import sys
import time

import people as people_bench  # benchmarks/people.py: database set-up and the timing loop

BATCH = 5000
LEVELS = 6
ROUTES = (
    "/career/gaps/",
    "/career/gaps/?group_by=team",
    "/career/gaps/?group_by=track",
    "/career/gaps/export.csv?group_by=team",
    "/api/v1/competency-gaps?group_by=department",
    "/api/v1/competency-gaps?group_by=team",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--competencies", type=int, default=20)
    parser.add_argument(
        "--assessments", type=float, default=2.0, help="per person and competency, on average"
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args)
        return
    command = [sys.executable, __file__, "--child", "--people", str(args.people), "--competencies",
               str(args.competencies), "--assessments", str(args.assessments),
               "--repeat", str(args.repeat)]  # fmt: skip
    people_bench.run_child_command(command, args.database_url)


def run_one(args: argparse.Namespace) -> None:
    people_bench.django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _seeded, _ceo, manager, hr = people_bench._seed(args.people, "hr")
    hr_user = hr
    people_seconds = time.perf_counter() - started
    started = time.perf_counter()
    counts = _seed_careers(args)
    career_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"\n== {args.people:,} people, {args.competencies} competencies, "
          f"{counts['placements']:,} placements, {counts['assessments']:,} assessments "
          f"on {connection.vendor}")  # fmt: skip
    print(
        f"seed_organisation {people_seconds:.1f} s; "
        f"framework, placements and assessments {career_seconds:.1f} s "
        f"(of which flagging the current ones, one UPDATE over all of them: {counts['refresh_ms']:,.0f} ms)"
    )
    chain = manager.__class__.objects.filter(path__startswith=manager.path).count() - 1
    print(
        f"HR: {hr_user.email}; manager with most direct reports: {manager.full_name} ({chain:,} in the chain)"
    )
    _time_function(args, hr_user, manager.user)
    _time_routes(args, hr_user)


def _seed_careers(args: argparse.Namespace) -> dict[str, int]:
    """The framework, everyone placed, assessments around each person's level: bulk inserts."""
    from django.db import transaction
    from django.utils import timezone

    from cadence.competencies.models import (
        Assessment,
        Competency,
        Expectation,
        Framework,
        FrameworkVersion,
        Level,
        Placement,
        Theme,
        Track,
    )  # fmt: skip
    from cadence.competencies.services import assessments_refresh_current
    from cadence.people.models import Employee

    rng = random.Random(7)
    now = timezone.now()
    with transaction.atomic():
        framework = Framework.objects.create(
            name="Benchmark framework"
        )  # the migrations ship the general one
        version = FrameworkVersion.objects.create(
            framework=framework, number=1, status=FrameworkVersion.Status.PUBLISHED, published_at=now
        )
        tracks = Track.objects.bulk_create(
            Track(framework_version=version, key=key, name=name, position=i)
            for i, (key, name) in enumerate((("ic", "Individual contributor"), ("mgmt", "Management")))
        )
        levels = Level.objects.bulk_create(
            Level(track=t, key=f"{t.key}{n}", code=f"{t.key.upper()}{n}", title=f"{t.name} {n}", position=n)
            for t in tracks
            for n in range(1, LEVELS + 1)
        )
        themes = Theme.objects.bulk_create(
            Theme(framework_version=version, key=f"theme-{i}", name=name, position=i)
            for i, name in enumerate(("Impact", "Craft", "Collaboration", "Leadership"))
        )
        competencies = Competency.objects.bulk_create(
            Competency(framework_version=version, theme=themes[i % 4], key=f"c{i}",
                       name=f"Competency {i + 1}", position=i)
            for i in range(args.competencies)
        )  # fmt: skip
        Expectation.objects.bulk_create(
            Expectation(competency=c, level=lv, text=f"What {c.name} expects at {lv.code}.")
            for c in competencies
            for lv in levels
        )
        by_track = {t.pk: [lv for lv in levels if lv.track_id == t.pk] for t in tracks}
        people = list(Employee.objects.filter(status=Employee.Status.ACTIVE).values_list("pk", "manager_id"))
        managers = {manager_id for _pk, manager_id in people if manager_id}
        start = timezone.localdate() - datetime.timedelta(days=365)
        placed = {}
        rows = []
        for pk, _manager in people:
            track = tracks[1] if pk in managers and rng.random() < 0.7 else tracks[0]
            level = rng.choice(by_track[track.pk][: LEVELS - 1])
            placed[pk] = level
            rows.append(Placement(employee_id=pk, level=level, effective_from=start, reason="initial"))
        Placement.objects.bulk_create(rows, batch_size=BATCH)
        assessments = _assessments(args, people, placed, by_track, competencies, rng, now)
        for i in range(0, len(assessments), BATCH):
            Assessment.objects.bulk_create(assessments[i : i + BATCH])
        started = time.perf_counter()
        current = assessments_refresh_current()  # past the service: flag the latest of each, one UPDATE
        refresh_ms = (time.perf_counter() - started) * 1000
    return {
        "placements": len(rows),
        "assessments": len(assessments),
        "current": current,
        "refresh_ms": refresh_ms,
    }


def _assessments(args, people, placed, by_track, competencies, rng, now) -> list:
    from cadence.competencies.models import Assessment

    rows = []
    for pk, _manager in people:
        ladder = by_track[placed[pk].track_id]
        rank = ladder.index(placed[pk])
        for competency in competencies:
            for _ in range(_how_many(args.assessments, rng)):
                at = ladder[max(0, min(LEVELS - 1, rank + rng.choice((-1, 0, 0, 0, 1))))]
                rows.append(
                    Assessment(
                        employee_id=pk, competency=competency, level=at, source="manager",
                        comment="Seen in the quarter's work.",
                        assessed_at=now - datetime.timedelta(days=rng.randint(0, 364),
                                                             minutes=rng.randint(0, 1440)),
                    )
                )  # fmt: skip
    return rows


def _how_many(mean: float, rng: random.Random) -> int:
    """0 .. 2*mean assessments, `mean` on average (some competencies stay unassessed)."""
    return rng.randint(0, round(2 * mean))


def _time_function(args: argparse.Namespace, hr, manager) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadence.competencies.gaps import GroupBy, heatmap

    print(f"\n{'gaps.heatmap':<58} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'cells':>7}")
    for label, actor in (("hr", hr), ("manager", manager)):
        for group_by in GroupBy:
            run = lambda actor=actor, group_by=group_by: heatmap(actor=actor, group_by=group_by)  # noqa: E731
            run()  # warm-up
            with CaptureQueriesContext(connection) as queries:
                result = run()
            timings = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                run()
                timings.append((time.perf_counter() - started) * 1000)
            cells = sum(1 for row in result.rows for cell in row.cells if cell)
            median, p95 = _summary(timings)
            name = f"as {label}, by {group_by.value}"
            print(f"{name:<58} {median:>10.1f} {p95:>9.1f} {len(queries):>8} {cells:>7}")


def _summary(timings: list[float]) -> tuple[float, float]:
    import statistics

    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else timings[0]
    return statistics.median(timings), p95


def _time_routes(args: argparse.Namespace, hr) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(hr)
    print(f"\n{'route (as hr)':<58} {'status':>6} {'median ms':>10} {'p95 ms':>9} {'queries':>8}")
    for route in ROUTES:
        people_bench._report(route, lambda route=route: client.get(route), args.repeat)


if __name__ == "__main__":
    main()
