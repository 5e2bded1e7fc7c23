"""The career section and action on a person's profile: track and level with promotions and moves
as dated events for the person, their chain and HR only; readiness for their managers and HR only."""

import pytest
from django.urls import reverse

from cadence.competencies.models import Placement
from cadence.core.testing import assert_flat_queries, budget, client_for

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(org):
    fw = make_framework()
    c.place(org.report, c.level(fw, "IC2"), days_ago=400)
    c.place(org.report, c.level(fw, "IC3"), days_ago=30, reason="promotion")
    mark = c.mark(org.report, "ready_soon")
    mark.evidence = "Ran the storage migration end to end."
    mark.save()
    return fw


def _profile(user, person):
    response = client_for(user).get(reverse("people:profile", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_person_sees_their_level_and_promotions_but_not_readiness(org, placed):
    html = _profile(org.report.user, org.report)
    assert "IC3 Individual contributor 3 on the Individual contributor track" in html
    assert "Promotion" in html and "First placement" in html
    assert reverse("competencies:career_person", args=[org.report.pk]) in html
    assert "Ran the storage migration" not in html


@pytest.mark.parametrize("who", ["manager", "ceo", "hr"])
def test_the_chain_and_hr_see_history_and_readiness(org, placed, who):
    html = _profile(getattr(org, who).user, org.report)
    assert "Promotions and moves" in html and "Ran the storage migration" in html


@pytest.mark.parametrize("who", ["report2", "other", "subreport"])
def test_colleagues_outside_the_chain_see_no_career_section_nor_action(org, placed, who):
    html = _profile(getattr(org, who).user, org.report)
    assert "Promotions and moves" not in html and "IC3" not in html
    assert "Ran the storage migration" not in html
    assert reverse("competencies:career_person", args=[org.report.pk]) not in html


@budget("people:profile")
def test_the_career_section_adds_a_fixed_number_of_queries(org):
    fw = make_framework()
    client = client_for(org.manager.user)
    levels = [c.level(fw, f"IC{n}") for n in range(1, 6)]

    def grow(n):
        start = Placement.objects.filter(employee=org.report).count()
        for i in range(start, start + n):
            c.place(org.report, levels[i % 5], days_ago=2000 - i, reason="promotion")

    url = reverse("people:profile", args=[org.report.pk])
    # session, user, viewer, the person, their managers, reports, the chain's size; the career section:
    # the placement history with levels, tracks and versions (one), the readiness marks (one); praise,
    # goals, whether a 1:1 exists, the unread badge
    assert_flat_queries(lambda: client.get(url), grow, queries=13)
