"""What goals must not give away: who exists (the owner oracle), how many private goals someone
has (the owner's goal count), and where a `next` address may send the browser."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for
from cadence.goals import selectors
from cadence.goals.forms import GoalForm
from cadence.goals.models import Goal

from .factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db


def _create_goal_for(client, cycle, owner_id):
    payload = {"cycle_id": cycle.pk, "title": "Ship it", "owner_employee_id": owner_id}
    return client.post("/api/v1/goals", payload, content_type="application/json")


def test_a_hidden_owner_answers_like_a_missing_one(org):
    cycle = make_cycle()
    client = client_for(org.report2.user)
    hidden = _create_goal_for(client, cycle, org.gone.pk)  # inactive: not in Ravi's directory
    missing = _create_goal_for(client, cycle, 999999)
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json()["errors"] == {"owner_employee_id": [f"No owner employee with id {org.gone.pk}."]}
    assert missing.json()["errors"] == {"owner_employee_id": ["No owner employee with id 999999."]}
    assert not Goal.objects.filter(title="Ship it").exists()


def _owner_errors(org, **owner):
    data = {"cycle": make_cycle().pk, "title": "Ship it", "level": "individual", **owner}
    form = GoalForm(data, actor=org.report2.user)
    form.is_valid()
    return form.errors["owner"]


def test_the_goal_form_names_a_hidden_owner_like_a_missing_one(org):
    """Typed (no JavaScript) or picked by id, a person the actor may not see is nobody."""
    assert _owner_errors(org, owner_search=org.gone.email) == [f"Nobody matches “{org.gone.email}”."]
    assert _owner_errors(org, owner_search="nobody@example.com") == ["Nobody matches “nobody@example.com”."]
    gone = "Someone you chose is no longer available to choose."
    assert _owner_errors(org, owner=str(org.gone.pk)) == _owner_errors(org, owner="999999") == [gone]


def test_the_owner_goal_count_leaves_out_goals_the_viewer_cannot_see(org):
    cycle = make_cycle()
    public = make_goal(org.report.user, cycle, owner=org.report)
    private = make_goal(org.report.user, cycle, owner=org.report, title="Private", visibility="private")
    colleague = selectors.goal_page(actor=org.report2.user, goal_id=public.pk)
    assert colleague.owner_goal_count == 1
    assert selectors.goal_page(actor=org.hr.user, goal_id=public.pk).owner_goal_count == 2
    assert (
        selectors.owner_goal_count(
            actor=org.report.user, cycle_id=cycle.pk, owner_id=org.report.pk, exclude_id=private.pk
        )
        == 1
    )


@pytest.mark.parametrize(
    ("next_url", "lands_on_goal"),
    [("https://evil.example/x", True), ("//evil.example/x", True), ("/goals/", False)],
)
def test_approve_redirects_only_within_the_site(org, next_url, lands_on_goal):
    goal = make_goal(org.report.user, make_cycle(), owner=org.report)
    response = client_for(org.manager.user).post(reverse("goals:approve", args=[goal.pk]), {"next": next_url})
    assert response.status_code == 302
    detail = reverse("goals:detail", args=[goal.pk])
    assert response["Location"] == (detail if lands_on_goal else next_url)
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.APPROVED
