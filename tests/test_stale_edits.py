"""No edit silently overwrites another (core.versioning), for every object two people can edit:
an edit made from an older version raises Conflict with what is saved now and writes nothing; made
from the saved version it goes through; without a version it is invalid. Then the API's side (409
body, ETag and If-Match) and what "only the changed fields are written" protects."""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadence.checkins import services as checkins
from cadence.checkins.models import CheckInCadence, CheckInQuestion
from cadence.core.errors import Conflict
from cadence.core.testing import client_for, saved_version
from cadence.feedback import services as feedback
from cadence.feedback.models import CompanyValue, FeedbackSettings
from cadence.feedback.tests import factories as feedback_factories
from cadence.goals import cycles
from cadence.goals import services as goals
from cadence.goals.models import Goal, GoalCycle, GoalTemplate, KeyResult
from cadence.goals.tests.factories import kr, make_cycle, make_goal, make_template
from cadence.meetings import action_items, agenda_templates
from cadence.meetings import services as meetings
from cadence.meetings.models import ActionItem, AgendaTemplate, Meeting, Series, SharedNote, TalkingPoint
from cadence.meetings.shared_notes import shared_note_save
from cadence.meetings.tests.factories import make_series, upcoming
from cadence.people import services as people
from cadence.people.models import Employee

pytestmark = pytest.mark.django_db


def _soon(days: int) -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


@dataclass(frozen=True)
class Case:
    """How to make one editable object, edit it to the n-th value from a version, and read that
    value back from the database and from a Conflict's current values."""

    name: str
    build: Callable[[Any], Any]
    edit: Callable[[Any, Any, int | None, int], Any]
    saved: Callable[[Any], Any]  # the edited value as stored now
    current: Callable[[dict[str, Any]], Any]  # the same value in Conflict.current
    value: Callable[[int], Any]
    # An edit without a version: invalid, or (a cadence set from a page that showed no row for it)
    # a Conflict with the row that exists.
    without_version: type[Exception] = ValidationError


def _goal(org: Any) -> Goal:
    return make_goal(org.report.user, make_cycle(), owner=org.report, key_results=[kr(0, 10)])


def _edit_target(org: Any, goal: Goal, version: int | None, n: int) -> None:
    row = {**kr(0, 10 + 10 * n), "id": KeyResult.objects.get(goal=goal).pk}
    goals.goal_update(
        actor=org.manager.user, goal=Goal.objects.get(pk=goal.pk), version=version, key_results=[row]
    )


def _point(org: Any) -> TalkingPoint:
    return meetings.talking_point_add(
        actor=org.report.user, meeting=upcoming(make_series(org.manager, org.report)), text="Mine"
    )


def _item(org: Any) -> ActionItem:
    meeting = upcoming(make_series(org.manager, org.report))
    return action_items.action_item_add(actor=org.manager.user, meeting=meeting, title="Do", owner=org.report)


def _shared_note(org: Any) -> SharedNote:
    return SharedNote.objects.create(meeting=upcoming(make_series(org.manager, org.report)), text="Start")


CASES = [
    Case(
        "shared notes",
        _shared_note,
        lambda org, note, version, n: shared_note_save(
            actor=org.manager.user, meeting=note.meeting, version=version, text=f"Notes {n}"
        ),
        lambda note: SharedNote.objects.get(pk=note.pk).text,
        lambda current: current["text"],
        lambda n: f"Notes {n}",
    ),
    Case(
        "goal",
        _goal,
        lambda org, goal, version, n: goals.goal_update(
            actor=org.manager.user, goal=Goal.objects.get(pk=goal.pk), version=version, title=f"Title {n}"
        ),
        lambda goal: Goal.objects.get(pk=goal.pk).title,
        lambda current: current["title"],
        lambda n: f"Title {n}",
    ),
    Case(
        "key result target",
        _goal,
        _edit_target,
        lambda goal: KeyResult.objects.get(goal=goal).target,
        lambda current: current["key_results"][0]["target"],
        lambda n: Decimal(10 + 10 * n),
    ),
    Case(
        "goal cycle",
        lambda org: make_cycle(),
        lambda org, cycle, version, n: cycles.cycle_update(
            actor=org.hr.user, cycle=cycle, version=version, name=f"Cycle {n}"
        ),
        lambda cycle: GoalCycle.objects.get(pk=cycle.pk).name,
        lambda current: current["name"],
        lambda n: f"Cycle {n}",
    ),
    Case(
        "goal template",
        lambda org: make_template(),
        lambda org, template, version, n: goals.template_save(
            actor=org.hr.user,
            template=GoalTemplate.objects.get(pk=template.pk),
            version=version,
            title=f"T {n}",
        ),
        lambda template: GoalTemplate.objects.get(pk=template.pk).title,
        lambda current: current["title"],
        lambda n: f"T {n}",
    ),
    Case(
        "1:1 series",
        lambda org: make_series(org.manager, org.report),
        lambda org, series, version, n: meetings.series_update(
            actor=org.report.user, series=series, version=version, duration_minutes=30 + 5 * n
        ),
        lambda series: Series.objects.get(pk=series.pk).duration_minutes,
        lambda current: current["duration_minutes"],
        lambda n: 30 + 5 * n,
    ),
    Case(
        "meeting date",
        lambda org: upcoming(make_series(org.manager, org.report)),
        lambda org, meeting, version, n: meetings.meeting_reschedule(
            actor=org.manager.user, meeting=meeting, version=version, scheduled_at=_soon(2 + n)
        ),
        lambda meeting: Meeting.objects.get(pk=meeting.pk).scheduled_at,
        lambda current: current["scheduled_at"],
        lambda n: _soon(2 + n),
    ),
    Case(
        "talking point",
        _point,
        lambda org, point, version, n: meetings.talking_point_update(
            actor=org.report.user, point=point, version=version, text=f"Point {n}"
        ),
        lambda point: TalkingPoint.objects.get(pk=point.pk).text,
        lambda current: current["text"],
        lambda n: f"Point {n}",
    ),
    Case(
        "action item",
        _item,
        lambda org, item, version, n: action_items.action_item_update(
            actor=org.report.user, item=item, version=version, title=f"Item {n}"
        ),
        lambda item: ActionItem.objects.get(pk=item.pk).title,
        lambda current: current["title"],
        lambda n: f"Item {n}",
    ),
    Case(
        "agenda template",
        lambda org: agenda_templates.agenda_template_create(
            actor=org.manager.user, name="Mine", points=["a"]
        ),
        lambda org, template, version, n: agenda_templates.agenda_template_update(
            actor=org.manager.user, template=template, version=version, name=f"Mine {n}", points=["a"]
        ),
        lambda template: AgendaTemplate.objects.get(pk=template.pk).name,
        lambda current: current["name"],
        lambda n: f"Mine {n}",
    ),
]


CASES += [
    Case(
        "feedback settings",
        lambda org: FeedbackSettings.objects.get_or_create(pk=1)[0],  # saved once, as HR does first
        lambda org, row, version, n: feedback.feedback_settings_update(
            actor=org.hr.user, version=version, protected_peer_feedback=bool(n % 2)
        ),
        lambda row: FeedbackSettings.objects.get(pk=row.pk).protected_peer_feedback,
        lambda current: current["protected_peer_feedback"],
        lambda n: bool(n % 2),
    ),
    Case(
        "company value",
        lambda org: feedback_factories.value(),
        lambda org, value, version, n: feedback.company_value_set_active(
            actor=org.hr.user,
            value=CompanyValue.objects.get(pk=value.pk),
            version=version,
            is_active=not n % 2,
        ),
        lambda value: CompanyValue.objects.get(pk=value.pk).is_active,
        lambda current: current["is_active"],
        lambda n: not n % 2,
    ),
    Case(
        "check-in question",
        lambda org: CheckInQuestion.objects.create(text="What went well?"),
        lambda org, question, version, n: checkins.checkin_question_set_active(
            actor=org.hr.user,
            question=CheckInQuestion.objects.get(pk=question.pk),
            version=version,
            is_active=not n % 2,
        ),
        lambda question: CheckInQuestion.objects.get(pk=question.pk).is_active,
        lambda current: current["is_active"],
        lambda n: not n % 2,
    ),
    Case(
        "check-in cadence",
        lambda org: CheckInCadence.objects.create(department=org.engineering, every_weeks=1),
        lambda org, cadence, version, n: checkins.checkin_cadence_set(
            actor=org.hr.user, department=org.engineering, version=version, every_weeks=1 + n % 2
        ),
        lambda cadence: CheckInCadence.objects.get(pk=cadence.pk).every_weeks,
        lambda current: current["every_weeks"],
        lambda n: 1 + n % 2,
        without_version=Conflict,
    ),
    Case(
        "person record",
        lambda org: org.report2,
        lambda org, person, version, n: people.person_update(
            actor=org.hr.user,
            person=Employee.objects.get(pk=person.pk),
            version=version,
            job_title=f"Job {n}",
        ),
        lambda person: Employee.objects.get(pk=person.pk).job_title,
        lambda current: current["job_title"],
        lambda n: f"Job {n}",
    ),
]


def _row(obj: Any) -> dict[str, Any]:
    return type(obj).objects.filter(pk=obj.pk).values().get()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_stale_edit_is_refused_with_what_is_saved_and_writes_nothing(org, case):
    obj = case.build(org)
    opened = saved_version(obj)
    case.edit(org, obj, opened, 1)  # the first of two editors who opened the same version
    assert saved_version(obj) == opened + 1
    before = _row(obj)
    with pytest.raises(Conflict) as exc:
        case.edit(org, obj, opened, 2)  # the second one
    assert exc.value.version == opened + 1
    assert case.current(exc.value.current) == case.value(1)
    assert _row(obj) == before and case.saved(obj) == case.value(1)
    case.edit(org, obj, opened + 1, 2)  # having read what is saved, they overwrite it knowingly
    assert case.saved(obj) == case.value(2) and saved_version(obj) == opened + 2


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_edit_without_a_version_is_invalid(org, case):
    obj = case.build(org)
    before = _row(obj)
    with pytest.raises(case.without_version) as exc:
        case.edit(org, obj, None, 1)
    assert _row(obj) == before
    if isinstance(exc.value, ValidationError):
        assert "version" in exc.value.message_dict


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_edit_that_changes_nothing_keeps_the_version(org, case):
    obj = case.build(org)
    case.edit(org, obj, saved_version(obj), 1)
    version = saved_version(obj)
    case.edit(org, obj, version, 1)
    assert saved_version(obj) == version


# --- Only the changed fields are written -----------------------------------------------------------


def test_a_goal_edit_keeps_what_a_checkin_wrote_meanwhile(org):
    """Check-ins are no edits of the goal (no new version), so an edit form opened before one is
    not stale; and since an edit writes only its changed fields, the check-in's status, time and
    the key result's new value stay."""
    goal = _goal(org)
    opened = Goal.objects.get(pk=goal.pk)  # the editor's copy, from before the check-in
    result = KeyResult.objects.get(goal=goal)
    goals.key_result_update_create(
        actor=org.report.user, goal=goal, key_result=result, value=4, confidence="at_risk"
    )
    goals.goal_update(actor=org.manager.user, goal=opened, version=opened.version, description="Why")
    saved = Goal.objects.get(pk=goal.pk)
    assert (saved.description, saved.status, saved.last_checkin_at is not None) == ("Why", "at_risk", True)
    assert KeyResult.objects.get(pk=result.pk).current == 4 and saved.progress == pytest.approx(0.4)


def test_an_edit_that_sends_back_the_value_it_read_keeps_a_key_result_update_made_meanwhile(org):
    """A client that read the goal (current 0), then sends its key results back with a new target
    while the owner records 7: the 7 stays; only a key-result update changes an existing value."""
    goal = _goal(org)
    opened = client_for(org.manager.user).get(f"/api/v1/goals/{goal.pk}").json()
    result = KeyResult.objects.get(goal=goal)
    goals.key_result_update_create(actor=org.report.user, goal=goal, key_result=result, value=7)
    rows = [{**row, "target": "20"} for row in opened["key_results"]]
    answer = _patch(
        client_for(org.manager.user),
        f"/api/v1/goals/{goal.pk}",
        {"key_results": rows, "version": opened["version"]},
    )
    assert answer.status_code == 200, answer.content
    saved = KeyResult.objects.get(pk=result.pk)
    assert (saved.current, saved.target) == (7, 20)


def test_two_editors_of_different_fields_keep_both_changes_once_the_second_reads_the_first(org):
    """The issue's case: the owner edits the title and the manager the description from the same
    version. The second gets a Conflict (one version for the whole goal) with the owner's title;
    sent again from the current version, it writes only the description."""
    goal = _goal(org)
    opened = goal.version
    goals.goal_update(
        actor=org.report.user, goal=Goal.objects.get(pk=goal.pk), version=opened, title="Owner's"
    )
    with pytest.raises(Conflict) as exc:
        goals.goal_update(
            actor=org.manager.user, goal=Goal.objects.get(pk=goal.pk), version=opened, description="Manager's"
        )
    assert exc.value.current["title"] == "Owner's"
    goals.goal_update(
        actor=org.manager.user,
        goal=Goal.objects.get(pk=goal.pk),
        version=exc.value.version,
        description="Manager's",
    )
    saved = Goal.objects.get(pk=goal.pk)
    assert (saved.title, saved.description, saved.version) == ("Owner's", "Manager's", opened + 2)


def test_a_stale_conflict_does_not_name_a_parent_the_editor_may_not_see(org):
    cycle = make_cycle()
    private = make_goal(
        org.manager.user, cycle, owner=org.manager, title="Private parent", visibility="private"
    )
    goal = make_goal(org.manager.user, cycle, owner=org.report2, parent=private)
    goals.goal_update(actor=org.manager.user, goal=goal, version=goal.version, title="New")
    with pytest.raises(Conflict) as exc:  # the goal's owner may not see their manager's private goal
        goals.goal_update(actor=org.report2.user, goal=Goal.objects.get(pk=goal.pk), version=1, title="Old")
    assert exc.value.current["parent_id"] is None and exc.value.current["title"] == "New"


def test_a_reorder_made_from_an_old_order_is_refused(org):
    meeting = upcoming(make_series(org.manager, org.report))
    a, b, c = (meetings.talking_point_add(actor=org.report.user, meeting=meeting, text=t) for t in "abc")
    start = [a.pk, b.pk, c.pk]
    meetings.talking_point_reorder(
        actor=org.manager.user, meeting=meeting, order=[c.pk, a.pk, b.pk], previous=start
    )
    with pytest.raises(Conflict) as exc:
        meetings.talking_point_reorder(
            actor=org.report.user, meeting=meeting, order=[b.pk, a.pk, c.pk], previous=start
        )
    assert exc.value.current == {"order": [c.pk, a.pk, b.pk]}
    assert list(meeting.talking_points.order_by("position").values_list("pk", flat=True)) == [
        c.pk,
        a.pk,
        b.pk,
    ]


# --- The API: 409 with what is saved, ETag and If-Match --------------------------------------------


def _patch(client, url, body, **headers):
    return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)


def test_the_api_answers_a_stale_patch_with_409_and_the_current_values(org):
    goal = _goal(org)
    url = f"/api/v1/goals/{goal.pk}"
    owner, manager = client_for(org.report.user), client_for(org.manager.user)
    read = owner.get(url)
    assert read.json()["version"] == 1 and read["ETag"] == '"1"'
    first = _patch(owner, url, {"title": "Owner's", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2 and first["ETag"] == '"2"'
    stale = _patch(manager, url, {"description": "Manager's", "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["version"] == 2 and body["current"]["title"] == "Owner's" and body["detail"]
    assert body["current"]["key_results"][0]["target"] == "10.00"
    assert Goal.objects.get(pk=goal.pk).description == ""
    by_header = _patch(manager, url, {"description": "Manager's"}, if_match='"2"')
    assert by_header.status_code == 200 and by_header.json()["title"] == "Owner's"
    assert by_header.json()["description"] == "Manager's"


@pytest.mark.parametrize(
    ("body", "if_match"),
    [({"title": "X"}, None), ({"title": "X"}, "abc"), ({"title": "X", "version": 1}, '"2"')],
    ids=["no version", "not a version", "body and header differ"],
)
def test_a_patch_without_a_clear_version_is_invalid(org, body, if_match):
    goal = _goal(org)
    headers = {"if_match": if_match} if if_match else {}
    answer = _patch(client_for(org.report.user), f"/api/v1/goals/{goal.pk}", body, **headers)
    assert answer.status_code == 422 and "version" in answer.json()["errors"], answer.content
    assert Goal.objects.get(pk=goal.pk).title != "X"
