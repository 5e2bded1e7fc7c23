"""Reads for competency frameworks and where people stand in them: the core other modules and the
pages build on. Each read that depends on who asks starts from permissions' visible_to(actor).

Reading across versions: a placement or an assessment points at the rows of the version it was
made against. Where the current picture is asked for (the career page, gaps, the heatmap), those
rows are read in the framework's published version by their keys (`key` of the track, level and
competency), so publishing a new version moves everyone's expectations without rewriting history."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from cadence.people.models import Department, Employee
from cadence.people.permissions import Actor

from . import permissions
from .models import Competency, Expectation, Framework, FrameworkVersion, Level, Placement, Theme, Track

# Frameworks -----------------------------------------------------------------------------------


def framework_list(*, actor: Actor) -> QuerySet[Framework]:
    """Frameworks with a version the actor may read (HR: all, drafts included)."""
    versions = permissions.framework_versions_visible_to(actor)
    return Framework.objects.filter(pk__in=versions.values("framework_id")).prefetch_related(
        Prefetch("versions", queryset=versions.order_by("-number"), to_attr="visible_versions")
    )


def framework_get(*, actor: Actor, framework_id: int) -> Framework:
    framework = framework_list(actor=actor).filter(pk=framework_id).first()
    if framework is None:
        raise Http404
    return framework


def version_get(*, actor: Actor, version_id: int) -> FrameworkVersion:
    version = (
        permissions.framework_versions_visible_to(actor)
        .select_related("framework")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404
    return version


def published_version_of(framework_id: int) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework_id=framework_id, status=FrameworkVersion.Status.PUBLISHED)
        .first()
    )


def draft_version_of(framework_id: int) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(
        framework_id=framework_id, status=FrameworkVersion.Status.DRAFT
    ).first()


def tracks_of(version: FrameworkVersion) -> list[Track]:
    """The version's tracks, each with its levels in order (`track.level_list`): two queries."""
    return list(
        version.tracks.order_by("position", "id").prefetch_related(
            Prefetch("levels", queryset=Level.objects.order_by("position", "id"), to_attr="level_list")
        )
    )


def competencies_of(version: FrameworkVersion) -> list[Competency]:
    """The version's competencies in theme order, with their theme and track limits loaded."""
    return list(
        version.competencies.select_related("theme")
        .prefetch_related("tracks")
        .order_by("theme__position", "theme_id", "position", "id")
    )


def applies_to(competency: Competency, track: Track) -> bool:
    """Whether a competency (its `tracks` prefetched) applies to a track: limited to none, or to it."""
    limits = [t.pk for t in competency.tracks.all()]
    return not limits or track.pk in limits


def competencies_for_level(level: Level) -> list[Competency]:
    """What a level of a track is measured on: the competencies of its version that apply to its
    track, in theme order, each with `expectation` (this level's Expectation or None)."""
    competencies = [c for c in competencies_of(level.track.framework_version) if applies_to(c, level.track)]
    texts = {e.competency_id: e for e in Expectation.objects.filter(level=level)}
    for competency in competencies:
        competency.expectation = texts.get(competency.pk)  # type: ignore[attr-defined]
    return competencies


def version_levels(version: FrameworkVersion) -> QuerySet[Level]:
    return Level.objects.filter(track__framework_version=version).select_related("track")


# Placement ------------------------------------------------------------------------------------

PLACEMENT_RELATIONS = ("level__track__framework_version__framework",)


def _in_force(today: datetime.date) -> QuerySet[Placement]:
    return Placement.objects.filter(effective_from__lte=today)


def placement_current(person: Employee, today: datetime.date | None = None) -> Placement | None:
    """Where the person stands today: their latest placement in effect (none before their first)."""
    today = today or timezone.localdate()
    return (
        _in_force(today)
        .filter(employee=person)
        .select_related(*PLACEMENT_RELATIONS)
        .order_by("-effective_from", "-id")
        .first()
    )


def placements_current(
    people: QuerySet[Employee], today: datetime.date | None = None
) -> dict[int, Placement]:
    """Employee id -> placement in effect today, for a set of people in one query."""
    today = today or timezone.localdate()
    latest = (
        _in_force(today)
        .filter(employee=OuterRef("employee"))
        .order_by("-effective_from", "-id")
        .values("pk")[:1]
    )
    rows = (
        _in_force(today).filter(employee__in=people, pk=Subquery(latest)).select_related(*PLACEMENT_RELATIONS)
    )
    return {p.employee_id: p for p in rows}


def placement_history(person: Employee) -> list[Placement]:
    return list(
        Placement.objects.filter(employee=person)
        .select_related(*PLACEMENT_RELATIONS, "set_by")
        .order_by("-effective_from", "-id")
    )


def placement_list(*, actor: Actor, person: Employee) -> list[Placement]:
    if not permissions.can_see_career(actor, person):
        raise Http404
    return placement_history(person)


# Reading rows in the published version ----------------------------------------------------------


def published_level_for(level: Level) -> Level | None:
    """The level with the same track and level keys in its framework's published version: where a
    placement made against an older version stands now (None: the level was removed since)."""
    version = level.track.framework_version
    if version.status == FrameworkVersion.Status.PUBLISHED:
        return level
    return (
        Level.objects.select_related("track__framework_version__framework")
        .filter(
            track__framework_version__framework_id=version.framework_id,
            track__framework_version__status=FrameworkVersion.Status.PUBLISHED,
            track__key=level.track.key,
            key=level.key,
        )
        .first()
    )


def published_levels_by_keys(framework_ids: set[int]) -> dict[tuple[int, str, str], Level]:
    """(framework id, track key, level key) -> level of the published versions: one query, for
    reading many placements at once (the heatmap)."""
    levels = Level.objects.select_related("track__framework_version").filter(
        track__framework_version__framework_id__in=framework_ids,
        track__framework_version__status=FrameworkVersion.Status.PUBLISHED,
    )
    return {(lv.track.framework_version.framework_id, lv.track.key, lv.key): lv for lv in levels}


def next_level(level: Level) -> Level | None:
    """The level after this one on its track (None at the top)."""
    return (
        Level.objects.select_related("track__framework_version__framework")
        .filter(track_id=level.track_id)
        .filter(Q(position__gt=level.position) | Q(position=level.position, id__gt=level.pk))
        .order_by("position", "id")
        .first()
    )


# Which framework applies ------------------------------------------------------------------------


def framework_for_department(department: Department | None) -> Framework | None:
    """The framework of the person's department or the nearest department above it that has one,
    else the general framework."""
    if department is not None:
        ids = [*department.ancestor_ids, department.pk]
        owners = {
            d: f for f, d in Framework.objects.filter(departments__in=ids).values_list("pk", "departments")
        }
        nearest = next((owners[d] for d in reversed(ids) if d in owners), None)
        if nearest is not None:
            return Framework.objects.get(pk=nearest)
    return Framework.objects.filter(is_general=True).first()


def framework_for(person: Employee, placement: Placement | None = None) -> Framework | None:
    """The framework a person is measured in: their placement's, else their department's, else the
    general one."""
    if placement is not None:
        return placement.level.track.framework_version.framework
    return framework_for_department(person.department)


# Editor and reading a version -------------------------------------------------------------------


@dataclass
class VersionContent:
    """A version's whole content in a fixed number of queries: what the framework page, the matrix
    editor, the API and export read. `cells` maps (competency id, level id) to its expectation."""

    version: FrameworkVersion
    tracks: list[Track]
    themes: list[Theme]
    competencies: list[Competency]
    cells: dict[tuple[int, int], Expectation]

    def applies(self, competency: Competency, track: Track) -> bool:
        return applies_to(competency, track)

    def rows_for(self, track: Track) -> list[tuple[Competency, list[Expectation | None]]]:
        """The matrix of one track: each competency that applies, with its cell per level."""
        return [
            (c, [self.cells.get((c.pk, lv.pk)) for lv in track.level_list])  # type: ignore[attr-defined]
            for c in self.competencies
            if applies_to(c, track)
        ]

    def by_theme(self) -> list[tuple[Theme, list[Competency]]]:
        return [(t, [c for c in self.competencies if c.theme_id == t.pk]) for t in self.themes]


def version_content(version: FrameworkVersion) -> VersionContent:
    """Six queries whatever the size: tracks, levels, themes, competencies, their track limits,
    expectations."""
    cells = {
        (e.competency_id, e.level_id): e
        for e in Expectation.objects.filter(competency__framework_version=version)
    }
    return VersionContent(
        version=version,
        tracks=tracks_of(version),
        themes=list(Theme.objects.filter(framework_version=version).order_by("position", "id")),
        competencies=competencies_of(version),
        cells=cells,
    )


def version_for_reading(*, actor: Actor, framework: Framework, number: int | None = None) -> FrameworkVersion:
    """The version of a framework the actor reads: the published one, or (HR) any by its number."""
    versions = framework_versions_for(actor=actor, framework=framework)
    version = (
        versions.filter(number=number).first()
        if number
        else versions.filter(status=FrameworkVersion.Status.PUBLISHED).first()
    )
    if version is None:
        raise Http404
    return version


def framework_versions_for(*, actor: Actor, framework: Framework) -> QuerySet[FrameworkVersion]:
    """The versions of a framework the actor may see, newest first, with who published them."""
    return (
        permissions.framework_versions_visible_to(actor)
        .filter(framework=framework)
        .select_related("framework", "published_by")
        .order_by("-number")
    )


def expectation_for_editing(*, actor: Actor, expectation_id: int) -> Expectation:
    """An expectation HR may edit (a draft's), with what its cell shows; else 404."""
    if not permissions.can_edit_frameworks(actor):
        raise Http404
    expectation = (
        Expectation.objects.select_related("competency__framework_version__framework", "level__track")
        .filter(pk=expectation_id)
        .first()
    )
    if expectation is None:
        raise Http404
    return expectation


def structure_row_for_editing(
    *, actor: Actor, model: type[Track | Level | Theme | Competency], row_id: int
) -> Track | Level | Theme | Competency:
    """A track, level, theme or competency HR may edit, with its framework (and a competency's
    track limits); else 404. Whether its version is a draft is the service's to say."""
    if not permissions.can_edit_frameworks(actor):
        raise Http404
    framework = "track__framework_version__framework" if model is Level else "framework_version__framework"
    rows: QuerySet[Any] = model._default_manager.select_related(framework)
    if model is Competency:
        rows = rows.prefetch_related("tracks")
    row = rows.filter(pk=row_id).first()
    if row is None:
        raise Http404
    return row
