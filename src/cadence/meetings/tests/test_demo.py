import pytest

from cadence.goals.demo import seed_demo_goals
from cadence.meetings.demo import seed_demo_meetings
from cadence.meetings.models import ActionItem, Meeting, PrivateNote, Series, SharedNote, TalkingPoint
from cadence.notifications.selectors import todo_list
from cadence.people.models import Employee
from cadence.people.seeding import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_has_1_1s_with_history_and_is_idempotent():
    seed_demo()
    seed_demo_goals()  # before the 1:1s, as the demo organisation seeds them: a goal goes on an agenda
    manager = Employee.objects.get(email="manager@cadence.demo")
    created = seed_demo_meetings()
    assert created == manager.reports.filter(status="active").count() >= 4
    assert seed_demo_meetings() == 0
    assert Series.objects.filter(manager=manager).count() == created
    assert Meeting.objects.filter(status="completed").count() == created * 6
    assert Meeting.objects.filter(status="scheduled").count() == created
    assert TalkingPoint.objects.filter(carried_from__isnull=False).count() == created
    assert (
        ActionItem.objects.filter(done_at__isnull=True).exists()
        and ActionItem.objects.filter(done_at__isnull=False).exists()
    )
    assert PrivateNote.objects.values("author").distinct().count() == created + 1
    assert SharedNote.objects.filter(meeting__status="scheduled").count() == created
    assert TalkingPoint.objects.filter(link_kind="goal", meeting__status="scheduled").count() == created
    employee = Employee.objects.get(email="employee@cadence.demo")
    assert Series.objects.filter(employee=employee).exists()
    assert todo_list(actor=employee.user).filter(kind="meetings.action_item").exists()
