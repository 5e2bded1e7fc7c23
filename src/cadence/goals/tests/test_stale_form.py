"""The goal form opened by one person while another saves the goal: the issue's case of a stale
edit form that put a key result's target back from 50 to 10 and undid a new title. Now the save is
refused with a notice; what the person typed is kept, what they did not touch shows the other
person's value, and saving again keeps both."""

import pytest
from django.urls import reverse

from cadence.competencies.models import Competency, Framework
from cadence.core.testing import client_for, form_data
from cadence.goals import services
from cadence.goals.models import Goal, KeyResult

from .factories import kr, make_cycle, make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(org):
    return make_goal(
        org.report.user, make_cycle(), owner=org.report, title="Ship v2", key_results=[kr(0, 10)]
    )


def _opened(client, goal):
    page = client.get(reverse("goals:edit", args=[goal.pk]))
    return form_data(page.context["form"], page.context["formset"])


def _set_target_meanwhile(org, goal, target):
    row = {**kr(0, target), "id": KeyResult.objects.get(goal=goal).pk}
    services.goal_update(actor=org.report.user, goal=goal, version=goal.version, key_results=[row])


def test_a_stale_goal_form_keeps_the_typed_title_and_takes_the_new_target(org, goal):
    client = client_for(org.manager.user)
    data = _opened(client, goal)
    _set_target_meanwhile(org, goal, 50)  # the owner, while the manager's form is open
    data.update(title="Ship v2 to every customer", action="save")
    page = client.post(reverse("goals:edit", args=[goal.pk]), data)
    html = page.content.decode()
    assert page.status_code == 200 and "Someone else saved this while you were editing it" in html
    assert KeyResult.objects.get(goal=goal).target == 50 and Goal.objects.get(pk=goal.pk).title == "Ship v2"
    form, formset = page.context["form"], page.context["formset"]
    assert form["title"].value() == "Ship v2 to every customer"  # what the manager typed
    row = formset.forms[0]
    assert row["target"].value() == "50.00" and "target" in row.changed_meanwhile  # the owner's value
    assert "Changed meanwhile to: <strong>50.00</strong>, filled in above." in html
    assert form["version"].value() == "2"  # the version saved now: a second save overwrites knowingly
    again = client.post(reverse("goals:edit", args=[goal.pk]), {**form_data(form, formset), "action": "save"})
    assert again.status_code == 302
    saved = Goal.objects.get(pk=goal.pk)
    assert saved.title == "Ship v2 to every customer" and KeyResult.objects.get(goal=goal).target == 50


def test_a_stale_form_where_no_competency_framework_applies(org, goal):
    """Without any framework the form has no "develops competency" field: the conflict is still
    shown (it once looked the missing field up and answered 500)."""
    Competency.objects.all().delete()  # before their themes, which they protect
    Framework.objects.all().delete()
    client = client_for(org.manager.user)
    data = _opened(client, goal)
    assert "develops" not in data
    _set_target_meanwhile(org, goal, 50)
    page = client.post(reverse("goals:edit", args=[goal.pk]), {**data, "title": "Ship v3", "action": "save"})
    assert (
        page.status_code == 200
        and "Someone else saved this while you were editing it" in page.content.decode()
    )


def test_where_both_changed_a_field_the_typed_value_stays_with_the_saved_one_beside_it(org, goal):
    client = client_for(org.manager.user)
    data = _opened(client, goal)
    _set_target_meanwhile(org, goal, 50)
    data.update({"kr-0-target": "70", "action": "save"})
    page = client.post(reverse("goals:edit", args=[goal.pk]), data)
    row = page.context["formset"].forms[0]
    assert row["target"].value() == "70" and row.changed_meanwhile["target"].kept_yours
    assert "Changed meanwhile to: <strong>50.00</strong>. Saving again replaces it" in page.content.decode()
    assert KeyResult.objects.get(goal=goal).target == 50  # nothing written until saved again
    again = client.post(
        reverse("goals:edit", args=[goal.pk]),
        {**form_data(page.context["form"], page.context["formset"]), "action": "save"},
    )
    assert again.status_code == 302 and KeyResult.objects.get(goal=goal).target == 70


def test_a_key_result_added_meanwhile_is_kept_when_the_stale_form_is_saved_again(org, goal):
    client = client_for(org.manager.user)
    data = _opened(client, goal)
    first = {**kr(0, 10), "id": KeyResult.objects.get(goal=goal).pk}
    services.goal_update(
        actor=org.report.user,
        goal=goal,
        version=goal.version,
        key_results=[first, {**kr(0, 3), "title": "New one"}],
    )
    page = client.post(reverse("goals:edit", args=[goal.pk]), {**data, "action": "save"})
    assert "Someone added this key result meanwhile" in page.content.decode()
    again = client.post(
        reverse("goals:edit", args=[goal.pk]),
        {**form_data(page.context["form"], page.context["formset"]), "action": "save"},
    )
    assert again.status_code == 302
    assert sorted(KeyResult.objects.filter(goal=goal).values_list("title", flat=True)) == [
        "Measure",
        "New one",
    ]


def test_a_stale_cycle_form_of_hr_shows_what_the_other_admin_changed(org):
    from cadence.goals.cycles import cycle_update
    from cadence.goals.models import GoalCycle

    cycle = make_cycle(name="2026")
    client = client_for(org.hr.user)
    url = reverse("goals:cycle_edit", args=[cycle.pk])
    data = form_data(client.get(url).context["form"])
    cycle_update(actor=org.hr.user, cycle=cycle, version=cycle.version, checkin_cadence="monthly")
    page = client.post(url, {**data, "name": "Year 2026"})
    form = page.context["form"]
    assert form["name"].value() == "Year 2026" and form["checkin_cadence"].value() == "monthly"
    assert "Changed meanwhile to: <strong>Every month</strong>" in page.content.decode()
    assert client.post(url, form_data(form)).status_code == 302
    saved = GoalCycle.objects.get(pk=cycle.pk)
    assert (saved.name, saved.checkin_cadence) == ("Year 2026", "monthly")
