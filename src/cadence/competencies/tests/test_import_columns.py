"""The people import's `track` and `level` columns: a track by key or name and a level by code in a
framework that applies to the person; errors by row and column in the dry run; applying places
people (hire for new people, correction for others) and leaves rows that change nothing alone."""

import datetime

import pytest
from django.utils import timezone

from cadence.competencies.models import Placement
from cadence.core.testing import count_queries
from cadence.people.models import Employee
from cadence.people.tests.test_importing import HEADER, make_csv, person_row, row_for, run

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db
COLUMNS = [*HEADER, "track", "level"]


@pytest.fixture
def fw(db):
    return make_framework()


def _csv(*rows):
    return make_csv(rows, header=COLUMNS)


def test_new_people_are_placed_as_hires_from_the_import_date(org, fw):
    content = _csv(
        person_row("N-1", track="ic", level="IC2"), person_row("N-2", track="Management", level="m1")
    )
    plan = run(org, content)
    assert plan.valid and plan.rows[0].changes["level"] == [None, "Individual contributor IC2"]
    assert not Placement.objects.exists()  # a dry run writes nothing
    assert run(org, content, dry_run=False).applied
    placed = {p.employee.employee_id: p for p in Placement.objects.select_related("employee", "level")}
    assert {k: (p.level.code, p.reason, p.effective_from) for k, p in placed.items()} == {
        "N-1": ("IC2", "hire", timezone.localdate()),
        "N-2": ("M1", "hire", timezone.localdate()),
    }


def test_existing_people_get_a_correction_and_unchanged_rows_are_left_alone(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    c.place(org.report2, c.level(fw, "IC3"))
    content = _csv(
        row_for(org.report, track="ic", level="IC3"), row_for(org.report2, track="ic", level="IC3")
    )
    plan = run(org, content)
    assert [r.action for r in plan.rows] == ["update", "unchanged"]
    assert plan.rows[0].changes == {"level": ["Individual contributor IC2", "Individual contributor IC3"]}
    version = Employee.objects.get(pk=org.report.pk).version
    assert run(org, content, dry_run=False).applied
    latest = Placement.objects.filter(employee=org.report).order_by("-effective_from", "-id").first()
    assert (latest.level.code, latest.reason) == ("IC3", "correction")
    assert Placement.objects.filter(employee=org.report2).count() == 1
    # The person's record was not rewritten for a new level (open forms do not meet a conflict).
    assert Employee.objects.get(pk=org.report.pk).version == version
    # The same file again changes nothing.
    assert [r.action for r in run(org, content).rows] == ["unchanged", "unchanged"]


def test_a_level_alone_reads_the_track_they_are_on(org, fw):
    c.place(org.report, c.level(fw, "M2"))
    assert run(org, _csv(row_for(org.report, level="M3")), dry_run=False).applied
    assert Placement.objects.filter(employee=org.report).latest("id").level.code == "M3"


def test_errors_name_the_row_and_the_column(org, fw):
    content = _csv(
        person_row("E-1", track="sales", level="IC2"),
        person_row("E-2", track="ic", level="M2"),
        person_row("E-3", level="IC2"),
        person_row("E-4", track="ic"),
        person_row("E-5", track="ic", level="IC1"),
    )
    report = run(org, content, dry_run=False)
    assert not report.applied and not Placement.objects.exists()
    assert not Employee.objects.filter(employee_id__startswith="E-").exists()  # all or nothing
    errors = {(e["row"], e["column"]): e["message"] for e in report.errors}
    assert set(errors) == {(2, "track"), (3, "level"), (4, "track"), (5, "level")}
    assert "sales" in errors[(2, "track")] and "ic, mgmt" in errors[(2, "track")]
    assert "IC1, IC2, IC3, IC4, IC5" in errors[(3, "level")]
    assert report.rows[4].action == "create"


def test_a_department_with_its_own_framework_offers_its_tracks(org, fw):
    sales = make_framework(name="Sales", tracks=("sales",), general=False)
    sales.departments.add(org.people_dept)
    content = _csv(
        person_row("S-1", department="People", track="sales", level="SALES2"),
        person_row("S-2", department="Engineering", track="sales", level="SALES2"),
    )
    report = run(org, content)
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "track")]
    assert report.rows[0].changes["level"] == [None, "Sales SALES2"]


def test_queries_do_not_grow_with_the_rows(org, fw):
    def file(n):
        return _csv(*[person_row(f"Q-{i}", track="ic", level=f"IC{1 + i % 5}") for i in range(n)])

    small, large = count_queries(lambda: run(org, file(3))), count_queries(lambda: run(org, file(30)))
    assert small == large


def test_the_earlier_placement_stays_as_history(org, fw):
    c.place(org.report, c.level(fw, "IC1"), days_ago=400)
    run(org, _csv(row_for(org.report, track="ic", level="IC2")), dry_run=False)
    history = Placement.objects.filter(employee=org.report).order_by("effective_from")
    assert [(p.level.code, p.effective_from) for p in history] == [
        ("IC1", timezone.localdate() - datetime.timedelta(days=400)),
        ("IC2", timezone.localdate()),
    ]
