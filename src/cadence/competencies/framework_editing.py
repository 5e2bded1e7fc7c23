"""Writes for competency frameworks: creating one, starting a draft of the next version, editing the
draft's tracks, levels, themes, competencies and expectations, and publishing it.

Only HR writes here. Only a draft is edited: a published or retired version is what people were
placed, assessed and rated against, so it stays as it was. Starting a draft copies the published
version whole (set-based, one insert per table, keys kept), so placements and assessments made
against the published rows are read against the draft's rows by key once it is published.

Rows two HR people can edit at once (every row of a draft, the framework itself) are written through
core.versioning: the editor sends the version they started from, a stale one is refused (409)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record, audit_snapshot
from cadence.core.models import User
from cadence.core.versioning import changed_fields, check_version, save_versioned
from cadence.people.models import Department

from . import permissions
from .models import Competency, Expectation, Framework, FrameworkVersion, Level, Theme, Track

Row = Track | Level | Theme | Competency | Expectation


def require_editor(actor: User) -> None:
    if not permissions.can_edit_frameworks(actor):
        raise PermissionDenied(_("Only HR admins edit competency frameworks."))


def version_of(row: Row) -> FrameworkVersion:
    if isinstance(row, Level):
        return row.track.framework_version
    if isinstance(row, Expectation):
        return row.competency.framework_version
    return row.framework_version


def require_draft(version: FrameworkVersion) -> None:
    """A published or retired version is frozen: what was rated against it keeps its text."""
    if not version.is_editable:
        raise ValidationError(
            {
                "__all__": [
                    _("Version %(number)s is not a draft: start a draft to change it.")
                    % {"number": version.number}
                ]
            }
        )


def _changed(
    actor: User, version: FrameworkVersion, what: str, row: object, before: dict, after: dict
) -> None:
    """Audit an edit of a version's content on its framework: what changed (`what`: `row`)."""
    audit_record(
        actor=actor,
        action="competencies.framework_changed",
        target=version.framework,
        before={"version": version.number, what: str(row), **before},
        after={"version": version.number, what: str(row), **after},
    )


# --- The framework --------------------------------------------------------------------------------

FRAMEWORK_AUDIT = ("name", "description", "is_general")


def _check_framework(name: str, is_general: bool, exclude: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    others = Framework.objects.exclude(pk=exclude) if exclude else Framework.objects.all()
    if not name.strip():
        errors["name"] = [_("Give the framework a name.")]
    elif others.filter(name__iexact=name.strip()).exists():
        errors["name"] = [_("Another framework has this name.")]
    if is_general and others.filter(is_general=True).exists():
        errors["is_general"] = [_("Another framework is the general one; make it specific first.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def framework_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    is_general: bool = False,
    departments: Iterable[Department] = (),
) -> Framework:
    """A new framework with an empty draft (version 1) to fill in."""
    require_editor(actor)
    _check_framework(name, is_general)
    framework = Framework.objects.create(name=name.strip(), description=description, is_general=is_general)
    framework.departments.set(departments)
    FrameworkVersion.objects.create(framework=framework, number=1)
    audit_record(
        actor=actor,
        action="competencies.framework_created",
        target=framework,
        after=audit_snapshot(framework, FRAMEWORK_AUDIT),
    )
    return framework


@transaction.atomic
def framework_update(
    *,
    actor: User,
    framework: Framework,
    version: int | None,
    name: str,
    description: str,
    is_general: bool,
    departments: Iterable[Department] | None = None,
) -> Framework:
    """The framework's own settings (they are not versioned content: who it applies to is now)."""
    require_editor(actor)
    check_version(framework, version)
    _check_framework(name, is_general, exclude=framework.pk)
    before = audit_snapshot(framework, FRAMEWORK_AUDIT)
    changes = changed_fields(
        framework, {"name": name.strip(), "description": description, "is_general": is_general}
    )
    for field, value in changes.items():
        setattr(framework, field, value)
    save_versioned(framework, version=version, fields=changes)
    if departments is not None:
        framework.departments.set(departments)
    audit_record(
        actor=actor,
        action="competencies.framework_changed",
        target=framework,
        before=before,
        after=audit_snapshot(framework, FRAMEWORK_AUDIT),
    )
    return framework


# --- Drafts and publishing --------------------------------------------------------------------------


def _source_of_draft(framework: Framework) -> FrameworkVersion | None:
    """What a new draft copies: the published version, else the latest one."""
    versions = FrameworkVersion.objects.filter(framework=framework)
    return (
        versions.filter(status=FrameworkVersion.Status.PUBLISHED).first()
        or versions.order_by("-number").first()
    )


@transaction.atomic
def draft_start(*, actor: User, framework: Framework) -> FrameworkVersion:
    """The framework's draft: the one there is (a second click opens the same), else a copy of the
    published version as the next number."""
    require_editor(actor)
    Framework.objects.select_for_update().filter(pk=framework.pk).first()  # one draft at a time
    existing = FrameworkVersion.objects.filter(
        framework=framework, status=FrameworkVersion.Status.DRAFT
    ).first()
    if existing is not None:
        return existing
    source = _source_of_draft(framework)
    number = (FrameworkVersion.objects.filter(framework=framework).aggregate(n=Max("number"))["n"] or 0) + 1
    draft = FrameworkVersion.objects.create(framework=framework, number=number)
    if source is not None:
        copy_content(source, draft)
    _changed(actor, draft, "draft", draft, {}, {"copied_from": source.number if source else None})
    return draft


def copy_content(source: FrameworkVersion, target: FrameworkVersion) -> None:
    """Every row of `source` into the empty `target`, keys kept: one insert per table."""
    old_tracks = list(Track.objects.filter(framework_version=source))
    new_tracks = Track.objects.bulk_create(
        Track(
            framework_version=target, key=t.key, name=t.name, description=t.description, position=t.position
        )
        for t in old_tracks
    )
    track_map = {old.pk: new for old, new in zip(old_tracks, new_tracks, strict=True)}
    old_levels = list(Level.objects.filter(track__framework_version=source))
    new_levels = Level.objects.bulk_create(
        Level(
            track=track_map[lv.track_id],
            key=lv.key,
            code=lv.code,
            title=lv.title,
            summary=lv.summary,
            position=lv.position,
        )
        for lv in old_levels
    )
    level_map = {old.pk: new for old, new in zip(old_levels, new_levels, strict=True)}
    old_themes = list(Theme.objects.filter(framework_version=source))
    new_themes = Theme.objects.bulk_create(
        Theme(
            framework_version=target, key=t.key, name=t.name, description=t.description, position=t.position
        )
        for t in old_themes
    )
    theme_map = {old.pk: new for old, new in zip(old_themes, new_themes, strict=True)}
    old_competencies = list(Competency.objects.filter(framework_version=source))
    new_competencies = Competency.objects.bulk_create(
        Competency(
            framework_version=target,
            theme=theme_map[c.theme_id],
            key=c.key,
            name=c.name,
            description=c.description,
            position=c.position,
        )
        for c in old_competencies
    )
    competency_map = {old.pk: new for old, new in zip(old_competencies, new_competencies, strict=True)}
    limits = Competency.tracks.through
    limits.objects.bulk_create(
        limits(competency_id=competency_map[cid].pk, track_id=track_map[tid].pk)
        for cid, tid in limits.objects.filter(competency__framework_version=source).values_list(
            "competency_id", "track_id"
        )
    )
    Expectation.objects.bulk_create(
        Expectation(competency=competency_map[cid], level=level_map[lid], text=text)
        for cid, lid, text in Expectation.objects.filter(competency__framework_version=source).values_list(
            "competency_id", "level_id", "text"
        )
    )


def publish_problems(version: FrameworkVersion) -> list[str]:
    """Why a draft cannot be published yet: a framework without tracks, levels or competencies
    measures no one."""
    problems = []
    if not Track.objects.filter(framework_version=version).exists():
        problems.append(_("Add at least one track."))
    if Track.objects.filter(framework_version=version, levels__isnull=True).exists():
        problems.append(_("Every track needs at least one level."))
    if not Competency.objects.filter(framework_version=version).exists():
        problems.append(_("Add at least one competency."))
    return problems


@transaction.atomic
def version_publish(*, actor: User, version: FrameworkVersion, notes: str) -> FrameworkVersion:
    """Publish the draft: it becomes what everyone reads, the previous published version is
    retired (kept for what was rated against it)."""
    require_editor(actor)
    locked = FrameworkVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    require_draft(locked)
    if problems := publish_problems(locked):
        raise ValidationError({"__all__": problems})
    previous = FrameworkVersion.objects.filter(
        framework_id=locked.framework_id, status=FrameworkVersion.Status.PUBLISHED
    ).first()
    if previous is not None:  # retire first: the constraint allows one published version
        previous.status = FrameworkVersion.Status.RETIRED
        previous.save(update_fields=["status", "updated_at"])
    locked.status = FrameworkVersion.Status.PUBLISHED
    locked.notes = notes
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["status", "notes", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action="competencies.published",
        target=locked.framework,
        before={"published": previous.number if previous else None},
        after={"published": locked.number, "notes": notes},
    )
    return locked


# --- Rows of a draft ---------------------------------------------------------------------------------

EDIT_TEXT_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Track: ("name", "description"),
    Level: ("code", "title", "summary"),
    Theme: ("name", "description"),
    Competency: ("name", "description"),
    Expectation: ("text",),
}
REQUIRED = {"name", "code", "title"}


def _check_text(model: type[Model], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Required and too long fields, by the model's own limits."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        limit: int | None = getattr(model._meta.get_field(name), "max_length", None)
        text = value if isinstance(value, str) else ""
        if name in REQUIRED and not text.strip():
            errors[name] = [_("This field is required.")]
        elif limit is not None and len(text) > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    return errors


def _check_key(key: str, taken: QuerySet) -> dict[str, list[str]]:
    try:
        validate_slug(key)
    except ValidationError:
        return {"key": [_("Use letters, digits, hyphens and underscores only.")]}
    if len(key) > 60:
        return {"key": [_("At most 60 characters.")]}
    if taken.filter(key=key).exists():
        return {"key": [_("This key is taken in this version.")]}
    return {}


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _next_position(rows: QuerySet) -> int:
    return (rows.aggregate(n=Max("position"))["n"] or 0) + 1


def _cells_missing(version: FrameworkVersion) -> None:
    """Give every competency an (empty) expectation at each level of the tracks it applies to, so
    the matrix has a cell to edit: after adding a level or a competency, or changing a limit."""
    levels = list(Level.objects.filter(track__framework_version=version).values_list("pk", "track_id"))
    limits: dict[int, set[int]] = {}
    for cid, tid in Competency.tracks.through.objects.filter(
        competency__framework_version=version
    ).values_list("competency_id", "track_id"):
        limits.setdefault(cid, set()).add(tid)
    have = set(
        Expectation.objects.filter(competency__framework_version=version).values_list(
            "competency_id", "level_id"
        )
    )
    competencies = Competency.objects.filter(framework_version=version).values_list("pk", flat=True)
    Expectation.objects.bulk_create(
        Expectation(competency_id=cid, level_id=lid)
        for cid in competencies
        for lid, tid in levels
        if (cid, lid) not in have and (cid not in limits or tid in limits[cid])
    )


def _named_row_create[R: (Track, Theme)](
    actor: User, model: type[R], framework_version: FrameworkVersion, key: str, name: str, description: str
) -> R:
    """A track or a theme (rows of a version with a key, a name and a description), last in order."""
    require_editor(actor)
    require_draft(framework_version)
    siblings = model.objects.filter(framework_version=framework_version)
    _raise({**_check_key(key, siblings), **_check_text(model, {"name": name, "description": description})})
    row = model.objects.create(
        framework_version=framework_version,
        key=key,
        name=name.strip(),
        description=description,
        position=_next_position(siblings),
    )
    _changed(actor, framework_version, f"{model.__name__.lower()}_added", row, {}, {"key": key})
    return row


@transaction.atomic
def track_create(
    *, actor: User, framework_version: FrameworkVersion, key: str, name: str, description: str = ""
) -> Track:
    return _named_row_create(actor, Track, framework_version, key, name, description)


@transaction.atomic
def level_create(*, actor: User, track: Track, key: str, code: str, title: str, summary: str = "") -> Level:
    require_editor(actor)
    version = track.framework_version
    require_draft(version)
    siblings = Level.objects.filter(track=track)
    errors = {
        **_check_key(key, siblings),
        **_check_text(Level, {"code": code, "title": title, "summary": summary}),
    }
    if "code" not in errors and siblings.filter(code=code.strip()).exists():
        errors["code"] = [_("Another level of this track has this code.")]
    _raise(errors)
    level = Level.objects.create(
        track=track,
        key=key,
        code=code.strip(),
        title=title.strip(),
        summary=summary,
        position=_next_position(siblings),
    )
    _cells_missing(version)
    _changed(actor, version, "level_added", level, {}, {"key": key})
    return level


@transaction.atomic
def theme_create(
    *, actor: User, framework_version: FrameworkVersion, key: str, name: str, description: str = ""
) -> Theme:
    return _named_row_create(actor, Theme, framework_version, key, name, description)


def _check_relations(
    version: FrameworkVersion, theme: Theme | None, tracks: Iterable[Track]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if theme is None or theme.framework_version_id != version.pk:
        errors["theme"] = [_("Choose a theme of this version.")]
    if any(t.framework_version_id != version.pk for t in tracks):
        errors["tracks"] = [_("Choose tracks of this version.")]
    return errors


@transaction.atomic
def competency_create(
    *,
    actor: User,
    framework_version: FrameworkVersion,
    key: str,
    name: str,
    theme: Theme | None,
    description: str = "",
    tracks: Iterable[Track] = (),
) -> Competency:
    """A competency with an empty expectation at each level of the tracks it applies to (all of
    them when `tracks` is empty)."""
    require_editor(actor)
    require_draft(framework_version)
    tracks = list(tracks)
    siblings = Competency.objects.filter(framework_version=framework_version)
    _raise(
        {
            **_check_key(key, siblings),
            **_check_text(Competency, {"name": name, "description": description}),
            **_check_relations(framework_version, theme, tracks),
        }
    )
    assert theme is not None  # _check_relations refused none
    competency = Competency.objects.create(
        framework_version=framework_version,
        key=key,
        name=name.strip(),
        description=description,
        theme=theme,
        position=_next_position(siblings.filter(theme=theme)),
    )
    competency.tracks.set(tracks)
    _cells_missing(framework_version)
    _changed(actor, framework_version, "competency_added", competency, {}, {"key": key})
    return competency


@transaction.atomic
def row_update(*, actor: User, row: Row, version: int | None, values: Mapping[str, Any]) -> Row:
    """Edit the text fields of a draft's track, level, theme, competency or expectation (and a
    competency's theme). Writes only what changed; a stale `version` is refused (Conflict)."""
    require_editor(actor)
    framework_version = version_of(row)
    require_draft(framework_version)
    check_version(row, version)
    model = type(row)
    allowed = EDIT_TEXT_FIELDS[model] + (("theme",) if model is Competency else ())
    values = {k: v for k, v in values.items() if k in allowed}
    errors = _check_text(model, {k: v for k, v in values.items() if k != "theme"})
    if (
        isinstance(row, Level)
        and "code" in values
        and "code" not in errors
        and (
            Level.objects.filter(track_id=row.track_id, code=values["code"].strip())
            .exclude(pk=row.pk)
            .exists()
        )
    ):
        errors["code"] = [_("Another level of this track has this code.")]
    if isinstance(row, Competency) and "theme" in values:
        errors.update(_check_relations(framework_version, values["theme"], ()))
    _raise(errors)
    values = {k: v.strip() if k in REQUIRED else v for k, v in values.items()}
    changes = changed_fields(row, values)
    before = {k: str(getattr(row, k)) for k in changes}
    for field, value in changes.items():
        setattr(row, field, value)
    save_versioned(row, version=version, fields=changes)
    if changes:
        _changed(
            actor,
            framework_version,
            model.__name__.lower(),
            row,
            before,
            {k: str(v) for k, v in changes.items()},
        )
    return row


@transaction.atomic
def competency_set_tracks(
    *, actor: User, competency: Competency, version: int | None, tracks: Iterable[Track]
) -> Competency:
    """Limit a draft's competency to some tracks (none: every track). Its expectations at levels
    of tracks it no longer applies to go; new ones get empty cells."""
    require_editor(actor)
    framework_version = competency.framework_version
    require_draft(framework_version)
    check_version(competency, version)
    tracks = list(tracks)
    _raise(_check_relations(framework_version, competency.theme, tracks))
    before = sorted(competency.tracks.values_list("key", flat=True))
    competency.tracks.set(tracks)
    if tracks:
        competency.expectations.exclude(level__track__in=tracks).delete()
    _cells_missing(framework_version)
    save_versioned(competency, version=version, fields=())
    _changed(
        actor,
        framework_version,
        "competency_tracks",
        competency,
        {"tracks": before},
        {"tracks": sorted(t.key for t in tracks)},
    )
    return competency


@transaction.atomic
def competency_update(
    *,
    actor: User,
    competency: Competency,
    version: int | None,
    values: Mapping[str, Any],
    tracks: Iterable[Track],
) -> Competency:
    """The structure editor's save of a competency: its texts and theme, and its track limits
    (changed only where they differ), as one edit from one version."""
    tracks = list(tracks)
    row_update(actor=actor, row=competency, version=version, values=values)
    if {t.pk for t in tracks} != {t.pk for t in competency.tracks.all()}:
        competency_set_tracks(actor=actor, competency=competency, version=competency.version, tracks=tracks)
    return competency


@transaction.atomic
def row_delete(*, actor: User, row: Track | Level | Theme | Competency, version: int | None) -> None:
    """Delete a draft's row (a track with its levels, a competency with its expectations). A theme
    that still groups competencies stays."""
    require_editor(actor)
    framework_version = version_of(row)
    require_draft(framework_version)
    check_version(row, version)
    if isinstance(row, Theme) and row.competencies.exists():
        raise ValidationError({"__all__": [_("Move or delete this theme's competencies first.")]})
    label = str(row)
    try:
        with transaction.atomic():
            row.delete()
    except IntegrityError as error:  # a placement or assessment points at it (should not: drafts)
        raise ValidationError({"__all__": [_("Something refers to this; it stays.")]}) from error
    _changed(actor, framework_version, f"{type(row).__name__.lower()}_deleted", label, {}, {})


def _siblings(row: Track | Level | Theme | Competency) -> QuerySet:
    if isinstance(row, Track):
        return Track.objects.filter(framework_version_id=row.framework_version_id)
    if isinstance(row, Level):
        return Level.objects.filter(track_id=row.track_id)
    if isinstance(row, Theme):
        return Theme.objects.filter(framework_version_id=row.framework_version_id)
    return Competency.objects.filter(framework_version_id=row.framework_version_id, theme_id=row.theme_id)


@transaction.atomic
def row_move(*, actor: User, row: Track | Level | Theme | Competency, by: int) -> None:
    """Move a row up (by=-1) or down (by=1) among its siblings; positions are renumbered 1.. and
    the version of each row whose position changes is bumped, so an open edit form hears of it."""
    require_editor(actor)
    framework_version = version_of(row)
    require_draft(framework_version)
    order = list(_siblings(row).select_for_update().order_by("position", "id").values_list("pk", flat=True))
    at = order.index(row.pk)
    to = min(max(at + by, 0), len(order) - 1)
    order.insert(to, order.pop(at))
    model: type[Model] = type(row)
    current = dict(_siblings(row).values_list("pk", "position"))
    for position, pk in enumerate(order, 1):
        if current[pk] != position:
            model._default_manager.filter(pk=pk).update(position=position, version=F("version") + 1)
    if at != to:
        _changed(actor, framework_version, "moved", row, {"position": at + 1}, {"position": to + 1})
