"""The demo organisation's competencies: both frameworks, everyone placed, promotions, assessments
from managers and from the demo feedback, readiness, a department with a visible gap; idempotent."""

import pytest
from django.db.models import Count

from cadence.competencies.demo import GAP_COMPETENCIES, GAP_DEPARTMENT, SALES_NAME, seed_demo_competencies
from cadence.competencies.gaps import GapState, person_gaps
from cadence.competencies.models import Assessment, Framework, FrameworkVersion, Placement, PromotionReadiness
from cadence.competencies.selectors import placement_current
from cadence.feedback.demo import seed_demo_feedback
from cadence.feedback.models import Feedback
from cadence.people.models import Department, Employee
from cadence.people.seeding import seed_demo

from .career_factories import assert_current_flags

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    seed_demo()
    assert seed_demo_competencies()
    seed_demo_feedback()


def test_two_published_frameworks_and_everyone_placed(demo):
    assert Framework.objects.filter(is_general=True).exists()
    sales = Framework.objects.get(name=SALES_NAME)
    assert sales.versions.filter(status=FrameworkVersion.Status.PUBLISHED).exists()
    assert sales.departments.filter(name="Sales").exists()
    active = Employee.objects.filter(status=Employee.Status.ACTIVE)
    assert all(placement_current(p) is not None for p in active)
    tracks = set(Placement.objects.values_list("level__track__key", flat=True))
    assert {"ic", "mgmt", "sales"} <= tracks
    ceo = active.get(manager__isnull=True)
    assert placement_current(ceo).level.code == "M5"
    assert Placement.objects.filter(reason=Placement.Reason.PROMOTION).count() >= 3


def test_assessments_from_managers_and_feedback_and_readiness(demo):
    assert Assessment.objects.filter(source=Assessment.Source.MANAGER).count() > 100
    linked = Assessment.objects.filter(source=Assessment.Source.FEEDBACK)
    assert linked.count() >= 10
    feedback = dict(Feedback.objects.values_list("pk", "created_at"))
    # Dated as its feedback is (to the minute: the service stamps each when it writes it).
    assert all(abs(feedback[a.source_id] - a.assessed_at).total_seconds() < 60 for a in linked)
    assert len({a.assessed_at.date().month for a in linked}) >= 3  # a history over the year
    manager = Employee.objects.get(email="manager@cadence.demo")
    marks = PromotionReadiness.objects.filter(marked_by=manager.user)
    assert set(marks.values_list("readiness", flat=True)) == {"ready_now", "ready_soon", "not_yet"}
    assert PromotionReadiness.objects.exclude(marked_by=manager.user).exists()
    assert_current_flags()  # bulk rows and backdated feedback ones: the latest of each is flagged


def test_one_department_is_below_expectation_on_the_same_competencies(demo):
    people = Employee.objects.filter(
        department__path__startswith=_path(GAP_DEPARTMENT), manager__isnull=False
    )
    below = {key: 0 for key in GAP_COMPETENCIES}
    for person in people:
        gaps = person_gaps(person, placement_current(person))
        for row in gaps.rows if gaps else []:
            if row.competency.key in below and row.state == GapState.BELOW:
                below[row.competency.key] += 1
    assert all(n >= 3 for n in below.values()), below


def test_running_again_changes_nothing(demo):
    counts = [Placement.objects.count(), Assessment.objects.count(), PromotionReadiness.objects.count()]
    assert seed_demo_competencies() is False
    assert [
        Placement.objects.count(),
        Assessment.objects.count(),
        PromotionReadiness.objects.count(),
    ] == counts
    assert not Placement.objects.values("employee", "effective_from").annotate(n=Count("id")).filter(n__gt=1)


def _path(name):
    return Department.objects.get(name=name).path
