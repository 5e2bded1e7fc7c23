"""Gap arithmetic against hand-computed answers: one person at a time (current and next level) and
the heatmap (shares per group), across a version change and an assessment on another track."""

import pytest

from cadence.competencies import selectors
from cadence.competencies.gaps import GapState, GroupBy, compare, heatmap, person_gaps
from cadence.competencies.models import Level
from cadence.people.testing import DepartmentFactory, EmployeeFactory

from . import career_factories as c
from .factories import add_competency, make_framework

pytestmark = pytest.mark.django_db
B, A, U, N = GapState.BELOW, GapState.AT, GapState.ABOVE, GapState.NOT_ASSESSED


def _states(person):
    result = person_gaps(person, selectors.placement_current(person))
    return {row.competency.key: (row.state, row.gap, row.next_state, row.next_gap) for row in result.rows}


def test_compare():
    assert [compare(None, 2), compare(1, 2), compare(2, 2), compare(3, 2)] == [N, B, A, U]


def test_one_person_against_their_level_and_the_next(org):
    fw = make_framework()
    c.place(org.report, c.level(fw, "IC3"))  # rank 2; the next level IC4 is rank 3
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC3"))
    c.assess(org.report, c.competency(fw, "comp-2"), c.level(fw, "IC4"), days_ago=30)
    c.assess(org.report, c.competency(fw, "comp-2"), c.level(fw, "IC2"), days_ago=3)  # the latest counts
    c.assess(org.report, c.competency(fw, "comp-3"), c.level(fw, "IC5"))
    assert _states(org.report) == {
        "comp-1": (A, 0, B, -1),
        "comp-2": (B, -1, B, -2),
        "comp-3": (U, 2, U, 1),
        "comp-4": (N, None, N, None),
    }


def test_at_the_top_there_is_no_next_level(org):
    fw = make_framework(levels=3)
    c.place(org.report, c.level(fw, "IC3"))
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC3"))
    assert _states(org.report)["comp-1"] == (A, 0, None, None)


def test_an_assessment_on_another_track_compares_by_rank(org):
    fw = make_framework()
    c.place(org.report, c.level(fw, "M2"))  # rank 1
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC4"))  # rank 3
    c.assess(org.report, c.competency(fw, "comp-2"), c.level(fw, "M1"))  # rank 0
    states = _states(org.report)
    assert states["comp-1"] == (U, 2, U, 1)
    assert states["comp-2"] == (B, -1, B, -2)


def test_a_version_change_reads_old_rows_by_keys_in_the_new_version(org):
    fw = make_framework(competencies=4)
    v1 = fw.versions.get()
    c.place(org.report, c.level(fw, "IC2"))  # placed against v1
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC2"), days_ago=40)
    c.assess(org.report, c.competency(fw, "comp-2"), c.level(fw, "IC1"), days_ago=40)
    c.assess(org.report, c.competency(fw, "comp-4"), c.level(fw, "IC5"), days_ago=40)
    v2 = c.publish_next(fw, competencies=3)  # comp-4 is gone
    ic0 = c.level(fw, "IC1")
    # v2 puts a new first level before IC1: every IC level moves one rank up.
    Level.objects.create(track=ic0.track, key="ic0", code="IC0", title="Apprentice", position=0)
    c.assess(org.report, c.competency(fw, "comp-1", v2), c.level(fw, "IC3", v2), days_ago=2)
    states = _states(org.report)
    assert set(states) == {"comp-1", "comp-2", "comp-3"}
    assert states["comp-1"] == (U, 1, A, 0)  # the v2 assessment is the latest: IC3 (rank 3) vs IC2 (rank 2)
    assert states["comp-2"] == (B, -1, B, -2)  # the v1 assessment IC1 read in v2: rank 1
    assert states["comp-3"] == (N, None, N, None)
    assert (
        c.level(fw, "IC2", v1).pk != person_gaps(org.report, selectors.placement_current(org.report)).level.pk
    )


def test_a_level_removed_from_the_published_version_is_not_assessed(org):
    fw = make_framework(levels=5)
    c.place(org.report, c.level(fw, "IC2"))
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC5"))
    c.publish_next(fw, levels=4)  # IC5 is gone
    assert _states(org.report)["comp-1"][0] == N


def test_the_heatmap_counts_each_group_by_hand(org):
    fw = make_framework(competencies=2)
    only_mgmt = add_competency(fw.version, key="people-leadership", tracks=[c.level(fw, "M1").track])
    sales = DepartmentFactory(name="Sales")
    seller = EmployeeFactory(manager=org.ceo, department=sales)
    EmployeeFactory(manager=org.ceo, department=sales)  # not placed: left out, counted as unplaced
    c.place(org.manager, c.level(fw, "M2"))
    c.place(org.report, c.level(fw, "IC3"))
    c.place(org.report2, c.level(fw, "IC2"))
    c.place(seller, c.level(fw, "IC1"))
    # Engineering: manager M2, report IC3, report2 IC2. comp-1: manager at, report below, report2 above.
    c.assess(org.manager, c.competency(fw, "comp-1"), c.level(fw, "M2"))
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC2"))
    c.assess(org.report2, c.competency(fw, "comp-1"), c.level(fw, "IC4"))
    c.assess(org.manager, only_mgmt, c.level(fw, "M1"))
    c.assess(seller, c.competency(fw, "comp-2"), c.level(fw, "IC1"))
    result = heatmap(actor=org.hr.user, group_by=GroupBy.DEPARTMENT)
    assert [g.name for g in result.groups] == ["Engineering", "Sales"]
    assert [g.people for g in result.groups] == [3, 1]
    assert (result.people, result.unplaced) == (4, 5)  # unplaced: ceo, other, hr, subreport, the new one
    rows = {row.key: row.cells for row in result.rows}
    eng, sal = rows["comp-1"]
    assert eng.counts == {A: 1, B: 1, U: 1} and [eng.share(s) for s in (U, A, B)] == [33, 33, 33]
    assert sal.counts == {N: 1}
    eng2, sal2 = rows["comp-2"]
    assert eng2.counts == {N: 3} and sal2.counts == {A: 1} and sal2.share(A) == 100
    assert rows["people-leadership"][0].counts == {B: 1} and rows["people-leadership"][1] is None


def test_the_heatmap_of_a_manager_is_their_chain_and_filters_by_track(org):
    fw = make_framework(competencies=1)
    for person, code in (
        (org.report, "IC3"),
        (org.report2, "IC3"),
        (org.subreport, "M1"),
        (org.other, "IC1"),
    ):
        c.place(person, c.level(fw, code))
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC3"))
    mine = heatmap(actor=org.manager.user, group_by=GroupBy.TRACK)
    assert mine.people == 3  # report, report2, subreport: not other
    assert {g.name: g.people for g in mine.groups} == {"Individual contributor": 2, "Management": 1}
    ic = c.level(fw, "IC1").track_id
    only_ic = heatmap(actor=org.manager.user, group_by=GroupBy.TEAM, track_id=ic)
    assert only_ic.people == 2
    assert only_ic.rows[0].cells[0].counts == {A: 1, N: 1}


def test_the_heatmap_takes_the_latest_assessment_across_versions(org):
    fw = make_framework(competencies=1)
    v1 = fw.versions.get()
    c.place(org.report, c.level(fw, "IC2"))
    c.place(org.report2, c.level(fw, "IC2"))
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC4"), days_ago=5)  # v1, the newer
    c.assess(org.report2, c.competency(fw, "comp-1"), c.level(fw, "IC4"), days_ago=50)  # v1, the older
    v2 = c.publish_next(fw, competencies=1)
    for person in (org.report, org.report2):
        c.assess(person, c.competency(fw, "comp-1", v2), c.level(fw, "IC1", v2), days_ago=20)
    assert c.level(fw, "IC4", v1).track.framework_version == v1
    result = heatmap(actor=org.manager.user, group_by=GroupBy.DEPARTMENT)
    assert result.rows[0].cells[0].counts == {U: 1, B: 1}  # report above (v1 newer), report2 below (v2 newer)
    assert _states(org.report)["comp-1"][0] == U and _states(org.report2)["comp-1"][0] == B


def test_a_page_shows_the_largest_groups_only(org):
    fw = make_framework(competencies=1)
    sales = DepartmentFactory(name="Sales")
    c.place(EmployeeFactory(manager=org.ceo, department=sales), c.level(fw, "IC1"))
    for person in (org.report, org.report2):
        c.place(person, c.level(fw, "IC1"))
    result = heatmap(actor=org.hr.user, group_by=GroupBy.DEPARTMENT)
    assert [g.name for g in result.largest(1).groups] == ["Engineering"]
    assert len(result.largest(1).rows[0].cells) == 1
    assert result.largest(5) is result
