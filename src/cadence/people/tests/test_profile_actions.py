"""The profile offers what the viewer may do for the person (modules register the actions) and
shows the person's goals as the viewer may see them."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.meetings.models import Series

pytestmark = pytest.mark.django_db


def _actions(user, person) -> set[str]:
    page = client_for(user).get(reverse("people:profile", args=[person.pk])).content.decode()
    head = page.split('<div class="actions">')[1].split("</div>")[0]
    return {label for label in ("Give feedback", "Request feedback", "Start a 1:1") if label in head}


def test_a_manager_may_give_request_and_start_a_1_1_with_a_report(org) -> None:
    assert _actions(org.manager.user, org.report) == {"Give feedback", "Request feedback", "Start a 1:1"}
    page = client_for(org.manager.user).get(reverse("people:profile", args=[org.report.pk])).content.decode()
    assert f'href="{reverse("feedback:give")}?to={org.report.pk}"' in page
    assert f'href="{reverse("feedback:request_new")}?about={org.report.pk}"' in page
    assert f'href="{reverse("meetings:series_new")}?person={org.report.pk}"' in page


def test_a_colleague_may_give_feedback_but_not_request_it_about_someone_else(org) -> None:
    assert _actions(org.report2.user, org.report) == {"Give feedback", "Start a 1:1"}


def test_on_my_own_profile_i_may_only_request_feedback(org) -> None:
    assert _actions(org.report.user, org.report) == {"Request feedback"}


def test_no_start_a_1_1_when_one_is_running(org) -> None:
    Series.objects.create(manager=org.manager, employee=org.report)
    assert "Start a 1:1" not in _actions(org.report.user, org.manager)
    assert "Start a 1:1" not in _actions(org.manager.user, org.report)


def test_nothing_to_do_for_someone_who_left(org) -> None:
    assert _actions(org.hr.user, org.gone) == set()  # only HR still opens their profile


def test_the_profile_shows_the_goals_the_viewer_may_see(org) -> None:
    cycle = make_cycle()
    make_goal(org.report.user, cycle, owner=org.report, title="Ship the public roadmap")
    make_goal(org.report.user, cycle, owner=org.report, title="Private growth plan", visibility="private")
    peer_view = (
        client_for(org.report2.user).get(reverse("people:profile", args=[org.report.pk])).content.decode()
    )
    assert "Ship the public roadmap" in peer_view and "Private growth plan" not in peer_view
    own = client_for(org.report.user).get(reverse("people:profile", args=[org.report.pk])).content.decode()
    assert "Ship the public roadmap" in own and "Private growth plan" in own
