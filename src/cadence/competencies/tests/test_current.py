"""Assessment.is_current, the stored "latest of this person and competency key in its framework":
kept by the service (a normal recording, a backdated one, across two framework versions, two at
once), set again in bulk by assessments_refresh_current and the migration's backfill, and what the
heatmap counts."""

import datetime
import importlib
import random
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from cadence.competencies import services
from cadence.competencies.gaps import GapState, GroupBy, heatmap
from cadence.competencies.models import Assessment

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db
B, A, U, N = GapState.BELOW, GapState.AT, GapState.ABOVE, GapState.NOT_ASSESSED
NOW = timezone.now()


def _record(org, person, competency, level, *, days_ago=0, at=None):
    return services.assessment_record(
        actor=org.manager.user, person=person, competency=competency, level=level, source="manager",
        comment="Seen in the quarter.", assessed_at=at or NOW - datetime.timedelta(days=days_ago),
    )  # fmt: skip


def _current_ids():
    return set(Assessment.objects.filter(is_current=True).values_list("pk", flat=True))


def test_a_recording_is_current_and_the_one_before_is_not(org):
    fw = make_framework()
    comp = c.competency(fw, "comp-1")
    first = _record(org, org.report, comp, c.level(fw, "IC2"), days_ago=30)
    assert first.pk in _current_ids()
    other_key = _record(org, org.report, c.competency(fw, "comp-2"), c.level(fw, "IC2"), days_ago=40)
    someone_else = _record(org, org.report2, comp, c.level(fw, "IC1"), days_ago=50)
    second = _record(org, org.report, comp, c.level(fw, "IC3"), days_ago=1)
    assert _current_ids() == {second.pk, other_key.pk, someone_else.pk}
    c.assert_current_flags()


def test_a_backdated_recording_does_not_replace_a_newer_one(org):
    fw = make_framework()
    comp = c.competency(fw, "comp-1")
    newer = _record(org, org.report, comp, c.level(fw, "IC3"), days_ago=5)
    backdated = _record(org, org.report, comp, c.level(fw, "IC1"), days_ago=90)
    assert _current_ids() == {newer.pk}
    # The same moment: the later id is the newer.
    tie = _record(org, org.report, comp, c.level(fw, "IC2"), at=newer.assessed_at)
    assert _current_ids() == {tie.pk}
    assert backdated.pk > newer.pk
    c.assert_current_flags()


def test_the_next_versions_assessment_replaces_the_same_key_of_the_last(org):
    fw = make_framework(competencies=2)
    v1 = fw.versions.get()
    v1_comp, v1_other = c.competency(fw, "comp-1"), c.competency(fw, "comp-2")
    old = _record(org, org.report, v1_comp, c.level(fw, "IC2"), days_ago=60)
    kept = _record(org, org.report, v1_other, c.level(fw, "IC2"), days_ago=60)
    v2 = c.publish_next(fw, competencies=2)
    new = _record(org, org.report, c.competency(fw, "comp-1", v2), c.level(fw, "IC3", v2), days_ago=2)
    assert _current_ids() == {new.pk, kept.pk}
    # Backdated against v1, it stays behind the v2 one; a framework of its own with the same key
    # does not compete at all.
    _record(org, org.report, v1_comp, c.level(fw, "IC4", v1), days_ago=10)
    sales = make_framework(name="Sales", general=False, competencies=1)
    elsewhere = _record(org, org.report, c.competency(sales, "comp-1"), c.level(sales, "IC1"), days_ago=300)
    assert _current_ids() == {new.pk, kept.pk, elsewhere.pk}
    assert not Assessment.objects.get(pk=old.pk).is_current
    c.assert_current_flags()


def test_the_heatmap_counts_the_latest_by_hand(org):
    fw = make_framework(competencies=1)
    for person in (org.report, org.report2, org.subreport):
        c.place(person, c.level(fw, "IC2"))
    comp = c.competency(fw, "comp-1")
    _record(org, org.report, comp, c.level(fw, "IC4"), days_ago=5)  # above...
    _record(org, org.report, comp, c.level(fw, "IC1"), days_ago=50)  # ...a backdated below does not count
    _record(org, org.report2, comp, c.level(fw, "IC4"), days_ago=50)
    v2 = c.publish_next(fw, competencies=1)
    _record(org, org.report2, c.competency(fw, "comp-1", v2), c.level(fw, "IC2", v2), days_ago=3)  # at
    # subreport: not assessed
    result = heatmap(actor=org.manager.user, group_by=GroupBy.DEPARTMENT)
    assert result.rows[0].cells[0].counts == {U: 1, A: 1, N: 1}
    assert result.people == 3


def test_a_row_written_past_the_services_counts_once_it_is_refreshed(org):
    fw = make_framework(competencies=1)
    c.place(org.report, c.level(fw, "IC2"))
    comp = c.competency(fw, "comp-1")
    _record(org, org.report, comp, c.level(fw, "IC1"), days_ago=20)
    Assessment.objects.create(
        employee=org.report, competency=comp, level=c.level(fw, "IC3"), source="manager",
        assessed_at=NOW - datetime.timedelta(days=1),
    )  # fmt: skip
    # Not current until someone says so: the row is counted nowhere rather than twice.
    assert heatmap(actor=org.hr.user, group_by=GroupBy.TRACK).rows[0].cells[0].counts == {B: 1}
    assert services.assessments_refresh_current(people=[org.report]) == 2
    assert heatmap(actor=org.hr.user, group_by=GroupBy.TRACK).rows[0].cells[0].counts == {U: 1}


def _random_history(org, rng):
    fw = make_framework(competencies=3)
    v1 = [c.competency(fw, f"comp-{i}") for i in (1, 2, 3)]
    levels_v1 = [c.level(fw, f"IC{i}") for i in (1, 2, 3)]
    v2 = c.publish_next(fw, competencies=3)
    v2_rows = [c.competency(fw, f"comp-{i}", v2) for i in (1, 2, 3)]
    levels_v2 = [c.level(fw, f"IC{i}", v2) for i in (1, 2, 3)]
    people = [org.report, org.report2, org.subreport]
    stamps = [NOW - datetime.timedelta(days=d) for d in (1, 2, 3)]  # few: ties happen
    rows = []
    for _ in range(60):
        version = rng.randrange(2)
        rows.append(
            Assessment(
                employee=rng.choice(people), competency=rng.choice((v1, v2_rows)[version]),
                level=rng.choice((levels_v1, levels_v2)[version]), source="manager",
                assessed_at=rng.choice(stamps), is_current=rng.random() < 0.5,
            )
        )  # fmt: skip
    Assessment.objects.bulk_create(rows)


def test_a_refresh_sets_every_flag_whatever_they_were(org):
    _random_history(org, random.Random(11))
    services.assessments_refresh_current(people=[org.report])
    c.assert_current_flags(people=[org.report.pk])
    services.assessments_refresh_current()
    c.assert_current_flags()


def test_the_migrations_backfill_sets_every_flag(org):
    _random_history(org, random.Random(12))
    migration = importlib.import_module("cadence.competencies.migrations.0003_assessment_is_current")
    migration.mark_current(apps, None)
    c.assert_current_flags()


@pytest.mark.django_db(transaction=True)
def test_two_recordings_at_once_leave_one_current(org):
    """With real threads, one connection each: without the lock on the person, each transaction
    could mark its own row current from what it saw before the other committed."""
    fw = make_framework(competencies=1)
    comp, level = c.competency(fw, "comp-1"), c.level(fw, "IC2")
    _record(org, org.report, comp, level, days_ago=10)
    barrier, errors = threading.Barrier(3), []

    def record(days_ago):
        try:
            barrier.wait()
            _record(org, org.report, comp, level, days_ago=days_ago)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(d,)) for d in (1, 2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Assessment.objects.filter(employee=org.report).count() == 4
    assert Assessment.objects.filter(employee=org.report, is_current=True).count() == 1
    c.assert_current_flags()
