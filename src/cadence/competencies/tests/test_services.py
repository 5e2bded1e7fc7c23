"""Writes for where people stand: placement (one and bulk, derived reasons, notifications, no
double records), manager assessments (permission, comment, audit) and readiness."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cadence.competencies import services
from cadence.competencies.models import Assessment, Placement
from cadence.core.models import AuditEvent
from cadence.core.testing import count_queries
from cadence.notifications.models import Notification
from cadence.people.testing import make_reports

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def fw(db):
    return make_framework()


def _place(org, person, code, fw, **kwargs):
    return services.placement_set(actor=org.hr.user, person=person, level=c.level(fw, code), **kwargs)


def test_placement_reasons_are_derived_and_the_person_is_told(org, fw):
    first = _place(org, org.report, "IC2", fw, effective_from=TODAY - datetime.timedelta(days=300))
    up = _place(org, org.report, "IC3", fw, effective_from=TODAY - datetime.timedelta(days=100))
    across = _place(org, org.report, "M3", fw)
    back = _place(org, org.report, "M2", fw, effective_from=TODAY + datetime.timedelta(days=5))
    given = _place(org, org.report, "M1", fw, reason="hire", note="  Rehired  ")
    assert [p.reason for p in (first, up, across, back, given)] == [
        "initial", "promotion", "transfer", "correction", "hire",
    ]  # fmt: skip
    assert given.note == "Rehired"
    titles = list(
        Notification.objects.filter(recipient=org.report.user).order_by("id").values_list("title", flat=True)
    )
    assert titles[2] == "You are now M3 Management 3 on the Management track"
    assert len(titles) == 5
    assert AuditEvent.objects.filter(action="competencies.placed").count() == 5


def test_the_same_placement_twice_is_recorded_once_and_a_new_version_is_no_move(org, fw):
    one = _place(org, org.report, "IC2", fw)
    assert _place(org, org.report, "IC2", fw) == one
    assert Placement.objects.filter(employee=org.report).count() == 1
    v2 = c.publish_next(fw)
    _place(org, org.report, "IC2", fw, effective_from=TODAY + datetime.timedelta(days=1))
    assert Placement.objects.filter(employee=org.report, level__track__framework_version=v2).exists()
    assert Notification.objects.filter(recipient=org.report.user).count() == 1  # same keys: not told again


def test_only_hr_places_and_only_on_a_published_level(org, fw):
    with pytest.raises(PermissionDenied):
        services.placement_set(actor=org.manager.user, person=org.report, level=c.level(fw, "IC1"))
    draft = make_framework(name="Draft", general=False, published=False)
    with pytest.raises(ValidationError) as error:
        services.placement_set(
            actor=org.hr.user, person=org.report, level=c.level(draft, "IC1", draft.version)
        )
    assert "level" in error.value.message_dict


def test_bulk_placement_is_set_based_derives_reasons_and_notifies_movers(org, fw):
    people = make_reports(org.manager, 20)
    c.place(people[0], c.level(fw, "IC1"))
    c.place(people[1], c.level(fw, "IC2"))
    level = c.level(fw, "IC2")

    def place():
        return services.placement_bulk_set(actor=org.hr.user, people=people, level=level)

    # savepoint; the latest placements, the insert, the audit events; the notifications of those
    # who move: existing pairs, the insert, the new ids to email; release
    assert count_queries(place) == 8
    reasons = dict(
        Placement.objects.filter(level=level, effective_from=TODAY).values_list("employee_id", "reason")
    )
    assert reasons[people[0].pk] == "promotion" and reasons[people[2].pk] == "initial"
    assert people[1].pk in reasons  # a new date on the same level is recorded...
    assert not Notification.objects.filter(recipient=people[1].user).exists()  # ...but is no move
    assert Notification.objects.filter(recipient=people[0].user).count() == 1
    assert place() == 0  # sent twice: nothing new


def test_manager_assessments_need_the_chain_and_a_comment_and_are_audited(org, fw):
    comp, level = c.competency(fw, "comp-1"), c.level(fw, "IC3")

    def record(actor, comment="Led the launch"):
        return services.assessment_record(
            actor=actor, person=org.report, competency=comp, level=level, source="manager", comment=comment
        )

    for outsider in (org.report.user, org.report2.user, org.hr.user):
        with pytest.raises(PermissionDenied):
            record(outsider)
    with pytest.raises(ValidationError):
        record(org.manager.user, comment="  ")
    assessment = record(org.ceo.user)
    assert assessment.assessed_by == org.ceo.user
    assert AuditEvent.objects.get(action="competencies.assessed").target_id == str(org.report.pk)
    other = make_framework(name="Sales", general=False)
    with pytest.raises(ValidationError):
        services.assessment_record(
            actor=org.manager.user, person=org.report, competency=comp, level=c.level(other, "IC1"),
            source="manager", comment="Wrong version",
        )  # fmt: skip
    assert Assessment.objects.count() == 1


def test_readiness_marks_by_managers_with_evidence(org, fw):
    with pytest.raises(PermissionDenied):
        services.readiness_mark(
            actor=org.report.user, person=org.report, readiness="ready_now", evidence="Me"
        )
    with pytest.raises(ValidationError):
        services.readiness_mark(actor=org.manager.user, person=org.report, readiness="ready_now", evidence="")
    mark = services.readiness_mark(
        actor=org.manager.user, person=org.report, readiness="not_yet", evidence="Needs a bigger project."
    )
    assert mark.readiness == "not_yet"
    assert not Notification.objects.filter(recipient=org.hr.user).exists()  # only "ready now" tells HR
