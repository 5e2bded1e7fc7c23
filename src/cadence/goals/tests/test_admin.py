"""The Django admin cannot break what the goal services keep: the alignment tree, paths, progress
and key results are read-only there."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cadence.goals.models import Goal, KeyResult

from .factories import kr, make_cycle, make_goal

# `admin_client` (pytest-django) is signed in as a superuser, the rights of a system admin.
pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(org):
    cycle = make_cycle()
    top = make_goal(org.hr.user, cycle, title="Top", key_results=[kr(0, 10, current=Decimal(5))])
    elsewhere = make_goal(org.hr.user, cycle, title="Elsewhere")
    middle = make_goal(org.hr.user, cycle, title="Middle", parent=top, key_results=[kr(0, 4)])
    below = make_goal(org.hr.user, cycle, title="Below", parent=middle)
    return top, elsewhere, middle, below


def _form_data(client: Client, url: str) -> dict:
    """What the admin's change form would send back unchanged: its editable fields' current values."""
    form = client.get(url).context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value not in (None, False)}


def test_a_goal_change_keeps_its_parent_paths_and_progress(admin_client, tree):
    top, elsewhere, middle, _below = tree
    state = {g.pk: (g.parent_id, g.path, g.progress) for g in Goal.objects.all()}
    url = reverse("admin:goals_goal_change", args=[middle.pk])
    data = _form_data(admin_client, url)
    assert "parent" not in data and "progress" not in data

    forged = {"parent": elsewhere.pk, "path": f"/{elsewhere.pk}/{middle.pk}/", "progress": "0.99"}
    response = admin_client.post(url, {**data, "title": "Renamed", **forged})

    assert response.status_code == 302  # saved: the descriptive fields stay editable
    assert Goal.objects.get(pk=middle.pk).title == "Renamed"
    assert {g.pk: (g.parent_id, g.path, g.progress) for g in Goal.objects.all()} == state
    assert state[middle.pk][0] == top.pk


def test_goals_cannot_be_added_or_deleted_in_the_admin(admin_client, tree):
    _top, _elsewhere, _middle, below = tree
    assert admin_client.get(reverse("admin:goals_goal_add")).status_code == 403
    response = admin_client.post(reverse("admin:goals_goal_delete", args=[below.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Goal.objects.filter(pk=below.pk).exists()


def test_key_results_are_view_only_in_the_admin(admin_client, tree):
    key_result = tree[0].key_results.get()
    url = reverse("admin:goals_keyresult_change", args=[key_result.pk])
    assert admin_client.get(url).status_code == 200  # still readable

    response = admin_client.post(url, {"title": "Forged", "target": "999", "current": "999", "weight": "9"})

    assert response.status_code == 403
    key_result.refresh_from_db()
    assert (key_result.title, key_result.target, key_result.current) == ("Measure", Decimal(10), Decimal(5))
    delete = admin_client.post(reverse("admin:goals_keyresult_delete", args=[key_result.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert KeyResult.objects.filter(pk=key_result.pk).exists()
