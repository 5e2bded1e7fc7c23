"""Editing a goal cycle: only the known fields change, closing goes through `cycle_close`, and every
edit is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cadence.core.models import AuditEvent
from cadence.goals import cycles
from cadence.goals.models import GoalCycle

from .factories import make_cycle

pytestmark = pytest.mark.django_db


def test_cycle_update_changes_the_cycle_fields_and_audits_before_and_after(org):
    cycle = make_cycle(name="H1")
    cycles.cycle_update(
        actor=org.hr.user,
        cycle=cycle,
        version=cycle.version,
        name="First half",
        checkin_cadence=GoalCycle.Cadence.MONTHLY,
    )
    cycle.refresh_from_db()
    assert (cycle.name, cycle.checkin_cadence) == ("First half", GoalCycle.Cadence.MONTHLY)
    event = AuditEvent.objects.get(action="goal_cycle.update", target_id=str(cycle.pk))
    assert event.actor == org.hr.user
    assert (event.before["name"], event.after["name"]) == ("H1", "First half")
    assert (event.before["checkin_cadence"], event.after["checkin_cadence"]) == ("weekly", "monthly")


def test_cycle_update_ignores_other_fields(org):
    cycle = make_cycle()
    cycles.cycle_update(
        actor=org.hr.user, cycle=cycle, version=cycle.version, closed_at=timezone.now(), created_at=None
    )
    cycle.refresh_from_db()
    assert cycle.closed_at is None and cycle.created_at is not None


def test_a_cycle_is_closed_by_cycle_close_not_by_an_edit(org):
    cycle = make_cycle()
    with pytest.raises(ValidationError) as exc:
        cycles.cycle_update(
            actor=org.hr.user, cycle=cycle, version=cycle.version, status=GoalCycle.Status.CLOSED
        )
    assert "status" in exc.value.message_dict
    assert GoalCycle.objects.get(pk=cycle.pk).status == GoalCycle.Status.ACTIVE


def test_only_hr_edits_cycles(org):
    cycle = make_cycle(name="H1")
    with pytest.raises(PermissionDenied):
        cycles.cycle_update(actor=org.manager.user, cycle=cycle, version=cycle.version, name="Mine")
    assert GoalCycle.objects.get(pk=cycle.pk).name == "H1"
