"""A real `cadence worker` process killed with SIGKILL in the middle of an email batch, sending to a
slow local SMTP sink, on SQLite and PostgreSQL. Reproduces: the emails being sent were marked emailed
before the send and never sent, and the batch task stayed RUNNING forever. After the leases and the
task's run time expire, the tick and a second worker send everything that was not sent."""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cadence.config import tick as tick_module
from cadence.notifications import services
from cadence.notifications.models import Notification
from cadence.notifications.tasks import send_notification_emails

EMAILS = 12
SECONDS_PER_EMAIL = 0.3


class SlowSMTPSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend; records each message's subject once it has the data,
    then waits before accepting it (a slow mail server)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.subjects: list[str] = []


class SMTPHandler(socketserver.StreamRequestHandler):
    server: SlowSMTPSink

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("DATA"):
                self.reply("354 go on")
                self.receive_message()
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:  # EHLO, MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")

    def receive_message(self) -> None:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line.decode())
        subject = next(line for line in lines if line.startswith("Subject:"))
        self.server.subjects.append(subject.removeprefix("Subject:").strip())
        time.sleep(SECONDS_PER_EMAIL)
        self.reply("250 queued")


@pytest.fixture
def sink() -> Iterator[SlowSMTPSink]:
    server = SlowSMTPSink()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(sink: SlowSMTPSink) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CADENCE_EMAIL_HOST": "127.0.0.1",
        "CADENCE_EMAIL_PORT": str(sink.server_address[1]),
        "CADENCE_EMAIL_USE_TLS": "0",
        "CADENCE_TICK_SECONDS": "3600",  # this test runs the tick itself
    }
    env.pop("CADENCE_TASK_BACKEND", None)
    return subprocess.Popen([sys.executable, "-m", "cadence.config.cli", "worker"], env=env)


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_no_email(
    org: Any, settings: Any, sink: SlowSMTPSink, monkeypatch: Any
) -> None:
    # The tick's recovery jobs only: the reminder jobs would add emails of their own on their due days.
    monkeypatch.setattr(tick_module, "TICK_JOBS", tick_module.TICK_JOBS[:2])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    notifications = [
        services.notify(recipient=org.report.user, kind="test", event_key=f"crash:{i}", title=f"Item {i}")
        for i in range(EMAILS)
    ]
    DBTaskResult.objects.all().delete()  # the per-notification tasks: the batch below stands for them
    send_notification_emails.enqueue([n.pk for n in notifications])

    first = _start_worker(sink)
    try:
        _wait_for(lambda: len(sink.subjects) >= 4)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    unsent = Notification.objects.filter(emailed_at__isnull=True)
    assert unsent.exists(), "the worker was killed mid-batch"
    assert DBTaskResult.objects.running().count() == 1

    # Time passes: the dead worker's email lease and its task's run time expire.
    expired = timezone.now() - services.EMAIL_LEASE - tick_module.TASK_RUN_TIMEOUT
    Notification.objects.update(created_at=expired)
    Notification.objects.exclude(email_claimed_at=None).update(email_claimed_at=expired)
    DBTaskResult.objects.running().update(started_at=expired)
    result = tick_module.tick.call()
    assert result["requeue_stuck_tasks"] == 1
    assert result["resend_email_backlog"] == unsent.count()

    second = _start_worker(sink)
    try:
        _wait_for(lambda: not unsent.exists())
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait()
    # Every email arrived; the one in flight when the worker died may have arrived twice.
    assert sorted(set(sink.subjects)) == sorted(f"[Cadence] Item {i}" for i in range(EMAILS))
    assert len(sink.subjects) <= EMAILS + 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 0
