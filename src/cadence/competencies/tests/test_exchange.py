"""YAML/JSON import and export: precise errors by path, a dry run that writes nothing, apply as a
new framework or a new draft, and export -> import -> export giving the same text."""

import json

import pytest
import yaml
from django.core.exceptions import PermissionDenied

from cadence.competencies import exchange
from cadence.competencies import framework_editing as editing
from cadence.competencies.models import Expectation, Framework, FrameworkVersion
from cadence.core.models import AuditEvent

from .factories import add_competency, make_framework


@pytest.fixture
def framework(org):
    framework = make_framework(competencies=3)
    add_competency(framework.version, key="coaching", tracks=[framework.version.tracks.get(key="mgmt")])
    return framework


def errors_of(text: str) -> dict[str, list[str]]:
    with pytest.raises(exchange.ImportErrors) as caught:
        exchange.check(exchange.parse(text))
    return caught.value.by_path


def test_export_has_the_documented_structure(framework):
    document = yaml.safe_load(exchange.dump(exchange.version_document(framework.version), "yaml"))
    assert document["schema"] == exchange.SCHEMA
    assert [t["key"] for t in document["tracks"]] == ["ic", "mgmt"]
    assert [lv["code"] for lv in document["tracks"][0]["levels"]] == ["IC1", "IC2", "IC3", "IC4", "IC5"]
    coaching = next(c for c in document["competencies"] if c["key"] == "coaching")
    assert coaching["tracks"] == ["mgmt"]
    assert list(coaching["expectations"]) == [f"mgmt/m{n}" for n in range(1, 6)]
    assert "tracks" not in document["competencies"][0]
    assert document["competencies"][0]["expectations"]["ic/ic3"] == "comp-1 at ic3"


@pytest.mark.parametrize("fmt", exchange.FORMATS)
def test_round_trip_is_identical(org, framework, fmt):
    first = exchange.dump(exchange.version_document(framework.version), fmt)
    result = exchange.framework_import(actor=org.hr.user, text=first, dry_run=False)
    assert (result.new_framework, result.version.number) == (False, 2)
    assert exchange.dump(exchange.version_document(result.version), fmt) == first
    # and into a framework of its own
    renamed = first.replace("Engineering", "Engineering copy", 1)
    copy = exchange.framework_import(actor=org.hr.user, text=renamed, dry_run=False)
    assert copy.new_framework and copy.version.number == 1
    assert exchange.dump(exchange.version_document(copy.version), fmt) == renamed


def test_an_unchanged_document_changes_nothing_in_the_dry_run(org, framework):
    text = exchange.dump(exchange.version_document(framework.version), "json")
    result = exchange.framework_import(actor=org.hr.user, text=text, dry_run=True)
    assert not any(ch.created or ch.changed or ch.removed for ch in result.changes)


def test_dry_run_says_what_changes_and_writes_nothing(org, framework):
    document = exchange.version_document(framework.version)
    document["competencies"][0]["expectations"]["ic/ic2"] = "Sharper"
    document["competencies"] = [c for c in document["competencies"] if c["key"] != "comp-2"]
    document["themes"].append({"key": "ethics", "name": "Ethics", "description": ""})
    before = (FrameworkVersion.objects.count(), Expectation.objects.count(), AuditEvent.objects.count())
    result = exchange.framework_import(actor=org.hr.user, text=json.dumps(document), dry_run=True)
    assert (
        FrameworkVersion.objects.count(),
        Expectation.objects.count(),
        AuditEvent.objects.count(),
    ) == before
    changes = {ch.kind: ch for ch in result.changes}
    assert changes["competencies"].changed == ["comp-1"]
    assert changes["competencies"].removed == ["comp-2"]
    assert changes["themes"].created == ["ethics"]
    assert (result.new_framework, result.draft_number) == (False, 2)


def test_apply_replaces_the_draft_and_is_audited(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    document = exchange.version_document(framework.version)
    document["competencies"] = document["competencies"][:1]
    result = exchange.framework_import(actor=org.hr.user, text=yaml.safe_dump(document), dry_run=False)
    assert result.version == draft
    assert list(draft.competencies.values_list("key", flat=True)) == ["comp-1"]
    assert framework.version.competencies.count() == 4  # the published version is untouched
    assert AuditEvent.objects.filter(action="competencies.imported").count() == 1


def test_a_new_framework_is_a_draft_not_general(org, framework):
    text = exchange.dump(exchange.version_document(framework.version), "yaml").replace(
        "name: Engineering", "name: Sales", 1
    )
    result = exchange.framework_import(actor=org.hr.user, text=text, dry_run=False)
    sales = Framework.objects.get(name="Sales")
    assert result.framework == sales and not sales.is_general
    assert sales.versions.get().status == FrameworkVersion.Status.DRAFT


def test_only_hr_imports_and_exports_drafts(org, framework):
    text = exchange.dump(exchange.version_document(framework.version), "yaml")
    with pytest.raises(PermissionDenied):
        exchange.framework_import(actor=org.manager.user, text=text, dry_run=True)
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    with pytest.raises(PermissionDenied):
        exchange.version_export(actor=org.report.user, version=draft, fmt="yaml")
    assert exchange.version_export(actor=org.report.user, version=framework.version, fmt="json").startswith(
        "{"
    )


def test_errors_name_the_row_and_field():
    text = """
framework: {name: ""}
tracks:
  - key: ic
    name: IC
    levels:
      - {key: ic1, code: IC1, title: One}
      - {key: ic1, code: IC1}
  - {key: "bad key", name: X, levels: []}
themes:
  - {key: impact, name: Impact}
competencies:
  - key: delivery
    name: Delivery
    theme: craft
    tracks: [ic, sales]
    expectations:
      ic/ic1: Ships.
      ic/ic3: Leads.
      qa/qa1: Tests.
      ic/ic1x: [not, text]
"""
    assert errors_of(text) == {
        "framework.name": ["required"],
        "tracks[0].levels[1].code": ["“IC1” is used twice"],
        "tracks[0].levels[1].key": ["“ic1” is used twice"],
        "tracks[0].levels[1].title": ["required"],
        "tracks[1].key": ["use letters, digits, hyphens and underscores only"],
        "tracks[1].levels": ["a track needs at least one level"],
        "competencies[0].theme": ["unknown theme"],
        "competencies[0].tracks[1]": ["unknown track"],
        "competencies[0].expectations.ic/ic3": ["unknown level"],
        "competencies[0].expectations.qa/qa1": ["unknown track"],
        "competencies[0].expectations.ic/ic1x": ["unknown level"],
    }


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[1, 2]", "document"),
        ("framework: {name: X}\ntracks: {}\n", "tracks"),
        ("{not json", "document"),
        ("a: [b", "document"),
        ("framework: {name: X}\ntracks: []\nthemes: []\ncompetencies: []\nextra: 1\n", "extra"),
        ("schema: other/2\nframework: {name: X}\ntracks: []\nthemes: []\ncompetencies: []\n", "schema"),
    ],
)
def test_malformed_documents_are_refused_by_path(text, path):
    assert path in errors_of(text)


def test_limits_bound_the_work():
    document = {"framework": {"name": "X"}, "tracks": [{"key": f"t{i}"} for i in range(51)]}
    assert errors_of(json.dumps(document)) == {
        "tracks": ["at most 50 entries"],
        "themes": ["expected a list"],
        "competencies": ["expected a list"],
    }
