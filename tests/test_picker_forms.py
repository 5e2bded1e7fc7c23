"""Every "choose a colleague" form takes the people picker's ids, and without JavaScript a typed
name: one that matches one person resolves, one that matches several shows the form again with
those people to tick, keeping everything else typed (people.picker, core.picker)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.core.testing import client_for
from cadence.feedback.forms import FeedbackForm, FeedbackRequestForm, PraiseForm
from cadence.feedback.models import FeedbackRequest, Praise
from cadence.feedback.tests.factories import value
from cadence.goals.forms import GoalForm
from cadence.goals.models import Goal
from cadence.goals.tests.factories import make_cycle
from cadence.meetings.forms import SeriesForm
from cadence.meetings.models import AgendaTemplate, Series
from cadence.people.testing import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def emmas(org):
    return [
        EmployeeFactory(first_name="Emma", last_name="Weber", manager=org.ceo),
        EmployeeFactory(first_name="Emma", last_name="Schulz", manager=org.ceo),
    ]


def ticks(html, name):
    """The ids offered to tick (the several-matches step) under this field name."""
    return {int(pk) for pk in re.findall(rf'type="(?:checkbox|radio)" name="{name}" value="(\d+)">', html)}


def test_praise_to_two_people_without_javascript(org, emmas):
    client = client_for(org.report.user)
    url = reverse("feedback:praise_new")
    own_it = value()
    typed = {
        "recipients_search": "emma",
        "values": [own_it.pk],
        "message": "Thanks for the launch",
        "visibility": "public",
    }
    first = client.post(url, typed)
    page = first.content.decode()
    assert first.status_code == 200 and not Praise.objects.exists()
    assert "Several match “emma”: choose below." in page
    assert ticks(page, "recipients") == {e.pk for e in emmas}
    assert "Thanks for the launch" in page  # what was typed is kept
    done = client.post(url, {**typed, "recipients_search": "", "recipients": [e.pk for e in emmas]})
    assert done.status_code == 302
    assert set(Praise.objects.get().recipients.all()) == set(emmas)


def test_praise_mixes_chips_and_a_unique_typed_name(org, emmas):
    form = PraiseForm(
        {
            "recipients": [str(emmas[0].pk)],
            "recipients_search": "ravi",
            "values": [value().pk],
            "message": "x",
            "visibility": "public",
        },
        actor=org.report.user,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["recipients"] == [emmas[0], org.report2]


def test_the_form_shown_again_keeps_resolved_people_as_chips(org, emmas):
    form = PraiseForm(
        {"recipients_search": "ravi, emma, nobody at all", "values": [value().pk], "message": "x"},
        actor=org.report.user,
    )
    assert not form.is_valid()
    assert form.errors["recipients"] == [
        "Nobody matches “nobody at all”.",
        "Several match “emma”: choose below.",
    ]
    html = str(form["recipients"])
    assert f'name="recipients" value="{org.report2.pk}" checked' in html  # Ravi resolved: a chip
    assert 'value="nobody at all"' in html  # the unmatched name stays in the box
    assert ticks(html, "recipients") == {e.pk for e in emmas}


def test_praise_refuses_more_than_ten_and_inactive_people(org):
    people = [EmployeeFactory(manager=org.ceo) for _ in range(11)]
    data = {"recipients": [str(p.pk) for p in people], "values": [value().pk], "message": "x"}
    form = PraiseForm(data, actor=org.report.user)
    assert not form.is_valid() and form.errors["recipients"] == ["Choose at most 10."]
    gone = PraiseForm({**data, "recipients": [str(org.gone.pk)]}, actor=org.report.user)
    assert not gone.is_valid()
    assert gone.errors["recipients"] == ["Someone you chose is no longer available to choose."]


def test_feedback_takes_one_person_and_lists_matches_as_radios(org, emmas):
    several = FeedbackForm(
        {"recipient_search": "Emma", "body": "b", "visibility": "recipient"}, actor=org.report.user
    )
    assert not several.is_valid()
    assert 'type="radio" name="recipient"' in str(several["recipient"])
    picked = FeedbackForm(
        {"recipient": str(emmas[1].pk), "body": "b", "visibility": "recipient"}, actor=org.report.user
    )
    assert picked.is_valid() and picked.cleaned_data["recipient"] == emmas[1]
    two = FeedbackForm(
        {"recipient": [str(e.pk) for e in emmas], "body": "b", "visibility": "recipient"},
        actor=org.report.user,
    )
    assert not two.is_valid() and two.errors["recipient"] == ["Choose only one."]


def test_give_feedback_page_resolves_a_typed_full_name(org, emmas):
    client = client_for(org.report.user)
    response = client.post(
        reverse("feedback:give"),
        {"recipient_search": "emma schulz", "body": "Clear notes in the review.", "visibility": "recipient"},
    )
    assert response.status_code == 302
    assert emmas[1].feedback_received.get().body == "Clear notes in the review."


def test_a_feedback_request_asks_the_people_picked(org, emmas):
    me = org.report
    form = FeedbackRequestForm(
        {"about": str(me.pk), "respondents": [str(e.pk) for e in emmas]}, actor=me.user, me=me
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["respondents"] == emmas
    page = client_for(me.user).post(
        reverse("feedback:request_new"), {"about": str(me.pk), "respondents_search": "emma"}
    )
    assert ticks(page.content.decode(), "respondents") == {e.pk for e in emmas}
    assert not FeedbackRequest.objects.exists()


def test_the_goal_form_takes_owner_and_contributors_by_id(org, emmas):
    data = {
        "cycle": make_cycle().pk,
        "title": "Ship it",
        "level": "individual",
        "owner": str(emmas[0].pk),
        "contributors": [str(e.pk) for e in emmas],
        "goal_type": Goal.Type.PERFORMANCE,
        "visibility": Goal.Visibility.PUBLIC,
        "weight": "1",
    }
    form = GoalForm(data, actor=org.hr.user)
    assert form.is_valid(), form.errors
    fields = form.service_fields()
    assert fields["owner_employee"] == emmas[0] and fields["contributors"] == emmas
    mine = GoalForm({**data, "owner": ""}, actor=org.report.user)
    assert mine.is_valid() and mine.service_fields()["owner_employee"] == org.report  # empty: me


def test_a_new_one_on_one_takes_a_partner_and_refuses_anyone_else(org):
    templates = AgendaTemplate.objects.none()
    first = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"cadence": "weekly", "duration_minutes": "30", "first_meeting_at": first}
    form = SeriesForm({**data, "person": str(org.report.pk)}, actor=org.manager.user, templates=templates)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == org.report
    typed = SeriesForm({**data, "person_search": "ravi"}, actor=org.manager.user, templates=templates)
    assert typed.is_valid() and typed.cleaned_data["person"] == org.report2
    other = SeriesForm({**data, "person": str(org.other.pk)}, actor=org.manager.user, templates=templates)
    assert not other.is_valid() and "person" in other.errors
    not_mine = SeriesForm({**data, "person_search": "otto"}, actor=org.manager.user, templates=templates)
    assert not not_mine.is_valid() and not_mine.errors["person"] == ["Nobody matches “otto”."]


def test_the_new_one_on_one_page_starts_a_series_with_the_picked_report(org):
    first = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client_for(org.manager.user).post(
        reverse("meetings:series_new"),
        {
            "person": str(org.report2.pk),
            "cadence": "weekly",
            "duration_minutes": "30",
            "first_meeting_at": first,
        },
    )
    assert response.status_code == 302
    assert Series.objects.get().employee == org.report2
