"""Titles and names lose their bidirectional control characters at the input boundary (form posts:
core.middleware; API bodies: core.schemas.InputSchema), longer text keeps them; length limits are
shown as data-maxlength (a counter warns) instead of maxlength (the browser cuts silently)."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for
from cadence.core.text import BIDI_CONTROLS, is_title_or_name, without_bidi_controls
from cadence.goals.models import GoalComment
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.people.forms import DepartmentForm
from cadence.people.models import Department, Employee

pytestmark = pytest.mark.django_db

# "Aliceexe.png" to the eye: the override reverses what follows it.
SPOOF = "Alice\u202egnp.exe"


def test_every_bidi_control_is_removed_and_other_text_is_kept():
    assert without_bidi_controls(f"a{BIDI_CONTROLS}b") == "ab"
    assert without_bidi_controls("שלום Ünïcode ✓") == "שלום Ünïcode ✓"
    assert len(BIDI_CONTROLS) == 12  # U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("title", True),
        ("name", True),
        ("first_name", True),
        ("job_title", True),
        ("kr-0-title", True),
        ("d-name", True),
        ("body", False),
        ("message", False),
        ("names_list", False),
        ("csrfmiddlewaretoken", False),
    ],
)
def test_titles_and_names_are_known_by_their_field_name(key, expected):
    assert is_title_or_name(key) is expected


def test_a_form_post_stores_a_name_without_bidi_controls(org):
    response = client_for(org.hr.user).post(
        reverse("people:departments"), {"kind": "department", "d-name": SPOOF, "d-parent": ""}
    )
    assert response.status_code == 302
    assert Department.objects.filter(name="Alicegnp.exe").exists()


def test_an_api_body_stores_names_and_titles_without_bidi_controls(org):
    response = client_for(org.hr.user).patch(
        f"/api/v1/people/{org.report.pk}",
        {"first_name": SPOOF, "job_title": "\u2067Boss\u2069", "version": org.report.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    person = Employee.objects.get(pk=org.report.pk)
    assert (person.first_name, person.job_title) == ("Alicegnp.exe", "Boss")


def test_longer_text_keeps_its_direction_marks(org):
    goal = make_goal(org.report.user, make_cycle(), owner=org.report)
    body = "\u202bשלום\u202c and hello"
    response = client_for(org.report.user).post(reverse("goals:comment", args=[goal.pk]), {"body": body})
    assert response.status_code in {200, 302}
    assert GoalComment.objects.get(goal=goal).body == body


def test_a_length_limit_is_rendered_for_the_counter_not_for_the_browser_to_cut():
    html = str(DepartmentForm()["name"])
    assert 'data-maxlength="150"' in html
    assert " maxlength=" not in html


def test_a_text_over_the_limit_is_refused_with_a_clear_message_not_cut(org):
    response = client_for(org.hr.user).post(
        reverse("people:departments"), {"kind": "department", "d-name": "x" * 151, "d-parent": ""}
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 151)." in response.content.decode()
    assert not Department.objects.filter(name__startswith="xxx").exists()
