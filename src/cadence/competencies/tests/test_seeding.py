"""The competencies part of `cadence seed`: everyone placed on the starting framework by their HRIS
level, some promoted in the year, one to three assessments a quarter from managers and feedback,
readiness marked by managers. tests/test_scale_seed_determinism.py compares two seedings' rows."""

import datetime
from collections import Counter

import pytest
from django.db.models import F

from cadence.competencies.demo import general_level_key
from cadence.competencies.models import Assessment, Placement, PromotionReadiness
from cadence.competencies.seeding import seed_competencies
from cadence.config.seeding import _context
from cadence.people.models import Employee
from cadence.people.seeding import seed_organisation

from .career_factories import assert_current_flags

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 18, 15, 30, tzinfo=datetime.UTC)
SIZE = 150


def _seed(seed=3):
    org = seed_organisation(employees=SIZE, seed=seed, today=NOW.date())
    ctx = _context(org.ceo, seed, NOW)
    seed_competencies(ctx)
    return ctx


def test_everyone_is_placed_at_their_hris_level_and_some_were_promoted(db):
    ctx = _seed()
    assert ctx.counts["competencies.placements"] == Placement.objects.count()
    latest = {}
    for p in Placement.objects.select_related("level__track").order_by("effective_from", "id"):
        latest[p.employee_id] = p
    people = dict(Employee.objects.values_list("pk", "job_level"))
    assert set(latest) == set(people)
    assert all((p.level.track.key, p.level.key) == general_level_key(people[pk]) for pk, p in latest.items())
    promoted = Placement.objects.filter(reason=Placement.Reason.PROMOTION)
    assert 0.04 * SIZE <= promoted.count() <= 0.25 * SIZE
    year_ago = NOW.date() - datetime.timedelta(days=365)
    assert all(year_ago <= p.effective_from <= NOW.date() for p in promoted)


def test_assessments_spread_over_the_year_from_managers_and_feedback(db):
    _seed()
    per_person = Counter(Assessment.objects.values_list("employee_id", flat=True))
    assert 3 <= sum(per_person.values()) / SIZE <= 12
    sources = Counter(Assessment.objects.values_list("source", flat=True))
    assert sources["manager"] > sources["feedback"] > 0.1 * sources["manager"]
    managers = dict(Employee.objects.values_list("pk", "manager__user_id"))
    by_manager = Assessment.objects.filter(source="manager").values_list("employee_id", "assessed_by_id")
    assert all(managers[person] == by for person, by in by_manager)
    # Each assessment's level is on the track of the competency's version (the starting framework).
    assert not Assessment.objects.exclude(
        level__track__framework_version=F("competency__framework_version")
    ).exists()
    stamps = Assessment.objects.values_list("assessed_at", flat=True)
    assert min(stamps) >= NOW - datetime.timedelta(days=365) and max(stamps) <= NOW
    assert_current_flags()  # written set-based, then the latest of each flagged in one statement


def test_readiness_is_marked_by_managers_for_some(db):
    _seed()
    marks = PromotionReadiness.objects.values_list("employee__manager__user_id", "marked_by_id")
    assert 0.05 * SIZE <= len(marks) <= 0.3 * SIZE
    assert all(manager == by for manager, by in marks)
