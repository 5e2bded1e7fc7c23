import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cadence.core.models import AuditEvent
from cadence.core.testing import saved_version
from cadence.meetings import calendar_feed, reminders, scheduling, selectors, services
from cadence.meetings.action_items import action_item_add, action_item_update
from cadence.meetings.agenda_templates import (
    agenda_template_create,
    agenda_template_delete,
    agenda_template_update,
)
from cadence.meetings.models import DEFAULT_TEMPLATE_POINTS, ActionItem, AgendaTemplate, Meeting, Series
from cadence.notifications.models import Notification
from cadence.notifications.selectors import todo_list

from .factories import make_series, upcoming

pytestmark = pytest.mark.django_db


def _soon(days: int = 3, hour: int = 10) -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def test_create_series_starts_with_the_default_agenda_and_tells_the_other_person(org):
    series = services.series_create(
        actor=org.manager.user, employee=org.report, cadence="biweekly", first_meeting_at=_soon()
    )
    meeting = upcoming(series)
    assert [p.text for p in meeting.talking_points.all()] == [str(p) for p in DEFAULT_TEMPLATE_POINTS]
    assert {p.author_id for p in meeting.talking_points.all()} == {org.report.pk}
    assert Notification.objects.filter(recipient=org.report.user, kind="meetings.series_created").count() == 1
    assert AuditEvent.objects.filter(action="one_on_one.create").count() == 1


def test_a_template_replaces_the_default_questions(org):
    template = agenda_template_create(actor=org.manager.user, name="Short", points=["Blockers", "Wins"])
    series = services.series_create(
        actor=org.manager.user, employee=org.report, first_meeting_at=_soon(), template=template
    )
    assert [p.text for p in upcoming(series).talking_points.all()] == ["Blockers", "Wins"]


def test_an_employee_can_ask_their_manager_for_a_1_1(org):
    series = services.series_create(
        actor=org.report.user, employee=org.report, manager=org.manager, first_meeting_at=_soon()
    )
    assert (series.manager, series.employee) == (org.manager, org.report)


@pytest.mark.parametrize(
    ("who", "error"),
    [("hr", PermissionDenied), ("same", ValidationError), ("gone", ValidationError)],
)
def test_series_create_rejects_bad_pairs(org, who, error):
    actor, manager, employee = {
        "hr": (org.hr.user, org.manager, org.report),  # HR cannot set up 1:1s between other people
        "same": (org.manager.user, None, org.manager),
        "gone": (org.other.user, None, org.gone),
    }[who]
    with pytest.raises(error):
        services.series_create(actor=actor, manager=manager, employee=employee, first_meeting_at=_soon())
    assert not Series.objects.exists()


def test_one_running_series_per_pair(org):
    services.series_create(actor=org.manager.user, employee=org.report, first_meeting_at=_soon())
    with pytest.raises(ValidationError) as exc:
        services.series_create(actor=org.manager.user, employee=org.report, first_meeting_at=_soon(5))
    assert "employee" in exc.value.message_dict


def test_completing_carries_undiscussed_points_and_creates_the_next_meeting_once(org):
    series = services.series_create(actor=org.manager.user, employee=org.report, first_meeting_at=_soon())
    meeting = upcoming(series)
    mine = services.talking_point_add(actor=org.report.user, meeting=meeting, text="Conference budget")
    theirs = services.talking_point_add(actor=org.manager.user, meeting=meeting, text="Team offsite")
    services.talking_point_update(
        actor=org.manager.user, point=theirs, version=saved_version(theirs), discussed=True
    )
    services.meeting_complete(actor=org.manager.user, meeting=meeting)
    services.meeting_complete(actor=org.manager.user, meeting=meeting)  # twice: no second next meeting
    scheduling.ensure_next_meetings()  # and the tick does not add one either

    assert series.meetings.count() == 2
    nxt = upcoming(series)
    assert nxt.scheduled_at == meeting.scheduled_at + datetime.timedelta(days=7)
    texts = [p.text for p in nxt.talking_points.all()]
    assert "Conference budget" in texts and "Team offsite" not in texts
    assert nxt.talking_points.get(text="Conference budget").carried_from_id == mine.pk
    # Template questions that were not discussed come back once, not twice.
    assert len(texts) == len(set(texts))


def test_one_off_series_creates_no_next_meeting(org):
    series = services.series_create(
        actor=org.manager.user, employee=org.report, cadence="once", first_meeting_at=_soon()
    )
    services.meeting_complete(actor=org.report.user, meeting=upcoming(series))
    assert scheduling.ensure_next_meetings() == 0
    assert series.meetings.count() == 1


def test_tick_creates_the_next_meeting_for_a_series_without_one(org):
    series = make_series(org.manager, org.report, past=3)
    Meeting.objects.filter(series=series, status=Meeting.Status.SCHEDULED).delete()
    assert scheduling.ensure_next_meetings() == 1
    assert scheduling.ensure_next_meetings() == 0
    assert timezone.localdate(upcoming(series).scheduled_at) >= timezone.localdate()


def test_ensuring_one_series_next_meeting_leaves_the_others_to_the_tick(org):
    mine, other = make_series(org.manager, org.report, past=1), make_series(org.manager, org.report2, past=1)
    Meeting.objects.filter(status=Meeting.Status.SCHEDULED).delete()
    assert scheduling.next_meeting_ensure(series=mine) == 1
    assert scheduling.next_meeting_ensure(series=mine) == 0
    assert upcoming(mine) and not other.meetings.filter(status=Meeting.Status.SCHEDULED).exists()


def test_the_tick_goes_through_the_series_a_batch_at_a_time(org):
    people = [org.report, org.report2, org.subreport, org.other]
    series = [make_series(person.manager, person, past=1) for person in people]
    Meeting.objects.filter(status=Meeting.Status.SCHEDULED).delete()
    assert scheduling.ensure_next_meetings(batch=3) == 4
    assert all(s.meetings.filter(status=Meeting.Status.SCHEDULED).count() == 1 for s in series)


def test_monthly_cadence_keeps_the_wall_clock_time(org):
    series = Series(cadence="monthly")
    start = timezone.make_aware(datetime.datetime(2025, 3, 15, 10, 0))
    nxt = scheduling.next_slot(series, start)
    assert (timezone.localtime(nxt).month, timezone.localtime(nxt).hour) == (4, 10)  # across the DST change


def test_moving_points_up_and_down(org):
    series = make_series(org.manager, org.report)
    meeting = upcoming(series)
    a, _b, c = (services.talking_point_add(actor=org.report.user, meeting=meeting, text=t) for t in "abc")
    services.talking_point_move(actor=org.manager.user, point=c, direction="up")
    services.talking_point_move(actor=org.manager.user, point=a, direction="up")  # already first: no change
    assert [p.text for p in meeting.talking_points.order_by("position")] == ["a", "c", "b"]
    with pytest.raises(ValidationError):
        services.talking_point_move(actor=org.manager.user, point=a, direction="sideways")


def test_only_participants_edit_the_agenda_and_only_authors_reword(org):
    series = make_series(org.manager, org.report)
    meeting = upcoming(series)
    point = services.talking_point_add(actor=org.report.user, meeting=meeting, text="mine")
    for outsider in (org.ceo.user, org.hr.user, org.report2.user):
        with pytest.raises(PermissionDenied):
            services.talking_point_add(actor=outsider, meeting=meeting, text="x")
    with pytest.raises(PermissionDenied):
        services.talking_point_update(
            actor=org.manager.user, point=point, version=saved_version(point), text="changed"
        )
    with pytest.raises(ValidationError):
        services.talking_point_add(actor=org.report.user, meeting=meeting, text="   ")


def test_action_item_goes_on_the_owners_todo_list_and_off_when_done(org):
    series = make_series(org.manager, org.report)
    item = action_item_add(
        actor=org.manager.user, meeting=upcoming(series), title="Draft the RFC", owner=org.report,
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    assert [t.title for t in todo_list(actor=org.report.user)] == ["Action item from your 1:1: Draft the RFC"]
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), done=True)
    assert not todo_list(actor=org.report.user).exists()


def test_reassigning_an_action_item_moves_the_todo(org):
    series = make_series(org.manager, org.report)
    item = action_item_add(actor=org.manager.user, meeting=upcoming(series), title="X", owner=org.report)
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), owner=org.manager)
    assert not todo_list(actor=org.report.user).exists()
    assert todo_list(actor=org.manager.user).count() == 1


def test_action_item_owner_must_be_a_participant(org):
    series = make_series(org.manager, org.report)
    with pytest.raises(ValidationError) as exc:
        action_item_add(actor=org.manager.user, meeting=upcoming(series), title="X", owner=org.ceo)
    assert "owner" in exc.value.message_dict
    assert not ActionItem.objects.exists()


def test_reminders_go_out_once_two_days_and_one_day_before(org):
    series = make_series(org.manager, org.report)
    meeting = upcoming(series)  # tomorrow 10:00
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_at=timezone.now() + datetime.timedelta(hours=40))
    assert reminders.send_meeting_reminders() == 1  # the employee only: two days ahead
    assert Notification.objects.filter(recipient=org.report.user, kind="meetings.reminder").count() == 1
    assert not Notification.objects.filter(recipient=org.manager.user, kind="meetings.reminder").exists()
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_at=timezone.now() + datetime.timedelta(hours=20))
    assert reminders.send_meeting_reminders() == 1  # now the manager
    assert reminders.send_meeting_reminders() == 0  # and nobody twice
    assert Notification.objects.filter(kind="meetings.reminder").count() == 2
    services.meeting_complete(actor=org.manager.user, meeting=meeting)
    assert not todo_list(actor=org.manager.user).filter(kind="meetings.reminder").exists()


def test_rescheduling_reminds_again(org):
    series = make_series(org.manager, org.report)
    meeting = upcoming(series)
    reminders.send_meeting_reminders()
    services.meeting_reschedule(
        actor=org.report.user,
        meeting=meeting,
        version=meeting.version,
        scheduled_at=timezone.now() + datetime.timedelta(hours=20),
    )
    assert reminders.send_meeting_reminders() == 2


def test_private_notes_belong_to_their_author(org):
    series = make_series(org.manager, org.report)
    meeting = upcoming(series)
    services.private_note_save(actor=org.manager.user, meeting=meeting, text="secret")
    assert selectors.private_note_get(actor=org.manager.user, meeting=meeting).text == "secret"
    assert selectors.private_note_get(actor=org.report.user, meeting=meeting) is None
    for other in (org.hr.user, org.ceo.user):
        assert selectors.private_note_get(actor=other, meeting=meeting) is None
        with pytest.raises(PermissionDenied):
            services.private_note_save(actor=other, meeting=meeting, text="x")
    assert not AuditEvent.objects.filter(after__icontains="secret").exists()


def test_ending_a_series_cancels_upcoming_meetings(org):
    series = make_series(org.manager, org.report, past=2)
    services.series_end(actor=org.report.user, series=series)
    assert not series.meetings.filter(status=Meeting.Status.SCHEDULED).exists()
    assert scheduling.ensure_next_meetings() == 0
    with pytest.raises(PermissionDenied):
        services.series_update(
            actor=org.manager.user,
            series=Series.objects.get(pk=series.pk),
            version=saved_version(series),
            cadence="monthly",
        )


def test_calendar_feed_token_is_regenerable_and_revocable(org):
    first = calendar_feed.calendar_feed_regenerate(actor=org.report.user)
    assert selectors.calendar_feed_user(token=first) == org.report.user
    second = calendar_feed.calendar_feed_regenerate(actor=org.report.user)
    assert selectors.calendar_feed_user(token=first) is None
    assert selectors.calendar_feed_user(token=second) == org.report.user
    calendar_feed.calendar_feed_revoke(actor=org.report.user)
    assert selectors.calendar_feed_user(token=second) is None


def test_template_validation(org):
    with pytest.raises(ValidationError):
        agenda_template_create(actor=org.manager.user, name="Empty", points=["  "])
    with pytest.raises(PermissionDenied):
        agenda_template_create(actor=org.manager.user, name="Shared", points=["a"], shared=True)
    assert not AgendaTemplate.objects.exists()


def _todo_titles(user):
    return [t.title for t in todo_list(actor=user)]


def test_reopening_an_action_item_puts_it_back_on_the_owners_todo_list(org):
    series = make_series(org.manager, org.report)
    item = action_item_add(actor=org.manager.user, meeting=upcoming(series), title="Ship", owner=org.report)
    todo = ["Action item from your 1:1: Ship"]
    for _round in range(2):  # done → reopened, twice: each reopening is a new to-do
        action_item_update(actor=org.report.user, item=item, version=saved_version(item), done=True)
        assert _todo_titles(org.report.user) == []
        action_item_update(actor=org.manager.user, item=item, version=saved_version(item), done=False)
        assert _todo_titles(org.report.user) == todo
    assert Notification.objects.filter(recipient=org.report.user, kind="meetings.action_item").count() == 3
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), done=True)
    assert _todo_titles(org.report.user) == []


def test_handing_an_item_back_to_an_earlier_owner_puts_it_on_their_list_again(org):
    series = make_series(org.manager, org.report)
    item = action_item_add(actor=org.manager.user, meeting=upcoming(series), title="X", owner=org.report)
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), owner=org.manager)
    action_item_update(actor=org.manager.user, item=item, version=saved_version(item), owner=org.report)
    assert len(_todo_titles(org.report.user)) == 1 and _todo_titles(org.manager.user) == []


def test_reassigning_a_done_item_puts_it_on_nobodys_list_until_reopened(org):
    series = make_series(org.manager, org.report)
    item = action_item_add(actor=org.manager.user, meeting=upcoming(series), title="X", owner=org.report)
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), done=True)
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), owner=org.manager)
    assert _todo_titles(org.manager.user) == [] and _todo_titles(org.report.user) == []
    action_item_update(actor=org.report.user, item=item, version=saved_version(item), done=False)
    assert len(_todo_titles(org.manager.user)) == 1 and _todo_titles(org.report.user) == []


# --- Agenda templates: edit and delete follow the rule of creation -----------------------------


@pytest.fixture
def personal(org):
    return agenda_template_create(actor=org.manager.user, name="Mine", points=["Wins"])


@pytest.fixture
def shared(org):
    return agenda_template_create(actor=org.hr.user, name="Company", points=["Wins"], shared=True)


def test_the_owner_edits_a_personal_template_and_it_is_audited(org, personal):
    agenda_template_update(
        actor=org.manager.user,
        template=personal,
        version=saved_version(personal),
        name=" Weekly ",
        points=["Wins", " ", "Blockers"],
    )
    personal.refresh_from_db()
    assert (personal.name, personal.points) == ("Weekly", ["Wins", "Blockers"])
    event = AuditEvent.objects.get(action="agenda_template.update")
    assert event.before["name"] == "Mine" and event.after == {"name": "Weekly", "points": 2, "shared": False}
    assert "Blockers" not in str(event.after)  # counts, not the points themselves


def test_hr_edits_shared_templates(org, shared):
    agenda_template_update(
        actor=org.hr.user, template=shared, version=saved_version(shared), name="Company v2", points=["a"]
    )
    assert AgendaTemplate.objects.get(pk=shared.pk).name == "Company v2"


@pytest.mark.parametrize(
    ("which", "who"), [("personal", "report"), ("personal", "hr"), ("shared", "manager")]
)
def test_others_can_neither_edit_nor_delete_a_template(org, request, which, who):
    template = request.getfixturevalue(which)
    actor = getattr(org, who).user
    with pytest.raises(PermissionDenied):
        agenda_template_update(
            actor=actor, template=template, version=saved_version(template), name="Hijack", points=["x"]
        )
    with pytest.raises(PermissionDenied):
        agenda_template_delete(actor=actor, template=template)
    assert AgendaTemplate.objects.get(pk=template.pk).name == template.name
    with pytest.raises(PermissionDenied):  # no employee record: not part of 1:1s at all
        agenda_template_update(
            actor=org.loner, template=template, version=saved_version(template), name="x", points=["x"]
        )


def test_template_edit_validates_like_creation(org, personal):
    with pytest.raises(ValidationError) as exc:
        agenda_template_update(
            actor=org.manager.user, template=personal, version=saved_version(personal), name="", points=[]
        )
    assert {"name", "points"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        agenda_template_update(
            actor=org.manager.user,
            template=personal,
            version=saved_version(personal),
            name="Long",
            points=[f"p{i}" for i in range(21)],
        )
    assert AgendaTemplate.objects.get(pk=personal.pk).points == ["Wins"]


def test_deleting_a_template_sends_its_series_back_to_the_default_questions(org, personal):
    series = services.series_create(
        actor=org.manager.user, employee=org.report, first_meeting_at=_soon(), template=personal
    )
    agenda_template_delete(actor=org.manager.user, template=personal)
    assert not AgendaTemplate.objects.filter(pk=personal.pk).exists()
    assert Series.objects.get(pk=series.pk).template_id is None
    assert [p.text for p in upcoming(series).talking_points.all()] == ["Wins"]  # created meetings keep theirs
    assert AuditEvent.objects.get(action="agenda_template.delete").before["name"] == "Mine"


def test_hr_deletes_shared_templates(org, shared):
    agenda_template_delete(actor=org.hr.user, template=shared)
    assert not AgendaTemplate.objects.exists()


def test_ending_a_series_loads_both_participants_logins_with_it(org, django_assert_num_queries):
    series = make_series(org.manager, org.report, past=2)
    # savepoint, the actor's profile, the series locked with both logins, the series, its upcoming
    # meeting, cancelling it, resolving both participants' reminders, the audit event, release
    with django_assert_num_queries(10):
        services.series_end(actor=org.report.user, series=series)


def test_the_tick_passes_over_series_that_have_their_next_meeting(org, django_assert_num_queries):
    for employee in (org.report, org.report2, org.subreport):
        make_series(employee.manager, employee, past=1)
    with django_assert_num_queries(3):  # its savepoint and release, the series still waiting: none
        assert scheduling.ensure_next_meetings() == 0
