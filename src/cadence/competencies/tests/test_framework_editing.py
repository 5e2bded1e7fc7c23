"""Framework editing: drafts copy the published version whole and independently, published versions
are frozen, publishing retires the previous one, stale edits are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cadence.competencies import framework_editing as editing
from cadence.competencies.models import Competency, Expectation, FrameworkVersion, Level, Theme, Track
from cadence.core.errors import Conflict
from cadence.core.models import AuditEvent

from .factories import add_competency, make_framework


def content(version: FrameworkVersion) -> dict:
    """Everything a version holds, by keys (no ids), to compare two versions."""
    return {
        "tracks": sorted(
            Track.objects.filter(framework_version=version).values_list("key", "name", "position")
        ),
        "levels": sorted(
            Level.objects.filter(track__framework_version=version).values_list(
                "track__key", "key", "code", "title", "summary", "position"
            )
        ),
        "themes": sorted(
            Theme.objects.filter(framework_version=version).values_list("key", "name", "position")
        ),
        "competencies": sorted(
            Competency.objects.filter(framework_version=version).values_list(
                "key", "theme__key", "name", "position"
            )
        ),
        "limits": sorted(
            Competency.tracks.through.objects.filter(competency__framework_version=version).values_list(
                "competency__key", "track__key"
            )
        ),
        "expectations": sorted(
            Expectation.objects.filter(competency__framework_version=version).values_list(
                "competency__key", "level__track__key", "level__key", "text"
            )
        ),
    }


@pytest.fixture
def framework(org):
    framework = make_framework(competencies=4)
    ic = framework.version.tracks.get(key="ic")
    add_competency(framework.version, key="ic-only", tracks=[ic])
    return framework


def test_create_makes_an_empty_draft_and_is_audited(org):
    framework = editing.framework_create(actor=org.hr.user, name=" Sales ", description="For sales.")
    assert framework.name == "Sales"
    assert framework.versions.get().status == FrameworkVersion.Status.DRAFT
    assert AuditEvent.objects.filter(
        action="competencies.framework_created", target_id=str(framework.pk)
    ).exists()


def test_create_refuses_a_taken_name_and_a_second_general_framework(org, framework):
    with pytest.raises(ValidationError) as caught:
        editing.framework_create(actor=org.hr.user, name="engineering", is_general=True)
    assert set(caught.value.message_dict) == {"name", "is_general"}


def test_only_hr_edits(org, framework):
    with pytest.raises(PermissionDenied):
        editing.framework_create(actor=org.manager.user, name="Mine")
    with pytest.raises(PermissionDenied):
        editing.draft_start(actor=org.report.user, framework=framework)


def test_draft_is_a_complete_copy_with_new_rows(org, framework):
    published = framework.version
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    assert (draft.number, draft.status) == (2, FrameworkVersion.Status.DRAFT)
    assert content(draft) == content(published)
    assert content(draft)["limits"] == [("ic-only", "ic")]
    old_ids = set(
        Expectation.objects.filter(competency__framework_version=published).values_list("pk", flat=True)
    )
    new_ids = set(
        Expectation.objects.filter(competency__framework_version=draft).values_list("pk", flat=True)
    )
    assert old_ids.isdisjoint(new_ids) and len(new_ids) == 4 * 10 + 5
    new_levels = Level.objects.filter(track__framework_version=draft)
    assert (
        not Expectation.objects.filter(competency__framework_version=draft)
        .exclude(level__in=new_levels)
        .exists()
    )


def test_a_second_draft_start_opens_the_same_draft(org, framework):
    first = editing.draft_start(actor=org.hr.user, framework=framework)
    assert editing.draft_start(actor=org.hr.user, framework=framework) == first
    assert framework.versions.count() == 2


def test_editing_the_draft_leaves_the_published_version_as_it_was(org, framework):
    before = content(framework.version)
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    cell = Expectation.objects.filter(competency__framework_version=draft).first()
    editing.row_update(actor=org.hr.user, row=cell, version=cell.version, values={"text": "**New** text"})
    editing.row_delete(actor=org.hr.user, row=draft.competencies.get(key="comp-1"), version=1)
    track = draft.tracks.get(key="mgmt")
    editing.row_update(actor=org.hr.user, row=track, version=track.version, values={"name": "Managers"})
    assert content(framework.version) == before
    assert content(draft) != before


def test_a_published_version_is_frozen(org, framework):
    cell = Expectation.objects.filter(competency__framework_version=framework.version).first()
    with pytest.raises(ValidationError):
        editing.row_update(actor=org.hr.user, row=cell, version=cell.version, values={"text": "changed"})
    with pytest.raises(ValidationError):
        editing.track_create(actor=org.hr.user, framework_version=framework.version, key="new", name="New")
    with pytest.raises(ValidationError):
        editing.version_publish(actor=org.hr.user, version=framework.version, notes="again")
    cell.refresh_from_db()
    assert cell.text.startswith("comp-")


def test_publish_retires_the_previous_version(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    editing.version_publish(actor=org.hr.user, version=draft, notes="Sharper texts")
    statuses = dict(framework.versions.values_list("number", "status"))
    assert statuses == {1: FrameworkVersion.Status.RETIRED, 2: FrameworkVersion.Status.PUBLISHED}
    draft.refresh_from_db()
    assert (draft.notes, draft.published_by) == ("Sharper texts", org.hr.user)
    assert AuditEvent.objects.filter(action="competencies.published").count() == 1
    assert editing.draft_start(actor=org.hr.user, framework=framework).number == 3


def test_an_empty_draft_cannot_be_published(org):
    framework = editing.framework_create(actor=org.hr.user, name="Empty")
    with pytest.raises(ValidationError) as caught:
        editing.version_publish(actor=org.hr.user, version=framework.versions.get(), notes="")
    assert len(caught.value.messages) == 2  # no track, no competency


def test_a_stale_edit_is_refused_and_writes_nothing(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    cell = Expectation.objects.filter(competency__framework_version=draft).first()
    opened = cell.version
    editing.row_update(actor=org.hr.user, row=cell, version=opened, values={"text": "first"})
    stale_copy = Expectation.objects.get(pk=cell.pk)
    stale_copy.version = opened
    with pytest.raises(Conflict) as caught:
        editing.row_update(actor=org.hr.user, row=stale_copy, version=opened, values={"text": "second"})
    assert caught.value.current == {"text": "first"}
    assert Expectation.objects.get(pk=cell.pk).text == "first"


def test_new_levels_and_competencies_get_cells_where_they_apply(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    ic, mgmt = draft.tracks.get(key="ic"), draft.tracks.get(key="mgmt")
    level = editing.level_create(actor=org.hr.user, track=ic, key="ic6", code="IC6", title="Distinguished")
    assert level.position == 6
    assert level.expectations.count() == 5  # four shared competencies and the IC-only one
    theme = draft.themes.first()
    new = editing.competency_create(
        actor=org.hr.user,
        framework_version=draft,
        key="coaching",
        name="Coaching",
        theme=theme,
        tracks=[mgmt],
    )
    assert set(new.expectations.values_list("level__track__key", flat=True)) == {"mgmt"}
    editing.competency_set_tracks(actor=org.hr.user, competency=new, version=new.version, tracks=[ic])
    assert set(new.expectations.values_list("level__track__key", flat=True)) == {"ic"}


def test_field_errors_name_the_field(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    ic = draft.tracks.get(key="ic")
    with pytest.raises(ValidationError) as caught:
        editing.level_create(actor=org.hr.user, track=ic, key="ic1", code="IC2", title="")
    assert set(caught.value.message_dict) == {"key", "code", "title"}
    with pytest.raises(ValidationError) as caught:
        editing.competency_create(
            actor=org.hr.user, framework_version=draft, key="bad key", name="x" * 200, theme=None
        )
    assert set(caught.value.message_dict) == {"key", "name", "theme"}


def test_theme_with_competencies_stays(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    theme = draft.themes.get(key="theme-1")
    with pytest.raises(ValidationError):
        editing.row_delete(actor=org.hr.user, row=theme, version=theme.version)
    empty = draft.themes.get(key="theme-4")
    empty.competencies.update(theme=theme)
    editing.row_delete(actor=org.hr.user, row=empty, version=empty.version)
    assert not draft.themes.filter(key="theme-4").exists()


def test_move_renumbers_and_bumps_versions(org, framework):
    draft = editing.draft_start(actor=org.hr.user, framework=framework)
    mgmt = draft.tracks.get(key="mgmt")
    editing.row_move(actor=org.hr.user, row=mgmt, by=-1)
    assert list(draft.tracks.order_by("position").values_list("key", "position", "version")) == [
        ("mgmt", 1, 1),  # the factory's positions are 0 and 1: only ic's changed
        ("ic", 2, 2),
    ]
    editing.row_move(actor=org.hr.user, row=draft.tracks.get(key="mgmt"), by=-1)  # already first
    assert draft.tracks.get(key="mgmt").version == 1


def test_the_starting_framework_ships_published_and_can_be_edited(org):
    from cadence.competencies import exchange
    from cadence.competencies.models import Framework

    starting = Framework.objects.get(name="Cadence starting framework")
    published = starting.versions.get()
    assert published.status == FrameworkVersion.Status.PUBLISHED and starting.is_general
    for track in published.tracks.all():
        assert list(track.levels.values_list("code", flat=True)) == [
            f"{'IC' if track.key == 'ic' else 'M'}{n}" for n in range(1, 6)
        ]
        applying = [
            c
            for c in published.competencies.prefetch_related("tracks")
            if not c.tracks.all() or track in c.tracks.all()
        ]
        assert len(applying) == 10
    texts = list(
        Expectation.objects.filter(competency__framework_version=published).values_list("text", flat=True)
    )
    assert len(texts) == 100 and len(set(texts)) == 100 and all(len(t) > 40 for t in texts)
    exchange.check(exchange.version_document(published))  # valid by the import's own rules
    draft = editing.draft_start(actor=org.hr.user, framework=starting)
    assert content(draft) == content(published)
