import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.checkins import selectors, services
from cadence.checkins.models import CheckIn, CheckInPriority
from cadence.checkins.periods import period_start_for
from cadence.core.errors import Conflict
from cadence.notifications.models import Notification
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def _notes(person, kind):
    return Notification.objects.filter(recipient=person.user, kind=kind)


def _submit(person, check_in, **kwargs):
    defaults = {"mood": 4, "answers": {}, "questions": []}
    return services.checkin_submit(actor=person.user, check_in=check_in, **(defaults | kwargs))


def test_check_in_carries_priorities_forward(org):
    today = datetime.date(2026, 3, 4)
    first = services.checkin_open_current(actor=org.report.user, today=today - datetime.timedelta(weeks=1))
    _submit(org.report, first, new_priorities=["Ship import", "Write docs", ""])
    second = services.checkin_open_current(actor=org.report.user, today=today)
    previous = selectors.previous_open_priorities(second)
    assert [p.text for p in previous] == ["Ship import", "Write docs"]
    _submit(
        org.report,
        second,
        carried={previous[0].pk: "done", previous[1].pk: "carried"},
        new_priorities=["Demo"],
    )
    assert list(second.priorities.values_list("text", "status")) == [("Write docs", "open"), ("Demo", "open")]
    assert CheckInPriority.objects.get(pk=previous[0].pk).status == "done"
    assert (
        _notes(org.manager, "checkin_submitted").get(event_key=f"checkin:{second.pk}:review").requires_action
    )


def test_check_in_validation_and_single_submission(org):
    check_in = services.checkin_open_current(actor=org.report.user)
    with pytest.raises(ValidationError) as exc:
        _submit(org.report, check_in, mood=9)
    assert "mood" in exc.value.message_dict
    _submit(org.report, check_in)
    with pytest.raises(Conflict):
        _submit(org.report, check_in)


def test_review_is_for_the_manager_chain_and_resolves_the_todo(org):
    check_in = _submit(org.report, services.checkin_open_current(actor=org.report.user))
    for outsider in (org.report2, org.hr, org.report):
        with pytest.raises(PermissionDenied):
            services.checkin_mark_reviewed(actor=outsider.user, check_in=check_in)
    services.checkin_mark_reviewed(actor=org.ceo.user, check_in=check_in)
    assert check_in.reviewed_by == org.ceo
    assert _notes(org.manager, "checkin_submitted").get().resolved_at is not None


def test_skip_while_on_leave(org):
    check_in = services.checkin_open_current(actor=org.report.user)
    services.checkin_skip(actor=org.report.user, check_in=check_in, reason="On leave")
    assert check_in.status == CheckIn.Status.SKIPPED


def test_due_reminders_are_created_once_and_resolved_on_submit(org):
    friday = datetime.date(2026, 3, 6)
    assert services.checkin_remind_due(today=friday - datetime.timedelta(days=1)) == 0  # not due yet
    reminded = services.checkin_remind_due(today=friday)
    active = 7  # everyone active with a login
    assert reminded == active
    assert services.checkin_remind_due(today=friday) == 0
    todo = _notes(org.report, "checkin_due").get()
    check_in = CheckIn.objects.get(author=org.report, period_start=datetime.date(2026, 3, 2))
    _submit(org.report, check_in)
    todo.refresh_from_db()
    assert todo.resolved_at is not None


def test_fortnightly_cadence_per_department(org):
    services.checkin_cadence_set(actor=org.hr.user, every_weeks=2, department=org.engineering)
    assert selectors.cadence_weeks_for(org.report) == 2
    assert selectors.cadence_weeks_for(org.other) == 1
    start = period_start_for(datetime.date(2026, 3, 11), 2)
    assert start.weekday() == 0 and (datetime.date(2026, 3, 11) - start).days < 14
    with pytest.raises(PermissionDenied):
        services.checkin_cadence_set(actor=org.manager.user, every_weeks=1)


def test_a_comment_on_a_check_in_notifies_its_author_only_when_someone_else_writes(org):
    check_in = f.submitted_check_in(org.report)
    services.checkin_comment(actor=org.report.user, check_in=check_in, body="Added a note")
    assert not _notes(org.report, "checkin_comment").exists()
    services.checkin_comment(actor=org.manager.user, check_in=check_in, body="Well done")
    assert _notes(org.report, "checkin_comment").count() == 1


def test_a_deactivated_login_gets_no_notifications(org):
    check_in = f.submitted_check_in(org.report)
    org.report.user.is_active = False
    org.report.user.save(update_fields=["is_active"])
    services.checkin_comment(actor=org.manager.user, check_in=check_in, body="Well done")
    assert not Notification.objects.filter(recipient=org.report.user).exists()


def test_due_reminders_load_authors_and_logins_with_their_check_ins(org):
    """However many check-ins are due, the tick reads people and logins in a fixed number of queries."""

    def reads_of_people(day):
        with CaptureQueriesContext(connection) as ctx:
            services.checkin_remind_due(today=day)
        tables = ('FROM "people_employee"', 'FROM "core_user"')
        return sum(
            q["sql"].startswith("SELECT") and any(t in q["sql"] for t in tables) for q in ctx.captured_queries
        )

    friday = datetime.date(2026, 3, 6)
    EmployeeFactory.create_batch(5, manager=org.manager)
    small = reads_of_people(friday)
    EmployeeFactory.create_batch(45, manager=org.manager)
    assert reads_of_people(friday + datetime.timedelta(weeks=1)) == small
