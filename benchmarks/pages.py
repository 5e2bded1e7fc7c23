"""Every page and API read, over HTTP, at two organisation sizes, against a bare Django request.

    .venv/bin/python benchmarks/pages.py                      # 1,000 and 10,000 people on SQLite
    .venv/bin/python benchmarks/pages.py --sizes 1000 --repeat 10
    .venv/bin/python benchmarks/pages.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/pages.py --only /goals/ /api/v1/goals   # routes whose path starts so

For each size, in a process of its own:

1. the organisation: `cadence migrate` and `cadence seed --employees N --seed S` (a year of activity
   in every module), kept in var/bench/<size>-<seed>/ (SQLite) or the database cadence_bench_<size>
   (PostgreSQL) and reused by the next run (`--fresh` seeds again);
2. two servers started the same way (`cadence.config.cli.gunicorn_argv`): `cadence serve`, and
   benchmarks/bare_app.py, the smallest Django request there is;
3. as an HR admin and as the manager with the largest reporting chain: every page from the URL
   resolver and every GET of the OpenAPI schema (config/routes.py: nothing is listed by hand), path
   parameters filled with the objects that make the route work hardest (the company objective with
   the most aligned goals, the manager's busiest 1:1, ...). Per route: the SQL queries and the
   response size (one in-process request), then `--repeat` HTTP requests, each paired with one to the
   bare app, giving median and p95 in ms and the median as a multiple of the bare request's.

At the end it prints, per actor, the routes whose query count or response size grew between the
smallest and the largest size, and the web workers' resident memory. Routes that answer anything
but 200 on GET (forms that only take POST, ids the actor may not see) are listed once, not timed.
It prints figures only: no assertion on time anywhere."""

import argparse
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import people as people_bench  # benchmarks/people.py: PostgreSQL database set-up

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GROWTH = 1.25  # a response this many times larger at the largest size is flagged


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="organisation sizes")
    parser.add_argument("--repeat", type=int, default=20, help="timed HTTP requests per route and actor")
    parser.add_argument("--seed", type=int, default=1, help="the seed of `cadence seed`")
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--fresh", action="store_true", help="seed again even if a seeded database exists")
    parser.add_argument("--only", nargs="*", default=[], help="time only routes whose path starts so")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args)
        return
    results = {size: run_in_child(size, args) for size in args.sizes}
    print_growth(results)


# --- The parent: one database and process per size ------------------------------------------------


def _environment(size: int, args: argparse.Namespace) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    data_dir = ROOT / "var" / "bench" / f"{size}-{args.seed}"
    data_dir.mkdir(parents=True, exist_ok=True)
    env["CADENCE_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "cadence.config.settings"
    if args.database_url:
        env["DATABASE_URL"] = people_bench._server_url(args.database_url, f"cadence_bench_{size}")
    return env


def _seed_if_needed(size: int, args: argparse.Namespace, env: dict[str, str]) -> None:
    marker = Path(env["CADENCE_DATA_DIR"]) / ("seeded-postgres" if args.database_url else "seeded-sqlite")
    cadence = [str(BIN / "cadence")]
    if marker.exists() and not args.fresh:
        print(f"\n== {size:,} people: reusing the organisation seeded earlier ({marker.parent})")
        # Migrations that came since it was seeded (a new column) would make every page fail.
        subprocess.run([*cadence, "migrate", "--verbosity", "0"], env=env, check=True)
        return
    if args.database_url:
        database = f"cadence_bench_{size}"
        people_bench._postgres_admin(args.database_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        people_bench._postgres_admin(args.database_url, f"CREATE DATABASE {database}")
    else:
        for old in Path(env["CADENCE_DATA_DIR"]).glob("*.sqlite3*"):
            old.unlink()
    subprocess.run([*cadence, "migrate", "--verbosity", "0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*cadence, "seed", "--employees", str(size), "--seed", str(args.seed)], env=env, check=True
    )
    print(f"\n== {size:,} people: seeded in {time.perf_counter() - started:.0f} s")
    marker.touch()


def run_in_child(size: int, args: argparse.Namespace) -> dict[str, Any]:
    env = _environment(size, args)
    _seed_if_needed(size, args, env)
    out = Path(env["CADENCE_DATA_DIR"]) / "results.json"
    command = [sys.executable, __file__, "--child", str(size), "--out", str(out),
               "--repeat", str(args.repeat), "--only", *args.only]  # fmt: skip
    subprocess.run(command, env=env, check=True)
    return json.loads(out.read_text())


def print_growth(results: dict[int, dict[str, Any]]) -> None:
    if len(results) < 2:
        return
    small, large = min(results), max(results)
    print(f"\n== Growth from {small:,} to {large:,} people (queries that change, responses {GROWTH}x larger)")
    flagged = 0
    for key, row in results[large]["routes"].items():
        before = results[small]["routes"].get(key)
        if before is None:
            continue
        grew_queries = row["queries"] != before["queries"]
        grew_bytes = row["bytes"] > GROWTH * max(before["bytes"], 1)
        if grew_queries or grew_bytes:
            flagged += 1
            print(f"{key:<70} queries {before['queries']:>3} -> {row['queries']:<3} "
                  f"KB {before['bytes'] / 1024:>7.1f} -> {row['bytes'] / 1024:.1f}")  # fmt: skip
    print("none" if not flagged else f"{flagged} flagged")


# --- The child: servers, actors, routes ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(app: str, cwd: Path) -> tuple[subprocess.Popen, str]:
    from cadence.config.cli import gunicorn_argv

    port = _free_port()
    quiet = {
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
    }  # access log and worker start-up lines
    server = subprocess.Popen(gunicorn_argv(app, "127.0.0.1", port), cwd=cwd, **quiet)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{app} did not start")


def _worker_rss_mb(master: int) -> float:
    """Resident memory of the gunicorn workers (the master's children), from /proc."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def run_one(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 404s of routes not timed
    import httpx

    import targets

    cadence, cadence_url = _start("cadence.config.wsgi:application", ROOT)
    bare, bare_url = _start("bare_app:application", Path(__file__).parent)
    results: dict[str, Any] = {"routes": {}}
    try:
        with httpx.Client(timeout=60) as http:
            for actor_name, actor, subject in targets.actors():
                below = targets.chain_size(subject)
                print(f"\n== {args.child:,} people on {connection.vendor}, as {actor_name} ({actor.email}); "
                      f"subject: {subject.full_name}, {below:,} people below")  # fmt: skip
                rows = _time_actor(http, (cadence_url, bare_url), actor, subject, args)
                results["routes"].update({f"{actor_name} {label}": row for label, row in rows.items()})
        print(f"\nweb workers' resident memory at the end: {_worker_rss_mb(cadence.pid):,.0f} MB")
    finally:
        for server in (cadence, bare):
            server.terminate()
            server.wait(timeout=10)
    Path(args.out).write_text(json.dumps(results))


def _time_actor(http: Any, urls: tuple[str, str], actor: Any, subject: Any, args: argparse.Namespace) -> dict:
    import targets

    print(f"{'route':<62} {'queries':>7} {'KB':>7} {'median ms':>10} {'p95 ms':>8} {'x bare':>7}")
    cookies = targets.session_cookies(actor)
    rows, skipped = {}, []
    for label, path in targets.requests_for(actor, subject, args.only):
        row = _measure(http, *urls, path, cookies, actor, args.repeat)
        if row is None:
            skipped.append(label)
            continue
        rows[label] = row
        print(f"{label:<62} {row['queries']:>7} {row['bytes'] / 1024:>7.1f} {row['median']:>10.1f} "
              f"{row['p95']:>8.1f} {row['x_bare']:>7.1f}")  # fmt: skip
    if skipped:
        print(f"not 200 on GET, not timed ({len(skipped)}): {', '.join(skipped)}")
    return rows


# An htmx fragment (e.g. the org chart's children) redirects a plain request to its page: try both.
HEADER_VARIANTS: tuple[dict[str, str], ...] = ({}, {"HX-Request": "true"})


def _measure(
    http: Any, cadence_url: str, bare_url: str, path: str, cookies: dict[str, str], actor: Any, repeat: int
) -> dict[str, float] | None:
    for headers in HEADER_VARIANTS:
        queries, size, status = _queries_and_size(path, headers, actor)
        if status == 200:
            break
    else:
        return None
    request: Callable[[], Any] = lambda: http.get(cadence_url + path, headers=headers, cookies=cookies)  # noqa: E731
    request()  # warm-up: each worker's first use of a template or cache
    timings, bare_timings = [], []
    for _ in range(repeat):
        timings.append(_timed(request))
        bare_timings.append(_timed(lambda: http.get(bare_url)))
    median, bare_median = statistics.median(timings), statistics.median(bare_timings)
    return {
        "queries": queries,
        "bytes": size,
        "median": median,
        "p95": _p95(timings),
        "bare_median": bare_median,
        "x_bare": median / bare_median,
    }


def _timed(request: Callable[[], Any]) -> float:
    started = time.perf_counter()
    response = request()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{response.request.url} answered {response.status_code} over HTTP")
    return elapsed


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else timings[0]


def _queries_and_size(path: str, headers: dict[str, str], actor: Any) -> tuple[int, int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    client.force_login(actor)
    client.get(path, headers=headers)  # warm-up, as over HTTP
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(captured), len(body), response.status_code


if __name__ == "__main__":
    main()
