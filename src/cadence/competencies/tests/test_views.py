"""The career pages as each role: an employee sees their own career (not their readiness), a
manager their chain's (and assesses and marks readiness), HR everyone (and places people)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.competencies.models import Assessment, Placement, PromotionReadiness
from cadence.core.models import AuditEvent
from cadence.core.testing import client_for
from cadence.notifications.models import Notification

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(org):
    framework = make_framework()
    c.place(org.report, c.level(framework, "IC2"))
    c.place(org.report2, c.level(framework, "IC3"))
    c.assess(org.report, c.competency(framework, "comp-1"), c.level(framework, "IC1"))
    c.mark(org.report, "ready_soon")
    return framework


def _career(person):
    return reverse("competencies:career_person", args=[person.pk])


def test_my_career_shows_level_expectations_side_by_side_and_gaps(org, fw):
    page = client_for(org.report.user).get(reverse("competencies:career_mine"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "IC2" in text and "IC3" in text
    assert "comp-1 at ic2" in text  # this level's expectation
    assert '<mark class="changed">ic3</mark>' in text  # what changes at the next level, marked
    assert "▼" in text and "Not assessed" in text
    assert "Management" in text  # another track, with its comparable level
    assert "M2" in text
    assert "Promotion readiness" not in text  # never shown to the person
    assert "Record an assessment" not in text


def test_an_employee_cannot_open_a_colleagues_career(org, fw):
    client = client_for(org.report2.user)
    assert client.get(_career(org.report)).status_code == 404
    assert client.get(_career(org.report2)).status_code == 200


def test_a_manager_sees_the_chain_assesses_and_marks_readiness(org, fw):
    client = client_for(org.manager.user)
    page = client.get(_career(org.report))
    assert page.status_code == 200 and "Record an assessment" in page.content.decode()
    assert "Led the migration." in page.content.decode()  # readiness history
    assert client.get(_career(org.other)).status_code == 404
    url = reverse("competencies:career_assess", args=[org.report.pk])
    comp, level = c.competency(fw, "comp-1"), c.level(fw, "IC3")
    missing = client.post(url, {"assess-competency": comp.pk, "assess-level": level.pk, "assess-comment": ""})
    assert missing.status_code == 422 and Assessment.objects.filter(source="manager", comment="").count() == 0
    done = client.post(
        url,
        {
            "assess-competency": comp.pk,
            "assess-level": level.pk,
            "assess-comment": "Ran the incident review.",
        },
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200 and "▲" in done.content.decode()  # the gap changed: IC3 above IC2
    assert AuditEvent.objects.filter(action="competencies.assessed").exists()
    ready = client.post(
        reverse("competencies:career_readiness", args=[org.report.pk]),
        {"ready-readiness": "ready_now", "ready-evidence": "Leads the team already."},
    )
    assert ready.status_code == 302
    assert PromotionReadiness.objects.filter(employee=org.report).latest("marked_at").readiness == "ready_now"
    assert Notification.objects.filter(
        recipient=org.hr.user, event_key__startswith="competencies:ready_now"
    ).exists()


def test_the_person_cannot_assess_themselves_or_mark_readiness(org, fw):
    client = client_for(org.report.user)
    url = reverse("competencies:career_assess", args=[org.report.pk])
    assert client.post(url, {"assess-comment": "Me"}).status_code == 404
    assert client.post(reverse("competencies:career_readiness", args=[org.report.pk]), {}).status_code == 404


def test_hr_sees_everyone_and_places_from_the_placement_page(org, fw):
    client = client_for(org.hr.user)
    unplaced = client.get(_career(org.other))
    assert unplaced.status_code == 200 and "Place them on a level" in unplaced.content.decode()
    url = reverse("competencies:placement", args=[org.other.pk])
    assert client.get(url).status_code == 200
    level = c.level(fw, "M1")
    answer = client.post(url, {"level": level.pk, "effective_from": "2026-01-01", "reason": "", "note": ""})
    assert answer.status_code == 302
    placed = Placement.objects.get(employee=org.other)
    assert placed.level == level and placed.reason == "initial"
    assert Notification.objects.filter(
        recipient=org.other.user, event_key=f"competencies:placed:{placed.pk}"
    ).exists()
    bad = client.post(url, {"level": "999999", "effective_from": "nope"})
    assert bad.status_code == 200 and b"errorlist" in bad.content
    assert client_for(org.manager.user).get(url).status_code == 403


def test_an_unplaced_employee_reads_the_framework_that_applies(org, fw):
    page = client_for(org.other.user).get(reverse("competencies:career_mine"))
    text = page.content.decode()
    assert "HR has not placed you" in text and "IC1" in text and "Place them" not in text


def test_bulk_placement_takes_the_directory_filters(org, fw):
    client = client_for(org.hr.user)
    url = reverse("competencies:placement_bulk") + f"?department={org.engineering.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "select 5 people" in page.content.decode()  # ceo, manager, report, report2, subreport
    level = c.level(fw, "IC4")
    today = timezone.localdate().isoformat()
    answer = client.post(url, {"level": level.pk, "effective_from": today})
    assert answer.status_code == 302
    assert Placement.objects.filter(level=level).count() == 5
    assert set(
        Placement.objects.filter(employee=org.report, level=level).values_list("reason", flat=True)
    ) == {"promotion"}
    client.post(url, {"level": level.pk, "effective_from": today})  # sent twice: nothing new
    assert Placement.objects.filter(level=level).count() == 5
    assert client_for(org.manager.user).get(url).status_code == 403


def test_the_directory_offers_hr_to_place_the_people_it_selects(org, fw):
    query = f"department={org.engineering.pk}"
    directory = reverse("people:directory") + "?" + query
    hr = client_for(org.hr.user).get(directory).content.decode()
    assert "Place these people on a level" in hr
    assert reverse("competencies:placement_bulk") + "?" + query in hr.replace("&amp;", "&")
    manager = client_for(org.manager.user).get(directory).content.decode()
    assert "Place these people on a level" not in manager


def test_readiness_list_for_hr_and_the_manager_not_for_an_employee(org, fw):
    c.mark(org.report2, "not_yet")
    url = reverse("competencies:readiness_list")
    hr = client_for(org.hr.user).get(url + "?readiness=ready_soon")
    assert hr.status_code == 200 and org.report.full_name in hr.content.decode()
    assert org.report2.full_name not in hr.content.decode()
    track = client_for(org.hr.user).get(url + "?track=mgmt")
    assert org.report.full_name not in track.content.decode()
    assert client_for(org.manager.user).get(url).status_code == 200
    assert client_for(org.report2.user).get(url).status_code == 403  # manages no one


def test_the_heatmap_page_and_downloads(org, fw):
    client = client_for(org.hr.user)
    page = client.get(reverse("competencies:gaps") + "?group_by=track")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Competency 1" in text and "▼ 50% below" in text and "○" in text
    csv = client.get(reverse("competencies:gaps_csv") + "?group_by=track")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("Framework,Competency,Track,People")
    assert "Engineering,Competency 1,Individual contributor,2,0,0,1,1,0,0,50,50" in lines
    xlsx = client.get(reverse("competencies:gaps_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client_for(org.manager.user).get(reverse("competencies:gaps")).status_code == 200
    assert client_for(org.report2.user).get(reverse("competencies:gaps")).status_code == 403
    bad = client.get(reverse("competencies:gaps") + "?group_by=nope&department=x")
    assert bad.status_code == 200
