"""Talking points about a goal or a feedback item (core.links): only what both participants may
see can go on the agenda, and a link shows only to a viewer who may see its target."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.feedback.tests import factories as feedback_factories
from cadence.goals.models import Goal
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.meetings import services
from cadence.meetings.action_items import action_item_add
from cadence.meetings.models import Meeting, TalkingPoint
from cadence.meetings.selectors import action_item_list
from cadence.meetings.tests.factories import add_history, make_series, upcoming

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def series(org):
    return make_series(org.manager, org.report, past=1)


@pytest.fixture
def meeting(series):
    return upcoming(series)


@pytest.fixture
def cycle():
    return make_cycle()


def _link(org, meeting, kind, pk, who="report"):
    return services.talking_point_link(actor=getattr(org, who).user, meeting=meeting, kind=kind, target_id=pk)


def _page(user, meeting):
    return client_for(user).get(reverse("meetings:meeting", args=[meeting.pk]))


def test_a_goal_both_may_see_goes_on_the_agenda_as_a_link(org, meeting, cycle):
    goal = make_goal(org.report.user, cycle, owner=org.report, title="Ship the mobile app")
    point = _link(org, meeting, "goal", goal.pk)
    assert (point.text, point.link_kind, point.link_id) == ("Ship the mobile app", "goal", goal.pk)
    body = _page(org.manager.user, meeting).content.decode()
    href = reverse("goals:detail", args=[goal.pk])
    assert f'<a href="{href}" data-testid="point-text">Ship the mobile app</a>' in body
    with pytest.raises(ValidationError):  # once per agenda
        _link(org, meeting, "goal", goal.pk, who="manager")


def test_a_goal_one_of_them_may_not_see_is_refused(org, meeting, cycle):
    private = make_goal(
        org.manager.user, cycle, owner=org.manager, title="Reorganise", visibility=Goal.Visibility.PRIVATE
    )
    colleague = make_goal(org.report2.user, cycle, owner=org.report2, title="Not theirs")
    for pk in (private.pk, colleague.pk, 999999):
        with pytest.raises(ValidationError):
            _link(org, meeting, "goal", pk, who="manager")
    with pytest.raises(ValidationError):
        _link(org, meeting, "nothing", private.pk, who="manager")
    assert not TalkingPoint.objects.filter(meeting=meeting).exclude(link_kind="").exists()
    choices = dict(_page(org.manager.user, meeting).context["page"].link_choices)
    assert "Reorganise" not in str(choices) and "Not theirs" not in str(choices)


def test_only_participants_link(org, meeting, cycle):
    goal = make_goal(org.report.user, cycle, owner=org.report)
    for who in ("ceo", "hr", "report2"):
        with pytest.raises(PermissionDenied):
            _link(org, meeting, "goal", goal.pk, who=who)


def test_a_target_hidden_later_shows_as_hidden_not_its_title(org, meeting, cycle):
    goal = make_goal(org.manager.user, cycle, owner=org.manager, title="Secret reorg plan")
    _link(org, meeting, "goal", goal.pk, who="manager")
    Goal.objects.filter(pk=goal.pk).update(visibility=Goal.Visibility.PRIVATE)  # now the manager's only
    body = _page(org.report.user, meeting).content.decode()
    assert "Secret reorg plan" not in body and "A goal you cannot see" in body
    assert reverse("goals:detail", args=[goal.pk]) not in body
    api = client_for(org.report.user).get(f"{API}/meetings/{meeting.pk}/talking-points").content.decode()
    assert "Secret reorg plan" not in api and '"link_hidden": true' in api.replace('":true', '": true')
    assert "Secret reorg plan" in _page(org.manager.user, meeting).content.decode()


def test_feedback_both_may_read_can_be_linked(org, meeting):
    shared = feedback_factories.feedback(org.report2, org.report, visibility="recipient_manager")
    own = feedback_factories.feedback(org.report2, org.report, visibility="recipient")
    groups = dict(_page(org.report.user, meeting).context["page"].link_choices)
    assert [value for value, _title in groups["Feedback"]] == [f"feedback:{shared.pk}"]
    point = _link(org, meeting, "feedback", shared.pk)
    assert point.text.startswith("Feedback from Ravi Second")
    with pytest.raises(ValidationError):
        _link(org, meeting, "feedback", own.pk)


def test_link_from_the_page_and_from_the_api(org, meeting, cycle):
    goal = make_goal(org.report.user, cycle, owner=org.report, title="Learn Rust")
    other = make_goal(org.report.user, cycle, owner=org.report, title="Give a talk")
    client = client_for(org.report.user)
    response = client.post(reverse("meetings:point_link", args=[meeting.pk]), {"link": f"goal:{goal.pk}"})
    assert response.status_code == 302 and TalkingPoint.objects.filter(link_id=goal.pk).exists()
    bad = client.post(
        reverse("meetings:point_link", args=[meeting.pk]), {"link": "goal:abc"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 200 and "Choose a goal or feedback you both can see." in bad.content.decode()
    url = f"{API}/meetings/{meeting.pk}/talking-points"
    created = client.post(url, {"link": {"kind": "goal", "id": other.pk}}, content_type="application/json")
    assert created.status_code == 201
    href = reverse("goals:detail", args=[other.pk])
    assert created.json()["link"] == {"kind": "goal", "id": other.pk, "title": "Give a talk", "url": href}
    both = client.post(
        url, {"text": "x", "link": {"kind": "goal", "id": other.pk}}, content_type="application/json"
    )
    assert both.status_code == 422
    assert (
        client_for(org.hr.user)
        .post(reverse("meetings:point_link", args=[meeting.pk]), {"link": f"goal:{goal.pk}"})
        .status_code
        == 404
    )


def test_an_undiscussed_linked_point_carries_over_with_its_link(org, meeting, cycle):
    goal = make_goal(org.report.user, cycle, owner=org.report, title="Carry me")
    _link(org, meeting, "goal", goal.pk)
    services.meeting_complete(actor=org.manager.user, meeting=meeting)
    following = Meeting.objects.filter(series=meeting.series, status="scheduled").get()
    carried = following.talking_points.get(carried_from__isnull=False)
    assert (carried.link_kind, carried.link_id, carried.text) == ("goal", goal.pk, "Carry me")


def test_overdue_action_items_come_first_and_are_marked(org, series, meeting):
    today = timezone.localdate()
    later = action_item_add(
        actor=org.manager.user, meeting=meeting, title="Later", owner=org.report,
        due_date=today + datetime.timedelta(days=3),
    )  # fmt: skip
    late = action_item_add(
        actor=org.manager.user, meeting=meeting, title="Late", owner=org.report,
        due_date=today - datetime.timedelta(days=400),
    )  # fmt: skip
    undated = action_item_add(
        actor=org.manager.user, meeting=meeting, title="Whenever", owner=org.report, due_date=None
    )
    listed = list(action_item_list(actor=org.report.user, meeting=meeting.pk))
    assert [i.pk for i in listed][:1] == [late.pk] and listed[-1].pk == undated.pk
    assert [i.pk for i in listed].index(later.pk) < [i.pk for i in listed].index(undated.pk)
    body = _page(org.report.user, meeting).content.decode()
    assert body.index("Late") < body.index("Later")
    assert '<span class="due overdue">overdue since' in body and str(late.due_date.year) in body


@budget("meetings:meeting")
def test_meeting_page_with_links_and_notes_query_budget(org, series, meeting, cycle):
    client = client_for(org.manager.user)
    feedback_factories.feedback(org.report2, org.report, visibility="recipient_manager")

    def grow(n):
        add_history(series, n)  # earlier meetings with open action items that carry over
        goals = [
            make_goal(org.report.user, cycle, owner=org.report, title=f"Goal number {i}") for i in range(n)
        ]
        TalkingPoint.objects.bulk_create(  # half of them about a goal (the rest stays to choose from)
            TalkingPoint(
                meeting=meeting, author=org.report, text=goal.title, link_kind="goal", link_id=goal.pk
            )
            if i % 2
            else TalkingPoint(meeting=meeting, author=org.report, text=f"p{i}")
            for i, goal in enumerate(goals)
        )

    # session, user, employee, the meeting with its series and both people, the series' open action
    # items, the talking points, the linked goals the viewer may see, the actor's private note, the
    # shared note, the feedback both may read and the protection setting, the goals both may see,
    # the previous meeting and the next one, the unread badge
    url = reverse("meetings:meeting", args=[meeting.pk])
    assert_flat_queries(lambda: client.get(url), grow, queries=15)
