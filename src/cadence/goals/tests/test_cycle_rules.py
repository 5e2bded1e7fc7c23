"""A goal cycle cannot spam the organisation by mistake (issue 9.3): odd dates are confirmed, a new
cycle asks nobody until HR opens it for drafting (after a page that says how many people), closing
or deleting a cycle takes its to-dos off everyone's list, and an empty cycle can be deleted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cadence.core.models import AuditEvent
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.goals import cycles, reminders, selectors, services
from cadence.goals.models import GoalCycle
from cadence.notifications.models import Notification
from cadence.people.testing import make_reports

from .factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db

ACTIVE_PEOPLE = 7  # the org fixture: everyone but Gina Gone (inactive) has an active login


def _soon() -> tuple[datetime.date, datetime.date]:
    start = timezone.localdate() + datetime.timedelta(days=3)
    return start, start + datetime.timedelta(days=90)


def _open_todos(**filters: object) -> int:
    return Notification.objects.filter(requires_action=True, resolved_at__isnull=True, **filters).count()


def test_dates_in_the_past_or_far_from_today_need_confirming(org):
    with pytest.raises(ValidationError) as exc:
        cycles.cycle_create(
            actor=org.hr.user,
            name="Y2K",
            start_date=datetime.date(1999, 1, 1),
            end_date=datetime.date(1999, 3, 31),
        )
    messages = exc.value.message_dict["confirm_dates"]
    assert any("ended in the past" in m for m in messages)
    assert any("more than a year away" in m for m in messages)
    assert not GoalCycle.objects.exists()
    start, end = _soon()
    far = cycles.cycle_date_warnings(start.replace(year=start.year + 3), end.replace(year=end.year + 3))
    assert len(far) == 1 and "more than a year away" in far[0]
    assert cycles.cycle_date_warnings(start, end) == []
    cycle = cycles.cycle_create(
        actor=org.hr.user,
        name="Y2K",
        start_date=datetime.date(1999, 1, 1),
        end_date=datetime.date(1999, 3, 31),
        confirm_dates=True,
    )
    assert cycle.status == GoalCycle.Status.PLANNED


def test_a_new_cycle_asks_nobody_until_hr_opens_it_for_drafting(org):
    start, end = _soon()
    cycle = cycles.cycle_create(actor=org.hr.user, name="Q next", start_date=start, end_date=end)
    assert cycle.status == GoalCycle.Status.PLANNED
    assert reminders.reminders_send() == 0
    assert not Notification.objects.filter(kind="goal_drafting").exists()
    make_goal(org.report.user, cycle, owner=org.report)  # Rita wrote hers already: she is not asked
    people = selectors.cycle_drafting_reach(actor=org.hr.user, cycle=cycle)
    assert people == ACTIVE_PEOPLE - 1
    cycles.cycle_open_drafting(actor=org.hr.user, cycle=cycle, people=people)
    assert reminders.reminders_send() == people
    assert _open_todos(kind="goal_drafting") == people
    assert not Notification.objects.filter(kind="goal_drafting", recipient=org.report.user).exists()
    event = AuditEvent.objects.get(action="goal_cycle.open", target_id=str(cycle.pk))
    assert event.after == {"people": people}
    with pytest.raises(ValidationError):  # opened once
        cycles.cycle_open_drafting(actor=org.hr.user, cycle=cycle, people=people)


def test_drafting_is_reached_only_through_opening(org):
    with pytest.raises(ValidationError) as exc:
        cycles.cycle_create(
            actor=org.hr.user, name="Q", start_date=_soon()[0], end_date=_soon()[1], status="drafting"
        )
    assert "status" in exc.value.message_dict
    cycle = make_cycle(status=GoalCycle.Status.PLANNED)
    with pytest.raises(ValidationError) as exc:
        cycles.cycle_update(actor=org.hr.user, cycle=cycle, version=cycle.version, status="drafting")
    assert "status" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        cycles.cycle_open_drafting(actor=org.manager.user, cycle=cycle, people=0)
    assert GoalCycle.objects.get(pk=cycle.pk).status == GoalCycle.Status.PLANNED


def test_closing_a_cycle_resolves_its_todos_and_only_its_own(org):
    cycle = make_cycle(status=GoalCycle.Status.PLANNED, start_date=_soon()[0], end_date=_soon()[1])
    other = make_cycle(
        name="Other", status=GoalCycle.Status.PLANNED, start_date=_soon()[0], end_date=_soon()[1]
    )
    cycles.cycle_open_drafting(actor=org.hr.user, cycle=cycle, people=0)
    cycles.cycle_open_drafting(actor=org.hr.user, cycle=other, people=0)
    reminders.reminders_send()
    mine = make_goal(org.report.user, other, owner=org.report)
    services.approval_policy_set(actor=org.manager.user, require_approval=True)
    pending = make_goal(org.report2.user, cycle, owner=org.report2)  # a to-do for Mona to approve
    Notification.objects.create(
        recipient=org.report2.user,
        kind="goal_checkin",
        event_key=services.checkin_reminder_key(pending),
        title="Check in",
        requires_action=True,
    )
    Notification.objects.create(
        recipient=org.report.user,
        kind="goal_checkin",
        event_key=services.checkin_reminder_key(mine),
        title="Check in",
        requires_action=True,
    )
    assert _open_todos(kind="goal_approval", recipient=org.manager.user) == 1
    before_other = _open_todos(event_key=f"goals:draft:{other.pk}")
    assert before_other > 0
    cycles.cycle_close(actor=org.hr.user, cycle=cycle)
    assert _open_todos(event_key=f"goals:draft:{cycle.pk}") == 0
    assert _open_todos(kind="goal_approval") == 0
    assert _open_todos(event_key=services.checkin_reminder_key(pending)) == 0
    # The other cycle's to-dos stay.
    assert _open_todos(event_key=f"goals:draft:{other.pk}") == before_other
    assert _open_todos(event_key=services.checkin_reminder_key(mine)) == 1


def test_an_empty_cycle_can_be_deleted_audited_and_its_todos_resolved(org):
    cycle = make_cycle(
        name="Mistake", status=GoalCycle.Status.PLANNED, start_date=_soon()[0], end_date=_soon()[1]
    )
    cycles.cycle_open_drafting(actor=org.hr.user, cycle=cycle, people=ACTIVE_PEOPLE)
    reminders.reminders_send()
    assert _open_todos(kind="goal_drafting") == ACTIVE_PEOPLE
    with pytest.raises(PermissionDenied):
        cycles.cycle_delete(actor=org.manager.user, cycle=cycle)
    cycles.cycle_delete(actor=org.hr.user, cycle=cycle)
    assert not GoalCycle.objects.filter(pk=cycle.pk).exists()
    assert _open_todos(kind="goal_drafting") == 0
    event = AuditEvent.objects.get(action="goal_cycle.delete", target_id=str(cycle.pk))
    assert event.actor == org.hr.user and event.before["name"] == "Mistake"


def test_a_cycle_with_goals_is_not_deleted(org):
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report)
    services.goal_set_state(actor=org.report.user, goal=goal, state="archived")  # archived ones count
    with pytest.raises(ValidationError):
        cycles.cycle_delete(actor=org.hr.user, cycle=cycle)
    assert GoalCycle.objects.filter(pk=cycle.pk).exists()


def test_the_pages_warn_confirm_and_say_how_many_people(org):
    client = client_for(org.hr.user)
    data = {"name": "Typo", "kind": "quarterly", "start_date": "1999-01-01", "end_date": "1999-03-31"}
    data |= {"status": "planned", "checkin_cadence": "weekly"}
    page = client.post(reverse("goals:cycles"), data)
    assert page.status_code == 200 and "ended in the past" in page.content.decode()
    assert 'type="checkbox" name="confirm_dates"' in page.content.decode()
    assert not GoalCycle.objects.exists()
    client.post(reverse("goals:cycles"), data | {"confirm_dates": "on"})
    cycle = GoalCycle.objects.get()
    confirm = client.get(reverse("goals:cycle_open", args=[cycle.pk])).content.decode()
    assert f"{ACTIVE_PEOPLE} people will be asked" in confirm and "ended in the past" in confirm
    assert client.post(reverse("goals:cycle_open", args=[cycle.pk])).status_code == 302
    assert GoalCycle.objects.get().status == GoalCycle.Status.DRAFTING
    assert client.post(reverse("goals:cycle_delete", args=[cycle.pk])).status_code == 302
    assert not GoalCycle.objects.exists()


def test_the_api_confirms_dates_and_opening_and_deletes(org):
    client = client_for(org.hr.user)
    body = {"name": "Typo", "start_date": "1999-01-01", "end_date": "1999-03-31"}
    refused = client.post("/api/v1/goal-cycles", body, content_type="application/json")
    assert refused.status_code == 422 and "confirm_dates" in refused.json()["errors"]
    made = client.post("/api/v1/goal-cycles", body | {"confirm_dates": True}, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "planned"
    cycle_id = made.json()["id"]
    asked = client.post(f"/api/v1/goal-cycles/{cycle_id}/open", {}, content_type="application/json")
    assert asked.status_code == 422 and f"asks {ACTIVE_PEOPLE} people" in asked.json()["errors"]["confirm"][0]
    opened = client.post(
        f"/api/v1/goal-cycles/{cycle_id}/open", {"confirm": True}, content_type="application/json"
    )
    assert opened.status_code == 200 and opened.json()["status"] == "drafting"
    make_goal(org.report.user, GoalCycle.objects.get(pk=cycle_id), owner=org.report, due_date=None)
    assert client.delete(f"/api/v1/goal-cycles/{cycle_id}").status_code == 422
    empty = make_cycle(name="Empty")
    assert client_for(org.manager.user).delete(f"/api/v1/goal-cycles/{empty.pk}").status_code == 403
    assert client.delete(f"/api/v1/goal-cycles/{empty.pk}").status_code == 204


@budget("goals:cycle_open")
def test_the_confirmation_costs_the_same_for_any_number_of_people(org):
    cycle = make_cycle(status=GoalCycle.Status.PLANNED, start_date=_soon()[0], end_date=_soon()[1])
    client = client_for(org.hr.user)

    def grow(n):
        make_reports(org.manager, n)

    # session, user, employee, the cycle, how many people it would ask (one COUNT), the unread badge;
    # the page shows the number, not the people
    page = lambda: client.get(reverse("goals:cycle_open", args=[cycle.pk]))  # noqa: E731
    assert_flat_queries(page, grow, queries=6, shows_rows=False)
    assert f"{ACTIVE_PEOPLE + 50} people will be asked" in page().content.decode()
