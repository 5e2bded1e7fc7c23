"""The `cadence` command: serve, worker, demo, seed, createtoken, and every Django management command."""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.config.settings")
    import django

    django.setup()


def serve(port: int, host: str) -> None:
    """gunicorn in front of the WSGI app; the same server as in production."""
    argv = gunicorn_argv("cadence.config.wsgi:application", host, port)
    os.execvp(argv[0], argv)


def gunicorn_argv(app: str, host: str, port: int) -> list[str]:
    """How Cadence is served; benchmarks/pages.py serves its bare reference app the same way."""
    workers = os.environ.get("CADENCE_WEB_WORKERS", "2")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]


TICK_WAKE_MARGIN = 0.01  # seconds


def tick_forever(every: float, stop: threading.Event) -> None:
    """At the start of every period, enqueue the tick unless another worker did (config/tick.py)."""
    from django.db import close_old_connections

    from cadence.config.tick import enqueue_tick_for_period

    while not stop.is_set():
        try:
            enqueue_tick_for_period(every)
        except Exception as exc:  # the database may be briefly unavailable; try again next time
            print(f"tick: {exc}", file=sys.stderr)
        finally:
            close_old_connections()
        # Wake just after the next period starts, as the other workers do (a timer may fire early).
        stop.wait(every - time.time() % every + TICK_WAKE_MARGIN)


def worker() -> None:
    """Run queued tasks, and enqueue the periodic tick."""
    from django.conf import settings
    from django.core.management import call_command

    stop = threading.Event()
    threading.Thread(target=tick_forever, args=(settings.CADENCE_TICK_SECONDS, stop), daemon=True).start()
    try:
        call_command("db_worker", "--queue-name", "default", "--interval", "1")
    finally:
        stop.set()


def demo_base_url(host: str, port: int) -> str:
    """The address a browser on this machine opens: a wildcard bind is reached on 127.0.0.1."""
    reachable = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    return f"http://{reachable}:{port}"


def demo(port: int, host: str) -> None:
    """What `make run` does: migrate, seed the demo organisation once, run a worker and serve."""
    from django.core.management import call_command

    from cadence.config.demo import seed_demo_organisation

    call_command("migrate", "--no-input", verbosity=0)
    logins = seed_demo_organisation()
    # The worker's emails and the server's calendar files link to where the demo is served.
    os.environ.setdefault("CADENCE_BASE_URL", demo_base_url(host, port))
    worker_process = subprocess.Popen([sys.executable, "-m", "cadence.config.cli", "worker"])
    print(f"\nCadence is running on http://{host}:{port}  (Ctrl-C stops it)\n\nDemo logins:")
    for login in logins:
        print(f"  {login.role:<10} {login.email:<26} password: {login.password}")
    print()
    server = subprocess.Popen(
        [sys.executable, "-m", "cadence.config.cli", "serve", "--port", str(port), "--host", host]
    )
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in (server, worker_process):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (server, worker_process):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def seed(employees: int, seed_value: int, now: str | None = None) -> None:
    """An organisation of `employees` people with a year of activity in every module (docs/seeding.md)."""
    import datetime

    from cadence.config.seeding import seed_scale

    until = datetime.datetime.fromisoformat(now) if now else None
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=datetime.UTC)
    started = time.perf_counter()
    result = seed_scale(employees=employees, seed=seed_value, now=until)
    print(f"Seeded {employees:,} people with a year of activity (seed {seed_value}):")
    print("\n".join(result.lines()))
    print(f"Done in {time.perf_counter() - started:.1f}s")


def createtoken(email: str, name: str) -> None:
    from cadence.core.models import User
    from cadence.core.services import api_token_create

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        sys.exit(f"No active user with email {email}.")
    _token, raw = api_token_create(actor=user, user=user, name=name)
    print(raw)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="cadence", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    for name in ("serve", "demo"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    sub.add_parser("worker")
    p = sub.add_parser("seed")
    p.add_argument("--employees", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--now", help="when the year of history ends (ISO date-time, UTC unless given)")
    p = sub.add_parser("createtoken")
    p.add_argument("email")
    p.add_argument("--name", default="command line")
    known = {"serve", "demo", "worker", "seed", "createtoken"}
    if not argv or argv[0] not in known | {"-h", "--help"}:
        _setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["cadence", *argv])
        return
    args = parser.parse_args(argv)
    _setup()
    if args.command == "serve":
        serve(args.port, args.host)
    elif args.command == "demo":
        demo(args.port, args.host)
    elif args.command == "worker":
        worker()
    elif args.command == "seed":
        seed(args.employees, args.seed, args.now)
    elif args.command == "createtoken":
        createtoken(args.email, args.name)


if __name__ == "__main__":
    main()
