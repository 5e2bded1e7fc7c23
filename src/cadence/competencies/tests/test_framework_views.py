"""The framework pages: reading the published version, HR's matrix editor (one cell saved at a
time, a stale save kept and explained), publishing, import and export; who may open what; query
budgets flat from 5 to 50 competencies."""

import pytest
from django.urls import reverse

from cadence.competencies import framework_editing
from cadence.competencies.models import Expectation, Framework, FrameworkVersion
from cadence.core.testing import assert_flat_queries, budget, client_for

from .factories import add_competency, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw():
    return make_framework(name="Engineering", competencies=3)


def _draft(org, fw) -> FrameworkVersion:
    return framework_editing.draft_start(actor=org.hr.user, framework=fw)


def _cell(version: FrameworkVersion, competency: str = "comp-1", level: str = "ic2") -> Expectation:
    return Expectation.objects.get(
        competency__framework_version=version, competency__key=competency, level__key=level
    )


def test_everyone_reads_the_published_matrix_and_only_hr_edits(org, fw):
    _draft(org, fw)
    Expectation.objects.filter(pk=_cell(fw.versions.get(status="draft")).pk).update(text="Draft only text")
    url = reverse("competencies:framework_detail", args=[fw.pk])
    page = client_for(org.report2.user).get(url)
    assert page.status_code == 200
    assert "comp-1 at ic2" in page.content.decode()
    assert "Draft only text" not in page.content.decode()
    assert (
        "Edit in a new draft" not in page.content.decode()
        and "Continue the draft" not in page.content.decode()
    )
    editor = reverse("competencies:framework_editor", args=[fw.pk])
    assert client_for(org.manager.user).get(editor).status_code == 403
    hr_page = client_for(org.hr.user).get(editor)
    assert hr_page.status_code == 200 and "Draft only text" in hr_page.content.decode()
    assert 'aria-label="Competency 1 at IC2"' in hr_page.content.decode()


def test_a_draft_is_started_from_the_page_and_opened_again(org, fw):
    hr = client_for(org.hr.user)
    start = reverse("competencies:framework_draft", args=[fw.pk])
    assert hr.post(start)["Location"] == reverse("competencies:framework_editor", args=[fw.pk])
    hr.post(start)
    assert fw.versions.filter(status="draft").count() == 1
    assert client_for(org.manager.user).post(start).status_code == 403


def test_a_cell_is_saved_with_htmx_and_a_stale_save_keeps_the_text(org, fw):
    draft = _draft(org, fw)
    cell = _cell(draft)
    hr = client_for(org.hr.user)
    url = reverse("competencies:framework_expectation_save", args=[cell.pk])
    answer = hr.post(
        url,
        {f"e{cell.pk}-text": "Leads design reviews", f"e{cell.pk}-version": cell.version},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and "Saved" in answer.content.decode()
    cell.refresh_from_db()
    assert cell.text == "Leads design reviews" and cell.version == 2
    stale = hr.post(
        url, {f"e{cell.pk}-text": "My other text", f"e{cell.pk}-version": 1}, HTTP_HX_REQUEST="true"
    )
    body = stale.content.decode()
    assert "My other text" in body and "Leads design reviews" in body  # typed text kept, saved text shown
    cell.refresh_from_db()
    assert cell.text == "Leads design reviews"


def test_a_published_version_cannot_be_edited_through_its_cells(org, fw):
    cell = _cell(fw.version)
    url = reverse("competencies:framework_expectation_save", args=[cell.pk])
    answer = client_for(org.hr.user).post(
        url, {f"e{cell.pk}-text": "Changed", f"e{cell.pk}-version": cell.version}
    )
    assert answer.status_code == 422
    cell.refresh_from_db()
    assert cell.text == "comp-1 at ic2"


def test_publishing_from_the_editor(org, fw):
    _draft(org, fw)
    hr = client_for(org.hr.user)
    answer = hr.post(
        reverse("competencies:framework_publish", args=[fw.pk]), {"notes": "Clearer IC2"}, follow=True
    )
    assert "Version 2 is published." in answer.content.decode()
    assert fw.versions.get(number=2).status == FrameworkVersion.Status.PUBLISHED
    assert fw.versions.get(number=1).status == FrameworkVersion.Status.RETIRED
    assert (
        client_for(org.hr.user)
        .post(reverse("competencies:framework_publish", args=[fw.pk]), {"notes": "x"})
        .status_code
        == 404
    )


def test_import_checks_first_then_imports_and_export_downloads(org, fw):
    hr = client_for(org.hr.user)
    exported = hr.get(reverse("competencies:framework_export_yaml", args=[fw.pk]))
    assert exported["Content-Type"].startswith("application/yaml")
    text = exported.content.decode().replace("name: Engineering", "name: Imported engineering", 1)
    url = reverse("competencies:framework_import")
    check = hr.post(url, {"text": text, "action": "check"})
    assert check.status_code == 200 and "Creates the framework Imported engineering" in check.content.decode()
    assert not Framework.objects.filter(name="Imported engineering").exists()
    done = hr.post(url, {"text": text, "action": "import"})
    imported = Framework.objects.get(name="Imported engineering")
    assert done["Location"] == reverse("competencies:framework_editor", args=[imported.pk])
    wrong = hr.post(url, {"text": "tracks: 3", "action": "check"})
    assert wrong.status_code == 422 and "expected a list" in wrong.content.decode()
    assert client_for(org.manager.user).get(url).status_code == 403


def test_creating_a_framework_is_for_hr(org):
    url = reverse("competencies:framework_list")
    assert client_for(org.manager.user).post(url, {"name": "Sales"}).status_code == 403
    answer = client_for(org.hr.user).post(url, {"name": "Sales"})
    sales = Framework.objects.get(name="Sales")
    assert answer["Location"] == reverse("competencies:framework_editor", args=[sales.pk])


def _grow_competencies(version: FrameworkVersion):
    def grow(n):
        for i in range(n):
            add_competency(version, key=f"grown-{version.competencies.count()}-{i}")

    return grow


@budget(
    "competencies:framework_detail",
    "competencies:framework_export_yaml",
    "competencies:framework_export_json",
)
def test_framework_page_and_export_are_flat(org, fw):
    client = client_for(org.report2.user)
    url = reverse("competencies:framework_detail", args=[fw.pk])
    # session, user, employee, the framework with its visible versions (2), the version, then the
    # content: tracks, levels, themes, competencies, their track limits, expectations; the badge
    assert_flat_queries(lambda: client.get(url), _grow_competencies(fw.version), queries=13)
    for name in ("competencies:framework_export_yaml", "competencies:framework_export_json"):
        export = reverse(name, args=[fw.pk])
        # the same without the page's badge; the document reads the content once more by its keys
        assert_flat_queries(lambda e=export: client.get(e), _grow_competencies(fw.version), queries=12)


@budget("competencies:framework_editor")
def test_editor_is_flat(org, fw):
    draft = _draft(org, fw)
    client = client_for(org.hr.user)
    url = reverse("competencies:framework_editor", args=[fw.pk])
    # session, user, the framework with its versions (2), the draft, the content (6), what would
    # stop publishing (3), the badge
    assert_flat_queries(lambda: client.get(url), _grow_competencies(draft), queries=15)


@budget("competencies:framework_list", "competencies:framework_import")
def test_list_and_import_pages_are_flat(org):
    client = client_for(org.hr.user)

    def grow(n):
        for i in range(n):
            make_framework(name=f"Framework {Framework.objects.count()}-{i}", general=False, competencies=1)

    # session, user, frameworks, their visible versions, the badge
    assert_flat_queries(lambda: client.get(reverse("competencies:framework_list")), grow, queries=5)
    assert_flat_queries(
        lambda: client.get(reverse("competencies:framework_import")), grow, queries=3, shows_rows=False
    )
