"""Page and API timings for the people module at several organisation sizes.

    .venv/bin/python benchmarks/people.py [--sizes 1000 10000] [--repeat 20] [--database-url URL]

Each size runs in its own process on a fresh database: a temporary SQLite file by default, or a
database called cadence_bench created (and dropped afterwards) on the PostgreSQL server given by
--database-url. The organisation comes from cadence.people.seeding; requests go through
django.test.Client, so the figures are server time without a network. It prints figures only."""

import argparse
import csv
import io
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "cadence_bench"
IMPORT_ROWS = 1000
IMPORT_COLUMNS = (
    "employee_id", "first_name", "last_name", "email", "job_title", "job_level", "department", "team",
    "location", "manager_email", "start_date", "employment_type", "status",
)  # fmt: skip
ROUTES = (
    "/home/",
    "/people/",
    "/people/?search=ann",
    "/people/pick/colleagues/?q=a",  # the picker: the broadest search, bounded to 20
    "/people/pick/colleagues/?q=mila",
    "/people/pick/colleagues/?q=anna%20m",
    "/people/pick/teams/?q=pl",
    "/people/{manager}/",
    "/people/org-chart/",
    "/people/org-chart/{ceo}/children/",
    "/api/v1/me",
    "/api/v1/people?limit=50",
    "/api/v1/people?search=ann",
    "/api/v1/people/{manager}",
    "/api/v1/departments",
)
IMPORT_ROUTE = "/api/v1/people/import?dry_run=true"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="organisation sizes")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per route")
    parser.add_argument("--import-repeat", type=int, default=5, help="timed dry-run imports (each is heavy)")
    parser.add_argument(
        "--as", dest="actor", choices=("hr", "manager"), default="hr",
        help="who requests the pages: an HR admin (sees everyone) or the biggest manager",
    )  # fmt: skip
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    args = parser.parse_args()
    if args.size:
        run_one(args)
    else:
        for size in args.sizes:
            run_in_child(size, args)


# --- The parent: one fresh database and process per size -------------------------------------


def run_in_child(size: int, args: argparse.Namespace) -> None:
    command = [sys.executable, __file__, "--size", str(size), "--repeat", str(args.repeat),
               "--import-repeat", str(args.import_repeat), "--as", args.actor]  # fmt: skip
    run_child_command(command, args.database_url)


def run_child_command(command: list[str], database_url: str) -> None:
    """Run a benchmark's child process on a fresh database: a new SQLite file, or with
    `database_url` a PostgreSQL database made for it and dropped after (the other benchmarks too)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    with tempfile.TemporaryDirectory(prefix="cadence-bench-") as data_dir:
        env["CADENCE_DATA_DIR"] = data_dir  # settings read this at import: a fresh SQLite file per size
        if database_url:
            env["DATABASE_URL"] = _recreate_postgres_database(database_url)
        try:
            subprocess.run(command, env=env, check=False)
        finally:
            if database_url:
                _drop_postgres_database(database_url)


def _server_url(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def _postgres_admin(url: str, sql: str) -> None:
    import psycopg

    # Connect to the maintenance database: one cannot drop the database one is connected to.
    with psycopg.connect(_server_url(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def _recreate_postgres_database(url: str) -> str:
    _drop_postgres_database(url)
    _postgres_admin(url, f"CREATE DATABASE {BENCH_DATABASE}")
    return _server_url(url, BENCH_DATABASE)


def _drop_postgres_database(url: str) -> None:
    _postgres_admin(url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


# --- The child: migrate, seed, time the routes --------------------------------------------------


def django_setup() -> None:
    """In a benchmark's child process: Django set up from the source tree, answering the test client."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def run_one(args: argparse.Namespace) -> None:
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 404s until every view exists
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    seeded, ceo, manager, actor = _seed(args.size, args.actor)
    print(f"\n== {args.size:,} people on {database}")
    print(f"migrate {migrated:.1f} s; seed_organisation {seeded:.1f} s ({args.size / seeded:,.0f} people/s)")
    print(f"requests as {args.actor}: {actor.email}; manager with most reports: {manager.full_name} "
          f"({manager.reports.count()} direct)")  # fmt: skip
    _time_routes(args, actor, ceo, manager)


def _seed(size: int, actor_kind: str):
    from django.db.models import Count

    from cadence.core.models import User
    from cadence.people.models import Employee
    from cadence.people.seeding import seed_organisation

    started = time.perf_counter()
    result = seed_organisation(employees=size)
    seeded = time.perf_counter() - started
    # Below the CEO: their profile and org-chart children are timed separately.
    managers = Employee.objects.exclude(manager=None).annotate(report_count=Count("reports"))
    manager = managers.order_by("-report_count", "pk").first() or result.ceo
    hr = (
        Employee.objects.filter(department__name="People").exclude(manager=None).order_by("pk").first()
        or result.ceo
    )
    User.objects.filter(pk=hr.user_id).update(role=User.Role.HR_ADMIN)
    actor = (hr if actor_kind == "hr" else manager).user
    actor.refresh_from_db()
    return seeded, result.ceo, manager, actor


def _time_routes(args: argparse.Namespace, actor, ceo, manager) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(actor)
    print(f"{'route':<58} {'status':>6} {'median ms':>10} {'p95 ms':>9} {'queries':>8}")
    for route in ROUTES:
        path = route.format(manager=manager.pk, ceo=ceo.pk)
        # The org chart loads its children with htmx; without the header the view redirects.
        headers = {"HX-Request": "true"} if path.endswith("/children/") else {}
        _report(path, lambda path=path, headers=headers: client.get(path, headers=headers), args.repeat)
    content = _import_csv()
    _report(
        f"POST {IMPORT_ROUTE} ({IMPORT_ROWS:,} rows)",
        lambda: client.post(IMPORT_ROUTE, {"file": SimpleUploadedFile("people.csv", content, "text/csv")}),
        args.import_repeat,
    )


def _report(label: str, request, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()  # warm-up: template loading, first-use caches
    with CaptureQueriesContext(connection) as queries:
        response = request()
    query_count = len(queries)  # now: the captured list is a view of a log that the next request resets
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else timings[0]
    print(f"{label:<58} {response.status_code:>6} {median:>10.1f} {p95:>9.1f} {query_count:>8}")


def _import_csv() -> bytes:
    """A realistic HRIS export of existing people: a dry run plans 'unchanged' for most rows."""
    from cadence.people.models import Employee

    people = Employee.objects.select_related("department", "team", "manager").order_by("pk")[:IMPORT_ROWS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IMPORT_COLUMNS)
    for p in people:
        writer.writerow([
            p.employee_id, p.first_name, p.last_name, p.email, p.job_title, p.job_level,
            p.department.name if p.department else "", p.team.name if p.team else "", p.location,
            p.manager.email if p.manager else "", p.start_date.isoformat() if p.start_date else "",
            p.employment_type, p.status,
        ])  # fmt: skip
    return buffer.getvalue().encode()


if __name__ == "__main__":
    main()
