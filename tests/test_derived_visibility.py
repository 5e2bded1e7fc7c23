"""Derived data follows its source: a title or label taken from another object shows only where that
object is visible (DESIGN.md). Reproduces two leaks: the team goals list printed a private parent
goal's title, and feedback's competency showed on feedback whose text the viewer may not read."""

import pytest

from cadence.core.testing import client_for
from cadence.feedback.tests.factories import feedback, protect
from cadence.goals.models import Goal
from cadence.goals.tests.factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db


def test_a_private_parent_goals_title_shows_only_to_those_who_may_see_it(org):
    cycle = make_cycle()
    secret = make_goal(org.manager.user, cycle, owner=org.manager, title="Quietly replace vendor X")
    Goal.objects.filter(pk=secret.pk).update(visibility=Goal.Visibility.PRIVATE)
    child = make_goal(org.manager.user, cycle, owner=org.report, title="Ship the export", parent=secret)
    peer = client_for(org.report2.user)
    page = peer.get("/goals/team/").content.decode()
    assert "Ship the export" in page and "replace vendor X" not in page
    api = peer.get(f"/api/v1/goals/{child.pk}").json()
    assert api["parent_id"] is None
    assert "replace vendor X" in client_for(org.manager.user).get("/goals/team/").content.decode()
    assert client_for(org.hr.user).get(f"/api/v1/goals/{child.pk}").json()["parent_id"] == secret.pk


@pytest.mark.parametrize("protected", [False, True])
def test_feedbacks_competency_follows_its_text(org, protected):
    protect(protected)
    item = feedback(org.report, org.report2, body="Great call", visibility="recipient")
    item.competency = "Negotiation under pressure"
    item.save(update_fields=["competency"])
    for reader in (org.manager, org.hr):  # they may know feedback exists, not what it was about
        client = client_for(reader.user)
        api = client.get(f"/api/v1/feedback/{item.pk}")
        assert api.status_code == 200
        assert api.json()["body"] is None and api.json()["competency"] is None
        assert "Negotiation" not in client.get(f"/feedback/{item.pk}/").content.decode()
    recipient = client_for(org.report2.user)
    assert recipient.get(f"/api/v1/feedback/{item.pk}").json()["competency"] == "Negotiation under pressure"
    assert "Negotiation" in recipient.get(f"/feedback/{item.pk}/").content.decode()
