"""The careers API with the pages' permissions: 404 for what the caller may not see, 403 for a
refused action on a visible person, 422 with field errors."""

import json

import pytest

from cadence.competencies.models import Assessment, Placement
from cadence.core.testing import client_for

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db


def _send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def fw(org):
    framework = make_framework()
    c.place(org.report, c.level(framework, "IC2"), days_ago=400)
    c.place(org.report, c.level(framework, "IC3"), reason="promotion")
    c.assess(org.report, c.competency(framework, "comp-1"), c.level(framework, "IC2"))
    c.mark(org.report, "ready_soon")
    return framework


def test_placement_read_with_history_as_each_role(org, fw):
    url = f"/api/v1/people/{org.report.pk}/placement"
    mine = client_for(org.report.user).get(url)
    assert mine.status_code == 200
    body = mine.json()
    assert body["current"]["level"]["code"] == "IC3" and body["current_level"]["code"] == "IC3"
    assert [p["reason"] for p in body["history"]] == ["promotion", "initial"]
    assert client_for(org.manager.user).get(url).status_code == 200
    assert client_for(org.hr.user).get(url).status_code == 200
    assert client_for(org.report2.user).get(url).status_code == 404
    assert client_for(org.other.user).get(url).status_code == 404


def test_hr_places_over_the_api(org, fw):
    url = f"/api/v1/people/{org.report2.pk}/placement"
    level = c.level(fw, "M1")
    assert _send(client_for(org.manager.user), "put", url, {"level": level.pk}).status_code == 403
    hr = client_for(org.hr.user)
    bad = _send(hr, "put", url, {"level": 99999, "effective_from": 3})
    assert bad.status_code == 422 and "effective_from" in bad.json()["errors"]
    draft = make_framework(name="Sales", general=False, published=False)
    unpublished = _send(hr, "put", url, {"level": c.level(draft, "IC1", draft.version).pk})
    assert unpublished.status_code == 422 and "level" in unpublished.json()["errors"]
    ok = _send(hr, "put", url, {"level": level.pk, "effective_from": "2026-03-01", "note": "New team"})
    assert ok.status_code == 200 and ok.json()["reason"] == "initial"
    assert Placement.objects.get(employee=org.report2).note == "New team"


def test_competencies_assessed_vs_expected(org, fw):
    url = f"/api/v1/people/{org.report.pk}/competencies"
    body = client_for(org.report.user).get(url).json()
    assert body["level"]["code"] == "IC3" and body["next_level"]["code"] == "IC4"
    first = body["competencies"][0]
    assert (first["key"], first["state"], first["gap"], first["next_state"], first["next_gap"]) == (
        "comp-1", "below", -1, "below", -2,
    )  # fmt: skip
    assert first["assessed_level"]["code"] == "IC2" and first["source"] == "manager"
    assert body["competencies"][1]["state"] == "not_assessed"
    assert len(body["assessments"]) == 1
    assert client_for(org.report2.user).get(url).status_code == 404
    unplaced = client_for(org.hr.user).get(f"/api/v1/people/{org.other.pk}/competencies").json()
    assert unplaced["level"] is None and unplaced["competencies"] == []


def test_managers_assess_over_the_api(org, fw):
    url = f"/api/v1/people/{org.report.pk}/assessments"
    comp, level = c.competency(fw, "comp-2"), c.level(fw, "IC4")
    payload = {"competency": comp.pk, "level": level.pk, "comment": "Designed the new billing flow."}
    assert _send(client_for(org.report.user), "post", url, payload).status_code == 403  # not about oneself
    assert _send(client_for(org.hr.user), "post", url, payload).status_code == 403  # HR is not in the chain
    assert _send(client_for(org.report2.user), "post", url, payload).status_code == 404
    manager = client_for(org.manager.user)
    empty = _send(manager, "post", url, {"competency": comp.pk, "level": level.pk, "comment": ""})
    assert empty.status_code == 422 and "comment" in empty.json()["errors"]
    wrong = _send(manager, "post", url, {"competency": 999999, "level": level.pk, "comment": "x"})
    assert wrong.status_code == 422 and "competency" in wrong.json()["errors"]
    done = _send(manager, "post", url, payload)
    assert done.status_code == 201 and done.json()["level"]["code"] == "IC4"
    assert Assessment.objects.filter(employee=org.report, competency=comp).count() == 1
    gaps = client_for(org.manager.user).get(f"/api/v1/people/{org.report.pk}/competencies").json()
    assert gaps["competencies"][1]["state"] == "above"


def test_competency_gaps(org, fw):
    c.place(org.report2, c.level(fw, "IC3"))
    hr = client_for(org.hr.user)
    body = hr.get("/api/v1/competency-gaps?group_by=team").json()
    assert body["people"] == 2 and body["group_by"] == "team"
    cell = body["competencies"][0]["cells"][0]
    assert (cell["below"], cell["not_assessed"], cell["total"]) == (1, 1, 2)
    assert hr.get("/api/v1/competency-gaps?group_by=nope").status_code == 422
    assert hr.get("/api/v1/competency-gaps?department=999999").status_code == 422
    assert client_for(org.manager.user).get("/api/v1/competency-gaps").json()["people"] == 2
    assert client_for(org.report2.user).get("/api/v1/competency-gaps").status_code == 403


def test_promotion_readiness_is_never_the_persons_own(org, fw):
    url = f"/api/v1/people/{org.report.pk}/promotion-readiness"
    payload = {"readiness": "ready_now", "evidence": "Leads the platform work."}
    assert _send(client_for(org.report.user), "post", url, payload).status_code == 404
    assert _send(client_for(org.report2.user), "post", url, payload).status_code == 404
    assert _send(client_for(org.hr.user), "post", url, payload).status_code == 403  # HR reads, managers mark
    manager = client_for(org.manager.user)
    assert _send(manager, "post", url, {"readiness": "soon", "evidence": ""}).status_code == 422
    done = _send(manager, "post", url, payload)
    assert done.status_code == 201 and done.json()["readiness"] == "ready_now"
    listed = client_for(org.hr.user).get("/api/v1/promotion-readiness?readiness=ready_now").json()
    assert [item["person"]["id"] for item in listed["items"]] == [org.report.pk]
    assert listed["items"][0]["track_key"] == "ic"
    assert client_for(org.hr.user).get("/api/v1/promotion-readiness?track=mgmt").json()["count"] == 0
    assert client_for(org.manager.user).get("/api/v1/promotion-readiness").json()["count"] == 1
    assert client_for(org.report2.user).get("/api/v1/promotion-readiness").status_code == 403
