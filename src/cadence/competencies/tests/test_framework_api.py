"""The competency frameworks API: reading a version whole, HR's draft, versioned expectation edits,
publishing, import (dry run first) and export; who may do what; query budgets."""

import json

import pytest

from cadence.competencies import framework_editing
from cadence.competencies.models import Expectation, Framework, FrameworkVersion
from cadence.core.testing import assert_flat_queries, budget, client_for

from .factories import add_competency, make_framework

pytestmark = pytest.mark.django_db
BASE = "/api/v1/competency-frameworks"


@pytest.fixture
def fw():
    return make_framework(name="Engineering", competencies=3)


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_everyone_with_a_profile_reads_the_published_version(org, fw):
    employee = client_for(org.report2.user)
    listed = employee.get(BASE).json()
    assert {"name": "Engineering", "published_version": 1, "draft_version": None}.items() <= next(
        f for f in listed if f["id"] == fw.pk
    ).items()
    version = employee.get(f"{BASE}/{fw.pk}").json()
    assert version["number"] == 1 and version["status"] == "published"
    assert [t["key"] for t in version["tracks"]] == ["ic", "mgmt"]
    assert [lv["code"] for lv in version["tracks"][0]["levels"]] == ["IC1", "IC2", "IC3", "IC4", "IC5"]
    first = version["competencies"][0]
    assert first["theme_key"] == "theme-1" and first["tracks"] == []
    assert {"track_key": "ic", "level_key": "ic2", "text": "comp-1 at ic2"}.items() <= first["expectations"][
        1
    ].items()
    assert client_for(org.loner).get(BASE).status_code == 404  # a login without a profile


def test_drafts_are_hrs(org, fw):
    hr = client_for(org.hr.user)
    draft = _post(hr, f"{BASE}/{fw.pk}/draft", {})
    assert draft.status_code == 200 and draft.json()["number"] == 2 and draft.json()["status"] == "draft"
    assert client_for(org.manager.user).get(f"{BASE}/{fw.pk}?version=2").status_code == 404
    assert hr.get(f"{BASE}/{fw.pk}?version=2").json()["status"] == "draft"
    assert hr.get(BASE).json()[-1]["draft_version"] == 2 or any(
        f["draft_version"] == 2 for f in hr.get(BASE).json()
    )
    assert _post(client_for(org.manager.user), f"{BASE}/{fw.pk}/draft", {}).status_code == 403


def test_an_expectation_is_edited_in_a_draft_with_its_version(org, fw):
    hr = client_for(org.hr.user)
    draft = framework_editing.draft_start(actor=org.hr.user, framework=fw)
    cell = Expectation.objects.get(
        competency__framework_version=draft, competency__key="comp-1", level__key="ic2"
    )
    url = f"{BASE}/expectations/{cell.pk}"
    saved = _patch(hr, url, {"text": "Leads design reviews", "version": cell.version})
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = _patch(hr, url, {"text": "Other", "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["text"] == "Leads design reviews"
    published = Expectation.objects.get(
        competency__framework_version=fw.version, competency__key="comp-1", level__key="ic2"
    )
    frozen = _patch(hr, f"{BASE}/expectations/{published.pk}", {"text": "x", "version": published.version})
    assert frozen.status_code == 422
    assert _patch(client_for(org.manager.user), url, {"text": "x", "version": 2}).status_code == 403


def test_publishing(org, fw):
    hr = client_for(org.hr.user)
    assert _post(hr, f"{BASE}/{fw.pk}/publish", {"notes": "x"}).status_code == 404  # no draft
    framework_editing.draft_start(actor=org.hr.user, framework=fw)
    answer = _post(hr, f"{BASE}/{fw.pk}/publish", {"notes": "Clearer IC2"})
    assert (
        answer.status_code == 200 and answer.json()["number"] == 2 and answer.json()["notes"] == "Clearer IC2"
    )
    assert fw.versions.get(number=1).status == FrameworkVersion.Status.RETIRED
    empty = Framework.objects.get(pk=_post(hr, BASE, {"name": "Empty"}).json()["id"])
    problems = _post(hr, f"{BASE}/{empty.pk}/publish", {"notes": "x"})
    assert problems.status_code == 422 and "Add at least one track." in problems.json()["errors"]["__all__"]


def test_export_then_import_round_trip(org, fw):
    hr = client_for(org.hr.user)
    exported = hr.get(f"{BASE}/{fw.pk}/export?format=json").json()
    assert exported["filename"] == "Engineering-v1.json"
    document = json.loads(exported["document"])
    document["framework"]["name"] = "Copy"
    text = json.dumps(document)
    dry = _post(hr, f"{BASE}/import", {"text": text})
    assert dry.status_code == 200 and dry.json()["new_framework"] and dry.json()["framework_id"] is None
    assert not Framework.objects.filter(name="Copy").exists()
    done = _post(hr, f"{BASE}/import", {"text": text, "dry_run": False}).json()
    copy = Framework.objects.get(pk=done["framework_id"])
    draft = copy.versions.get()
    framework_editing.version_publish(actor=org.hr.user, version=draft, notes="copied")
    again = json.loads(hr.get(f"{BASE}/{copy.pk}/export?format=json").json()["document"])
    assert again == document
    wrong = _post(hr, f"{BASE}/import", {"text": '{"tracks": 3}'})
    assert wrong.status_code == 422 and wrong.json()["errors"]["tracks"] == ["expected a list"]
    assert _post(client_for(org.manager.user), f"{BASE}/import", {"text": text}).status_code == 403


def test_creating_a_framework_is_for_hr(org):
    assert _post(client_for(org.manager.user), BASE, {"name": "Sales"}).status_code == 403
    created = _post(client_for(org.hr.user), BASE, {"name": "Sales"})
    assert created.status_code == 201 and created.json()["draft_version"] == 1
    assert _post(client_for(org.hr.user), BASE, {"name": "Sales"}).status_code == 422  # the name is taken


@budget(
    "GET /api/v1/competency-frameworks/{framework_id}",
    "GET /api/v1/competency-frameworks/{framework_id}/export",
)
def test_a_version_is_read_in_a_fixed_number_of_queries(org, fw):
    client = client_for(org.report2.user)

    def grow(n):
        for i in range(n):
            add_competency(fw.version, key=f"grown-{fw.version.competencies.count()}-{i}")

    # session, user, employee, the framework with its visible versions (2), the version, its
    # content (tracks, levels, themes, competencies, their track limits, expectations)
    assert_flat_queries(lambda: client.get(f"{BASE}/{fw.pk}"), grow, queries=12)
    # the same without the content read twice: the document reads it by keys
    assert_flat_queries(lambda: client.get(f"{BASE}/{fw.pk}/export"), grow, queries=12)


@budget("GET /api/v1/competency-frameworks")
def test_the_list_is_flat(org):
    client = client_for(org.report2.user)

    def grow(n):
        for i in range(n):
            make_framework(name=f"Framework {Framework.objects.count()}-{i}", general=False, competencies=1)

    # session, user, employee, frameworks, their versions
    assert_flat_queries(lambda: client.get(BASE), grow, queries=5)
