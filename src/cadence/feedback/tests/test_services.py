import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadence.core.errors import Conflict
from cadence.feedback import check_ins, services
from cadence.feedback.coaching import feedback_coach
from cadence.feedback.models import CheckIn, CheckInPriority, Feedback, FeedbackRequest
from cadence.notifications.models import Notification
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def _notes(person, kind):
    return Notification.objects.filter(recipient=person.user, kind=kind)


# Praise


def test_praise_notifies_each_recipient_once(org):
    praise = f.praise(org.report, org.report2, org.other)
    assert set(praise.recipients.all()) == {org.report2, org.other}
    assert _notes(org.report2, "praise_received").count() == 1
    assert _notes(org.other, "praise_received").count() == 1


@pytest.mark.parametrize(
    ("recipients", "values", "message", "field"),
    [
        ([], True, "Hi", "recipients"),
        (["self"], True, "Hi", "recipients"),
        (["many"], True, "Hi", "recipients"),
        (["peer"], False, "Hi", "values"),
        (["peer"], True, "  ", "message"),
    ],
)
def test_praise_rejects_bad_input(org, recipients, values, message, field):
    people = {"self": [org.report], "many": [EmployeeFactory() for _ in range(11)], "peer": [org.report2]}
    chosen = [p for key in recipients for p in people[key]]
    with pytest.raises(ValidationError) as exc:
        services.praise_create(
            actor=org.report.user, recipients=chosen, values=[f.value()] if values else [], message=message
        )
    assert field in exc.value.message_dict


def test_praise_reaction_toggles(org):
    praise = f.praise(org.report, org.report2)
    assert services.praise_react(actor=org.manager.user, praise=praise, kind="clap") is True
    assert services.praise_react(actor=org.manager.user, praise=praise, kind="clap") is False
    with pytest.raises(ValidationError):
        services.praise_react(actor=org.manager.user, praise=praise, kind="nope")


# Feedback


def test_peer_feedback_is_protected_under_the_setting_and_stays_so(org):
    f.protect()
    fb = f.feedback(org.report2, org.report)
    assert fb.is_peer and fb.protected
    f.protect(False)
    fb.refresh_from_db()
    assert fb.protected  # never widened later


def test_manager_feedback_is_not_peer(org):
    f.protect()
    fb = f.feedback(org.manager, org.report, visibility="recipient_manager")
    assert not fb.is_peer and not fb.protected


def test_protected_peer_feedback_cannot_be_shown_to_the_manager(org):
    f.protect()
    with pytest.raises(ValidationError) as exc:
        f.feedback(org.report2, org.report, visibility="recipient_manager")
    assert "visibility" in exc.value.message_dict


def test_feedback_notifications_follow_visibility(org):
    fb = f.feedback(org.report2, org.report, visibility="manager")
    assert not _notes(org.report, "feedback_received").exists()
    assert _notes(org.manager, "feedback_about_report").filter(event_key=f"feedback:{fb.pk}:manager").exists()
    f.feedback(org.report2, org.report, visibility="recipient")
    assert _notes(org.report, "feedback_received").count() == 1
    assert _notes(org.manager, "feedback_about_report").count() == 1


def test_feedback_rejects_self_and_bad_visibility(org):
    with pytest.raises(ValidationError) as exc:
        services.feedback_give(actor=org.report.user, recipient=org.report, body="", visibility="everyone")
    assert set(exc.value.message_dict) == {"recipient", "body", "visibility"}


def test_outsider_cannot_give_feedback(org):
    with pytest.raises(PermissionDenied):
        services.feedback_give(actor=org.loner, recipient=org.report, body="x", visibility="recipient")


# Requests


def test_request_answer_resolves_the_todo_and_notifies_the_manager(org):
    (request,) = services.feedback_request_create(
        actor=org.manager.user, subject=org.report, respondents=[org.report2]
    )
    todo = _notes(org.report2, "feedback_requested").get()
    assert todo.requires_action and todo.resolved_at is None
    fb = services.feedback_request_answer(
        actor=org.report2.user,
        request=request,
        body="In the retro you listened well.",
        visibility="recipient_manager",
    )
    request.refresh_from_db()
    todo.refresh_from_db()
    assert (
        request.status == FeedbackRequest.Status.ANSWERED
        and fb.request == request
        and fb.recipient == org.report
    )
    assert todo.resolved_at is not None
    assert _notes(org.manager, "feedback_request_answered").count() == 1
    with pytest.raises(Conflict):  # already answered
        services.feedback_request_decline(actor=org.report2.user, request=request)


def test_request_decline_and_who_may_ask(org):
    (request,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.other]
    )
    services.feedback_request_decline(actor=org.other.user, request=request, reason="On leave")
    assert _notes(org.other, "feedback_requested").get().resolved_at is not None
    assert _notes(org.report, "feedback_request_declined").count() == 1
    with pytest.raises(ValidationError):  # a peer is not their manager
        services.feedback_request_create(actor=org.report2.user, subject=org.report, respondents=[org.other])
    with pytest.raises(ValidationError):
        services.feedback_request_create(actor=org.report.user, subject=org.report, respondents=[org.report])


def test_reminder_after_three_business_days_once(org):
    (request,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.other]
    )
    friday = timezone.make_aware(datetime.datetime(2026, 3, 6, 10))  # a Friday
    FeedbackRequest.objects.filter(pk=request.pk).update(created_at=friday)
    assert services.feedback_request_remind(now=friday + datetime.timedelta(days=4)) == 0  # Tuesday: 2 days
    assert services.feedback_request_remind(now=friday + datetime.timedelta(days=5)) == 1  # Wednesday: 3 days
    assert services.feedback_request_remind(now=friday + datetime.timedelta(days=6)) == 0
    assert _notes(org.other, "feedback_request_reminder").count() == 1


# Check-ins


def _submit(person, check_in, **kwargs):
    defaults = {"mood": 4, "answers": {}, "questions": []}
    return check_ins.checkin_submit(actor=person.user, check_in=check_in, **(defaults | kwargs))


def test_check_in_carries_priorities_forward(org):
    today = datetime.date(2026, 3, 4)
    first = check_ins.checkin_open_current(actor=org.report.user, today=today - datetime.timedelta(weeks=1))
    _submit(org.report, first, new_priorities=["Ship import", "Write docs", ""])
    second = check_ins.checkin_open_current(actor=org.report.user, today=today)
    previous = check_ins.previous_open_priorities(second)
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
    check_in = check_ins.checkin_open_current(actor=org.report.user)
    with pytest.raises(ValidationError) as exc:
        _submit(org.report, check_in, mood=9)
    assert "mood" in exc.value.message_dict
    _submit(org.report, check_in)
    with pytest.raises(Conflict):
        _submit(org.report, check_in)


def test_review_is_for_the_manager_chain_and_resolves_the_todo(org):
    check_in = _submit(org.report, check_ins.checkin_open_current(actor=org.report.user))
    for outsider in (org.report2, org.hr, org.report):
        with pytest.raises(PermissionDenied):
            check_ins.checkin_mark_reviewed(actor=outsider.user, check_in=check_in)
    check_ins.checkin_mark_reviewed(actor=org.ceo.user, check_in=check_in)
    assert check_in.reviewed_by == org.ceo
    assert _notes(org.manager, "checkin_submitted").get().resolved_at is not None


def test_skip_while_on_leave(org):
    check_in = check_ins.checkin_open_current(actor=org.report.user)
    check_ins.checkin_skip(actor=org.report.user, check_in=check_in, reason="On leave")
    assert check_in.status == CheckIn.Status.SKIPPED


def test_due_reminders_are_created_once_and_resolved_on_submit(org):
    friday = datetime.date(2026, 3, 6)
    assert check_ins.checkin_remind_due(today=friday - datetime.timedelta(days=1)) == 0  # not due yet
    reminded = check_ins.checkin_remind_due(today=friday)
    active = 7  # everyone active with a login
    assert reminded == active
    assert check_ins.checkin_remind_due(today=friday) == 0
    todo = _notes(org.report, "checkin_due").get()
    check_in = CheckIn.objects.get(author=org.report, period_start=datetime.date(2026, 3, 2))
    _submit(org.report, check_in)
    todo.refresh_from_db()
    assert todo.resolved_at is not None


def test_fortnightly_cadence_per_department(org):
    check_ins.checkin_cadence_set(actor=org.hr.user, every_weeks=2, department=org.engineering)
    assert check_ins.cadence_weeks_for(org.report) == 2
    assert check_ins.cadence_weeks_for(org.other) == 1
    start = check_ins.period_start_for(datetime.date(2026, 3, 11), 2)
    assert start.weekday() == 0 and (datetime.date(2026, 3, 11) - start).days < 14
    with pytest.raises(PermissionDenied):
        check_ins.checkin_cadence_set(actor=org.manager.user, every_weeks=1)


# Coaching


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Good job", ["vague"]),
        ("You are lazy and you never listen to anyone on this team at all.", ["vague", "personal"]),
        (
            "In yesterday's meeting you interrupted Sam three times: awful, rude, made him furious.",
            ["negative"],
        ),
        ("In Tuesday's demo you explained the import step by step and the customer signed the contract.", []),
        ("", []),
    ],
)
def test_coaching(text, codes):
    assert feedback_coach(text).codes == codes


def test_feedback_str_never_contains_the_body(org):
    fb = f.feedback(org.report2, org.report, body="Very secret words")
    assert "secret" not in str(fb)
    assert isinstance(fb, Feedback)


def test_company_values_need_distinct_names(org):
    services.company_value_create(actor=org.hr.user, name="Own it")
    services.company_value_create(actor=org.hr.user, name="Be kind")
    with pytest.raises(ValidationError) as exc:
        services.company_value_create(actor=org.hr.user, name="own IT")
    assert "name" in exc.value.message_dict


def test_a_comment_on_a_check_in_notifies_its_author_only_when_someone_else_writes(org):
    check_in = f.submitted_check_in(org.report)
    check_ins.checkin_comment(actor=org.report.user, check_in=check_in, body="Added a note")
    assert not _notes(org.report, "checkin_comment").exists()
    check_ins.checkin_comment(actor=org.manager.user, check_in=check_in, body="Well done")
    assert _notes(org.report, "checkin_comment").count() == 1


def test_a_deactivated_login_gets_no_notifications(org):
    check_in = f.submitted_check_in(org.report)
    org.report.user.is_active = False
    org.report.user.save(update_fields=["is_active"])
    check_ins.checkin_comment(actor=org.manager.user, check_in=check_in, body="Well done")
    assert not Notification.objects.filter(recipient=org.report.user).exists()


def test_due_reminders_load_authors_and_logins_with_their_check_ins(org):
    """However many check-ins are due, the tick reads people and logins in a fixed number of queries."""

    def reads_of_people(day):
        with CaptureQueriesContext(connection) as ctx:
            check_ins.checkin_remind_due(today=day)
        tables = ('FROM "people_employee"', 'FROM "core_user"')
        return sum(
            q["sql"].startswith("SELECT") and any(t in q["sql"] for t in tables) for q in ctx.captured_queries
        )

    friday = datetime.date(2026, 3, 6)
    EmployeeFactory.create_batch(5, manager=org.manager)
    small = reads_of_people(friday)
    EmployeeFactory.create_batch(45, manager=org.manager)
    assert reads_of_people(friday + datetime.timedelta(weeks=1)) == small
