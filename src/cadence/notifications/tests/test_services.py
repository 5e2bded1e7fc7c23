"""Notifications and to-dos: one per event and person, the email sent after commit exactly once,
retried by the tick, shown on the home page, the notifications page and the API, in a fixed number
of queries."""

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cadence.config.tick import tick
from cadence.core.i18n import gettext_deferred
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.notifications import services
from cadence.notifications.models import Notification
from cadence.notifications.services import Notice, notification_email_send, notify, todo_resolve
from cadence.notifications.tasks import send_notification_email
from cadence.people.testing import EmployeeFactory, Org

FIELDS = {
    "id",
    "kind",
    "title",
    "body",
    "url",
    "requires_action",
    "due_at",
    "created_at",
    "read_at",
    "resolved_at",
}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Tasks run inline, so an email is sent when its on-commit callback runs."""
    settings.TASKS = IMMEDIATE
    settings.BASE_URL = "https://cadence.example"


def _notify(org: Org, key: str = "review:1", **kwargs: Any) -> Notification:
    defaults = {
        "recipient": org.report.user,
        "kind": "review",
        "event_key": key,
        "title": "Write your review",
    }
    return notify(**{**defaults, **kwargs})


# --- notify -----------------------------------------------------------------------------------------


def test_notify_once_per_recipient_and_event(
    org: Org, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(org, body="Due Friday", url="/reviews/1/")
        again = _notify(org, title="A different title")
        other = _notify(org, recipient=org.report2.user)
    assert again.pk == first.pk and again.title == "Write your review"  # the first one stands
    assert other.pk != first.pk
    assert Notification.objects.count() == 2
    assert Notification.objects.filter(recipient=org.report.user, event_key="review:1").count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([org.report.email, org.report2.email])


def test_email_is_sent_after_commit_exactly_once(
    org: Org, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _notify(org, body="Due Friday", url="/reviews/1/")
        _notify(org)  # the same event again: no second email
        assert mailoutbox == []  # nothing before commit
    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [org.report.email]
    assert message.subject == "[Cadence] Write your review"
    assert "Due Friday" in message.body
    assert "https://cadence.example/reviews/1/" in message.body
    assert org.report.first_name in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None

    # The task runs again (a retry, a second worker): still one email.
    send_notification_email.enqueue(notification.pk)
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    org: Org, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    class Boom(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom), transaction.atomic():
        _notify(org)
        raise Boom
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_no_email_when_not_wanted_or_recipient_inactive(
    org: Org, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        quiet = _notify(org, email=False)
        gone = _notify(org, recipient=org.gone.user)
    assert callbacks == []
    assert mailoutbox == []
    assert not quiet.send_email and not gone.send_email
    assert notification_email_send(notification_id=quiet.pk) is False


def _make_due(notification: Notification) -> None:
    """Move the clock past the notification's retry time and the tick's grace period."""
    long_ago = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(pk=notification.pk).update(email_next_try_at=long_ago, created_at=long_ago)


def test_a_poison_email_is_retried_with_growing_delays_then_given_up(
    org: Org, monkeypatch: pytest.MonkeyPatch, mailoutbox: list, caplog: pytest.LogCaptureFixture
) -> None:
    poison = _notify(org, key="poison")  # no commit callbacks run: the emails are still to send
    fine = _notify(org, key="fine", recipient=org.report2.user)

    def broken_for_poison(**kwargs: Any) -> None:
        if kwargs["recipient_list"] == [org.report.email]:
            raise ConnectionRefusedError("SMTP server refuses it")
        mail.send_mail(**kwargs)

    monkeypatch.setattr(services, "send_mail", broken_for_poison)
    # The failing one does not block the other in the batch.
    assert services.notification_emails_send(notification_ids=[poison.pk, fine.pk]) == 1
    assert [m.to for m in mailoutbox] == [[org.report2.email]]

    delays = []
    for attempt in range(1, services.EMAIL_MAX_ATTEMPTS + 1):
        poison.refresh_from_db()
        assert poison.email_attempts == attempt and poison.email_claimed_at is None
        if attempt == services.EMAIL_MAX_ATTEMPTS:
            break
        delays.append(poison.email_next_try_at - timezone.now())
        # Not before its next try: neither the task nor the tick's backlog takes it.
        assert notification_email_send(notification_id=poison.pk) is False
        Notification.objects.filter(pk=poison.pk).update(created_at=timezone.now() - timedelta(hours=1))
        assert tick.call()["resend_email_backlog"] == 0
        _make_due(poison)
        assert tick.call()["resend_email_backlog"] == 1  # retried, failed again
    assert all(later > earlier * 1.9 for earlier, later in itertools.pairwise(delays))
    assert delays[0] >= services.EMAIL_RETRY_DELAY - timedelta(seconds=5)

    assert poison.email_failed_at is not None and poison.emailed_at is None
    assert "giving up" in caplog.text
    _make_due(poison)
    assert tick.call()["resend_email_backlog"] == 0  # failed for good: no more tries
    monkeypatch.undo()
    assert notification_email_send(notification_id=poison.pk) is False
    assert len(mailoutbox) == 1


def test_a_run_that_dies_after_claiming_leaves_the_email_to_the_next_run(org: Org, mailoutbox: list) -> None:
    notification = _notify(org)
    # A worker claims the email and is killed before it sends: the row is leased, not emailed.
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=timezone.now(), email_attempts=1)
    assert notification_email_send(notification_id=notification.pk) is False  # the lease still holds
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert tick.call()["resend_email_backlog"] == 0
    assert mailoutbox == []

    expired = timezone.now() - services.EMAIL_LEASE - timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=expired)
    assert tick.call()["resend_email_backlog"] == 1
    assert [m.to for m in mailoutbox] == [[org.report.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_claimed_at is None
    assert notification.email_attempts == 2
    assert tick.call()["resend_email_backlog"] == 0  # sent: not again
    assert len(mailoutbox) == 1


def test_an_email_whose_every_attempt_died_mid_send_is_given_up(org: Org, mailoutbox: list) -> None:
    """A worker that crashes on one email (killed, out of memory) never records the failure; the
    attempts its claims counted still end the retries, so it cannot crash-loop the worker forever."""
    notification = _notify(org)
    expired = timezone.now() - services.EMAIL_LEASE - timedelta(seconds=1)
    for attempt in range(1, services.EMAIL_MAX_ATTEMPTS + 1):
        # A run claims it (counting the attempt) and dies before sending: the lease then expires.
        Notification.objects.filter(pk=notification.pk).update(
            email_claimed_at=expired, email_attempts=attempt, created_at=expired - timedelta(hours=1)
        )
        if attempt < services.EMAIL_MAX_ATTEMPTS:
            assert notification.pk in services.notification_email_backlog()
    assert tick.call()["resend_email_backlog"] == 0
    notification.refresh_from_db()
    assert notification.email_failed_at is not None and notification.email_claimed_at is None
    assert notification_email_send(notification_id=notification.pk) is False
    assert mailoutbox == []


def test_a_send_that_finds_the_attempts_spent_gives_up_instead_of_sending(org: Org, mailoutbox: list) -> None:
    notification = _notify(org)
    mailoutbox.clear()
    expired = timezone.now() - services.EMAIL_LEASE - timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(
        emailed_at=None, email_claimed_at=expired, email_attempts=services.EMAIL_MAX_ATTEMPTS
    )
    assert notification_email_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_failed_at is not None
    assert mailoutbox == []


def test_the_tick_resends_old_unsent_emails(org: Org, mailoutbox: list) -> None:
    stale = _notify(org, key="old")
    fresh = _notify(org, key="new")  # its own task may still be on its way
    sent = _notify(org, key="sent")
    long_ago = timezone.now() - timedelta(minutes=30)
    Notification.objects.filter(pk__in=[stale.pk, sent.pk]).update(created_at=long_ago)
    Notification.objects.filter(pk=sent.pk).update(emailed_at=long_ago)

    result = tick.call()
    assert result["resend_email_backlog"] == 1
    assert [m.subject for m in mailoutbox] == ["[Cadence] Write your review"]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.emailed_at is not None and fresh.emailed_at is None

    # Running the tick again sends nothing more.
    assert tick.call()["resend_email_backlog"] == 0
    assert len(mailoutbox) == 1


# --- notify_many --------------------------------------------------------------------------------------


def _notices(recipients: list[Any], key: str = "digest:1") -> list[Notice]:
    return [
        Notice(
            recipient=user,
            kind="praise",
            event_key=key,
            title=gettext_deferred("%(name)s praised you") % {"name": "Ann"},
            url="/feedback/",
        )
        for user in recipients
    ]


def test_notify_many_writes_each_notice_once_in_its_recipients_language(
    org: Org, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    german = org.report2.user
    german.language = "de"
    german.save()
    people = [org.report.user, german, org.gone.user]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.notify_many(_notices(people)) == 3
        assert services.notify_many(_notices(people)) == 0  # idempotent, like notify
    assert len(callbacks) == 1  # one email task for the batch
    titles = dict(Notification.objects.values_list("recipient__email", "title"))
    assert titles[org.report.user.email] == "Ann praised you"
    assert titles[german.email] == "Ann hat Sie gelobt"
    # The inactive person gets the in-app row only; the other two get one email each.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([org.report.user.email, german.email])
    assert services.notify_many([]) == 0


def test_notify_many_runs_the_same_queries_for_5_and_50_recipients(
    org: Org, django_capture_on_commit_callbacks: Any
) -> None:
    people: list[Any] = []
    batches = itertools.count()

    def grow(n: int) -> None:
        people.extend(EmployeeFactory().user for _ in range(n))

    def notify_everyone() -> int:
        return services.notify_many(_notices(people, key=f"digest:{next(batches)}"))

    # the existing pairs, the insert, the new ids to email (the task is enqueued after commit)
    with django_capture_on_commit_callbacks(execute=False):
        assert_flat_queries(notify_everyone, grow, queries=3)


# --- To-dos on the home page ------------------------------------------------------------------------


def test_home_shows_todos_and_recent_notifications(org: Org) -> None:
    due = timezone.now() + timedelta(days=3)
    _notify(
        org, key="todo:1", title="Approve Rita's goals", requires_action=True, due_at=due, url="/goals/1/"
    )
    _notify(org, key="info:1", title="Sam praised you")
    _notify(
        org, key="todo:other", title="Someone else's job", recipient=org.report2.user, requires_action=True
    )

    response = client_for(org.report.user).get("/home/")
    assert response.status_code == 200
    assert [t.title for t in response.context["todos"]] == ["Approve Rita's goals"]
    assert [n.title for n in response.context["recent"]] == ["Sam praised you"]
    content = response.content.decode()
    assert "Approve Rita&#x27;s goals" in content and 'href="/goals/1/"' in content
    assert "Someone else" not in content
    assert f"due {timezone.localtime(due):%-d %b}" in content


def test_todo_resolve_takes_it_off_the_home_page(org: Org) -> None:
    _notify(org, key="todo:1", title="Write your self-review", requires_action=True)
    _notify(
        org, key="todo:1", title="Write your self-review", requires_action=True, recipient=org.report2.user
    )
    client = client_for(org.report.user)
    assert "Write your self-review" in client.get("/home/").content.decode()

    assert todo_resolve(recipient=org.report.user, event_key="todo:1") == 1
    response = client.get("/home/")
    assert list(response.context["todos"]) == []
    assert "Nothing needs you right now" in response.content.decode()
    resolved = Notification.objects.get(recipient=org.report.user)
    assert resolved.resolved_at is not None and resolved.read_at is not None
    # Idempotent, and only for that person.
    assert todo_resolve(recipient=org.report.user, event_key="todo:1") == 0
    assert Notification.objects.get(recipient=org.report2.user).resolved_at is None


# --- The notifications page -------------------------------------------------------------------------


def test_notifications_page_and_mark_all_read(org: Org) -> None:
    _notify(org, key="a", title="First")
    _notify(org, key="b", title="Second", requires_action=True)
    _notify(org, key="c", title="Not mine", recipient=org.report2.user)
    client = client_for(org.report.user)

    response = client.get("/notifications/")
    assert response.status_code == 200
    assert [n.title for n in response.context["page"]] == ["Second", "First"]
    assert response.context["unread_notifications"] == 2
    assert "(2 unread)" in response.content.decode()

    response = client.post("/notifications/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=org.report.user, read_at__isnull=True).exists()
    assert Notification.objects.get(title="Not mine").read_at is None
    response = client.get("/notifications/")
    assert response.context["unread_notifications"] == 0
    assert "unread)" not in response.content.decode()


def test_notifications_page_is_empty_for_a_newcomer(org: Org) -> None:
    response = client_for(org.loner).get("/notifications/")
    assert response.status_code == 200
    assert "No notifications yet." in response.content.decode()


# --- The API ----------------------------------------------------------------------------------------


def test_api_notifications_and_todos(org: Org) -> None:
    _notify(org, key="a", title="Info")
    _notify(org, key="b", title="Todo", requires_action=True, due_at=timezone.now() + timedelta(days=1))
    _notify(org, key="c", title="Done", requires_action=True)
    todo_resolve(recipient=org.report.user, event_key="c")
    _notify(org, key="d", title="Not mine", recipient=org.report2.user, requires_action=True)
    api = client_for(org.report.user)

    body = api.get("/api/v1/notifications").json()
    assert body["count"] == 3
    assert {n["title"] for n in body["items"]} == {"Info", "Todo", "Done"}
    item = next(n for n in body["items"] if n["title"] == "Todo")
    assert set(item) == FIELDS
    unread = api.get("/api/v1/notifications", {"unread": "true"}).json()
    assert {n["title"] for n in unread["items"]} == {"Info", "Todo"}  # resolving also reads
    page = api.get("/api/v1/notifications", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and len(page["items"]) == 1

    todos = api.get("/api/v1/todos").json()
    assert [t["title"] for t in todos["items"]] == ["Todo"]


def test_api_mark_read_one_or_all(org: Org) -> None:
    a = _notify(org, key="a")
    b = _notify(org, key="b")
    theirs = _notify(org, key="c", recipient=org.report2.user)
    api = client_for(org.report.user)

    response = api.post(f"/api/v1/notifications/read?notification_id={a.pk}")
    assert response.status_code == 200 and response.json() == {"marked": 1}
    assert Notification.objects.get(pk=a.pk).read_at is not None
    assert Notification.objects.get(pk=b.pk).read_at is None

    # Someone else's notification: nothing happens, nothing is revealed.
    assert api.post(f"/api/v1/notifications/read?notification_id={theirs.pk}").json() == {"marked": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None

    assert api.post("/api/v1/notifications/read").json() == {"marked": 1}
    assert api.post("/api/v1/notifications/read").json() == {"marked": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_api_needs_authentication(org: Org) -> None:
    anonymous = client_for(None)
    assert anonymous.get("/api/v1/notifications").status_code == 401
    assert anonymous.get("/api/v1/todos").status_code == 401
    assert anonymous.post("/api/v1/notifications/read").status_code == 401


# --- Query budgets ----------------------------------------------------------------------------------


# One sequence for every grower: a second grower in a test must add new events, not repeat keys.
_EVENTS = itertools.count()


def _grower(org: Org) -> Any:
    def grow(n: int) -> None:
        for _ in range(n):
            i = next(_EVENTS)
            _notify(org, key=f"event:{i}", title=f"Event {i}", requires_action=i % 2 == 0, url=f"/x/{i}/")

    return grow


@budget("home")
def test_home_page_query_budget(org: Org) -> None:
    client = client_for(org.report.user)
    # session, login, the to-dos, recent notifications, the person and whether they have active
    # reports (the manager check), the unread count
    assert_flat_queries(lambda: client.get("/home/"), _grower(org), queries=7)


@budget("notifications:list")
def test_notifications_page_query_budget(org: Org) -> None:
    client = client_for(org.report.user)
    # session, user, the count, the unread badge, the page
    assert_flat_queries(lambda: client.get("/notifications/"), _grower(org), queries=5)


@budget("GET /api/v1/notifications", "GET /api/v1/todos")
def test_notifications_api_query_budget(org: Org) -> None:
    client = client_for(org.report.user)
    # session, user, the count, the page (of the notifications, then of the open to-dos)
    assert_flat_queries(lambda: client.get("/api/v1/notifications"), _grower(org), queries=4)
    assert_flat_queries(lambda: client.get("/api/v1/todos"), _grower(org), queries=4)


def test_mail_outbox_is_empty_without_commit(org: Org) -> None:
    """Inside a transaction that never commits (a test, a rolled-back request) no email leaves."""
    _notify(org)
    assert mail.outbox == []
