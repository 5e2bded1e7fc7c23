"""The structure editor of a draft: HR adds, edits, moves and deletes its tracks, levels, themes
and competencies (with the tracks a competency is limited to); what fails is shown next to its
field with nothing saved; a stale save keeps what was typed; a published version stays as it was."""

import pytest
from django.urls import reverse

from cadence.competencies import framework_editing
from cadence.competencies.models import Competency, Expectation, FrameworkVersion, Level, Theme, Track
from cadence.core.models import AuditEvent
from cadence.core.testing import assert_flat_queries, budget, client_for

from .factories import add_competency, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org) -> FrameworkVersion:
    framework = make_framework(name="Engineering", competencies=3)
    return framework_editing.draft_start(actor=org.hr.user, framework=framework)


def _structure(draft: FrameworkVersion) -> str:
    return reverse("competencies:framework_structure", args=[draft.framework_id])


def _add(draft: FrameworkVersion, kind: str, parent: int | None = None) -> str:
    url = reverse("competencies:framework_row_add", args=[draft.framework_id, kind])
    return f"{url}?in={parent}" if parent else url


def _edit(kind: str, row) -> str:
    return reverse("competencies:framework_row_edit", args=[kind, row.pk])


def test_hr_builds_a_track_with_levels_and_a_competency_limited_to_it(org, draft):
    hr = client_for(org.hr.user)
    answer = hr.post(_add(draft, "track"), {"new-track-name": "Sales", "new-track-description": "Quota"})
    sales = Track.objects.get(framework_version=draft, name="Sales")
    assert sales.key == "sales"  # made from the name
    assert answer["Location"] == f"{_structure(draft)}#row-track-{sales.pk}"
    for code in ("S1", "S2"):
        hr.post(
            _add(draft, "level", sales.pk),
            {f"new-level-{sales.pk}-code": code, f"new-level-{sales.pk}-title": f"Seller {code}"},
        )
    assert list(sales.levels.order_by("position").values_list("key", "code")) == [("s1", "S1"), ("s2", "S2")]
    hr.post(_add(draft, "theme"), {"new-theme-key": "selling", "new-theme-name": "Selling"})
    selling = Theme.objects.get(framework_version=draft, key="selling")
    prefix = f"new-competency-{selling.pk}"
    hr.post(
        _add(draft, "competency", selling.pk),
        {f"{prefix}-name": "Negotiation", f"{prefix}-theme": selling.pk, f"{prefix}-tracks": [sales.pk]},
    )
    negotiation = Competency.objects.get(framework_version=draft, key="negotiation")
    assert list(negotiation.tracks.all()) == [sales]
    # a cell to write at each of the track's levels, and only there
    assert set(negotiation.expectations.values_list("level__code", flat=True)) == {"S1", "S2"}
    page = hr.get(_structure(draft)).content.decode()
    assert "Seller S2" in page and "Negotiation" in page and "Add a level to Sales" in page
    matrix = hr.get(reverse("competencies:framework_editor", args=[draft.framework_id])).content.decode()
    assert "Negotiation at S1" in matrix  # the new cell, ready to be written
    assert AuditEvent.objects.filter(action="competencies.framework_changed").count() >= 5


def test_a_refused_row_is_shown_with_its_error_and_nothing_is_saved(org, draft):
    hr = client_for(org.hr.user)
    track = Track.objects.get(framework_version=draft, key="ic")
    prefix = f"new-level-{track.pk}"
    taken = hr.post(_add(draft, "level", track.pk), {f"{prefix}-code": "IC2", f"{prefix}-title": "Again"})
    assert taken.status_code == 422
    assert "This key is taken in this version." in taken.content.decode()
    level = Level.objects.get(track=track, key="ic1")
    p = f"level-{level.pk}"
    duplicate = hr.post(
        _edit("level", level), {f"{p}-code": "IC3", f"{p}-title": "Junior", f"{p}-version": level.version}
    )
    body = duplicate.content.decode()
    assert duplicate.status_code == 422 and "Another level of this track has this code." in body
    assert f'id="{p}"' in body and 'value="Junior"' in body  # the row's form, as typed
    level.refresh_from_db()
    assert level.code == "IC1" and level.version == 1
    assert hr.post(_add(draft, "level", 10**12), {}).status_code == 404  # no such track in the draft
    assert hr.post(_add(draft, "nonsense"), {}).status_code == 404


def test_a_stale_save_keeps_what_was_typed_and_shows_what_was_saved(org, draft):
    hr = client_for(org.hr.user)
    theme = Theme.objects.filter(framework_version=draft).order_by("position").first()
    framework_editing.row_update(actor=org.hr.user, row=theme, version=1, values={"name": "Results"})
    p = f"theme-{theme.pk}"
    stale = hr.post(
        _edit("theme", theme), {f"{p}-name": "Outcomes", f"{p}-description": "", f"{p}-version": 1}
    )
    body = stale.content.decode()
    assert stale.status_code == 409 and "Outcomes" in body and "Results" in body
    theme.refresh_from_db()
    assert theme.name == "Results"


def test_rows_move_and_are_deleted_with_what_hangs_on_them(org, draft):
    hr = client_for(org.hr.user)
    ic, mgmt = Track.objects.filter(framework_version=draft).order_by("position")
    hr.post(_edit("track", mgmt), {"action": "up"})
    assert list(Track.objects.filter(framework_version=draft).order_by("position")) == [mgmt, ic]
    theme = Theme.objects.filter(framework_version=draft, competencies__isnull=False).first()
    refused = hr.post(
        _edit("theme", theme), {"action": "delete", f"theme-{theme.pk}-version": theme.version}, follow=True
    )
    assert "Move or delete this theme&#x27;s competencies first." in refused.content.decode()
    assert Theme.objects.filter(pk=theme.pk).exists()
    mgmt.refresh_from_db()
    hr.post(_edit("track", mgmt), {"action": "delete", f"track-{mgmt.pk}-version": mgmt.version})
    assert not Track.objects.filter(pk=mgmt.pk).exists()
    assert not Expectation.objects.filter(level__track_id=mgmt.pk).exists()


def test_limiting_a_competency_to_a_track_takes_its_cells_off_the_others(org, draft):
    hr = client_for(org.hr.user)
    ic = Track.objects.get(framework_version=draft, key="ic")
    competency = Competency.objects.get(framework_version=draft, key="comp-1")
    p = f"competency-{competency.pk}"
    answer = hr.post(
        _edit("competency", competency),
        {
            f"{p}-name": "Technical depth",
            f"{p}-description": "",
            f"{p}-theme": competency.theme_id,
            f"{p}-tracks": [ic.pk],
            f"{p}-version": competency.version,
        },
    )
    assert answer.status_code == 302
    competency.refresh_from_db()
    assert competency.name == "Technical depth" and list(competency.tracks.all()) == [ic]
    assert set(competency.expectations.values_list("level__track__key", flat=True)) == {"ic"}


def test_only_hr_edits_and_only_a_draft(org, draft):
    level = Level.objects.get(track__framework_version=draft, key="ic1")
    manager = client_for(org.manager.user)
    assert manager.get(_structure(draft)).status_code == 403
    assert manager.post(_edit("level", level), {"action": "up"}).status_code == 404
    published = Level.objects.get(
        track__framework_version__framework=draft.framework, track__framework_version__number=1, key="ic1"
    )
    hr = client_for(org.hr.user)
    answer = hr.post(_edit("level", published), {"action": "delete", f"level-{published.pk}-version": 1})
    assert answer["Location"] == reverse("competencies:framework_detail", args=[draft.framework_id])
    assert Level.objects.filter(pk=published.pk).exists()


@budget("competencies:framework_structure")
def test_structure_page_is_flat(org, draft):
    client = client_for(org.hr.user)

    def grow(n):
        for i in range(n):
            add_competency(draft, key=f"grown-{i}-{draft.competencies.count()}")

    # session, user, the framework with its versions (2), the draft, the content (6), the badge
    assert_flat_queries(lambda: client.get(_structure(draft)), grow, queries=12)
