"""Gap arithmetic: how a person's assessed level of each competency compares with what their level
expects, and with what the next level expects; and the heatmap of those comparisons for groups.

A level's *rank* is its place on its track in the published version (0 for the first level).
Expected: the rank of the person's level, read in the published version by keys. Assessed: the rank
of the level of the person's latest assessment of the competency (its latest by key, across
versions), read in the published version by keys. An assessment made on another track compares by
rank too: IC3 and M3 are comparable levels. Below, at or above; an assessment whose level no longer
exists in the published version, like no assessment at all, is "not assessed"."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadence.people.models import Department, Employee, Team
from cadence.people.permissions import Actor, managed_by

from . import selectors
from .models import Assessment, Competency, FrameworkVersion, Level, Placement


class GapState(StrEnum):
    BELOW = "below"
    AT = "at"
    ABOVE = "above"
    NOT_ASSESSED = "not_assessed"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    GapState.BELOW: _("Below expectation"),
    GapState.AT: _("At expectation"),
    GapState.ABOVE: _("Above expectation"),
    GapState.NOT_ASSESSED: _("Not assessed"),
}
STATES = (GapState.ABOVE, GapState.AT, GapState.BELOW, GapState.NOT_ASSESSED)


def compare(assessed: int | None, expected: int) -> GapState:
    if assessed is None:
        return GapState.NOT_ASSESSED
    if assessed < expected:
        return GapState.BELOW
    return GapState.AT if assessed == expected else GapState.ABOVE


LevelKeys = tuple[int, str, str]  # framework id, track key, level key


class Ladder:
    """The published levels of some frameworks with their ranks: reads any level (of any version)
    in its framework's published version by keys. One query, however many levels are read."""

    def __init__(self, framework_ids: Iterable[int]) -> None:
        self.by_keys: dict[LevelKeys, Level] = selectors.published_levels_by_keys(set(framework_ids))
        by_track: dict[int, list[Level]] = defaultdict(list)
        for level in self.by_keys.values():
            by_track[level.track_id].append(level)
        self.ranks: dict[int, int] = {}
        self.tracks: dict[int, list[Level]] = {}
        for track_id, levels in by_track.items():
            levels.sort(key=lambda lv: (lv.position, lv.pk))
            self.tracks[track_id] = levels
            self.ranks.update((lv.pk, rank) for rank, lv in enumerate(levels))

    def read(self, level: Level) -> Level | None:
        """The published level with the keys of `level` (its track and version loaded), or None."""
        version = level.track.framework_version
        return self.by_keys.get((version.framework_id, level.track.key, level.key))

    def rank(self, level: Level | None) -> int | None:
        published = self.read(level) if level is not None else None
        return None if published is None else self.ranks[published.pk]

    def next_of(self, level: Level) -> Level | None:
        """The level after a published one on its track (None at the top)."""
        levels = self.tracks.get(level.track_id, [])
        rank = self.ranks.get(level.pk)
        return levels[rank + 1] if rank is not None and rank + 1 < len(levels) else None

    def at_rank(self, track_id: int, rank: int) -> Level | None:
        """A track's level of this rank, or its top level if it is shorter: the comparable level."""
        levels = self.tracks.get(track_id, [])
        return levels[min(rank, len(levels) - 1)] if levels else None


# One person ---------------------------------------------------------------------------------------


@dataclass
class CompetencyGap:
    competency: Competency  # of the published version, with `expectation` (this level's, or None)
    assessment: Assessment | None  # the latest, of any version
    assessed: Level | None  # the assessment's level read in the published version
    assessed_rank: int | None
    expected_rank: int
    next_rank: int | None  # None at the top of the track
    next_expectation: str = ""

    @property
    def state(self) -> GapState:
        return compare(self.assessed_rank, self.expected_rank)

    @property
    def next_state(self) -> GapState | None:
        return None if self.next_rank is None else compare(self.assessed_rank, self.next_rank)

    @property
    def gap(self) -> int | None:
        """Levels above (positive) or below (negative) what the person's level expects."""
        return None if self.assessed_rank is None else self.assessed_rank - self.expected_rank

    @property
    def next_gap(self) -> int | None:
        if self.assessed_rank is None or self.next_rank is None:
            return None
        return self.assessed_rank - self.next_rank


@dataclass
class PersonGaps:
    placement: Placement
    level: Level  # the placement's level in the published version
    next_level: Level | None
    ladder: Ladder
    rows: list[CompetencyGap]
    assessments: list[Assessment] = field(default_factory=list)  # the whole history, newest first

    def counts(self) -> Counter[GapState]:
        return Counter(row.state for row in self.rows)


def assessment_history(person: Employee, framework_id: int) -> list[Assessment]:
    """Every assessment of the person against any version of the framework, newest first."""
    return list(
        Assessment.objects.filter(employee=person, competency__framework_version__framework_id=framework_id)
        .select_related("competency", "level__track__framework_version", "assessed_by")
        .order_by("-assessed_at", "-id")
    )


def latest_by_key(assessments: Iterable[Assessment]) -> dict[str, Assessment]:
    """Competency key -> the latest assessment (the history comes newest first)."""
    latest: dict[str, Assessment] = {}
    for assessment in assessments:
        latest.setdefault(assessment.competency.key, assessment)
    return latest


def person_gaps(person: Employee, placement: Placement | None) -> PersonGaps | None:
    """Assessed against expected, per competency of the person's level, and against the next level.
    None for someone not placed, or placed on a level the published version no longer has."""
    if placement is None:
        return None
    framework_id = placement.level.track.framework_version.framework_id
    ladder = Ladder([framework_id])
    level = ladder.read(placement.level)
    if level is None:
        return None
    # The ladder's levels carry their track and version, which competencies_for_level reads.
    competencies = selectors.competencies_for_level(level)
    upper = ladder.next_of(level)
    next_texts = _expectation_texts(upper) if upper else {}
    history = assessment_history(person, framework_id)
    latest = latest_by_key(history)
    expected = ladder.ranks[level.pk]
    rows = []
    for competency in competencies:
        assessment = latest.get(competency.key)
        assessed = ladder.read(assessment.level) if assessment else None
        rows.append(
            CompetencyGap(
                competency=competency,
                assessment=assessment,
                assessed=assessed,
                assessed_rank=None if assessed is None else ladder.ranks[assessed.pk],
                expected_rank=expected,
                next_rank=None if upper is None else expected + 1,
                next_expectation=next_texts.get(competency.pk, ""),
            )
        )
    return PersonGaps(placement, level, upper, ladder, rows, history)


def _expectation_texts(level: Level) -> dict[int, str]:
    return dict(level.expectations.values_list("competency_id", "text"))


# The heatmap ------------------------------------------------------------------------------------


class GroupBy(StrEnum):
    DEPARTMENT = "department"
    TEAM = "team"
    TRACK = "track"


@dataclass
class Cell:
    counts: dict[GapState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, state: GapState) -> int:
        """Percent of the group's people measured on the competency, rounded."""
        return round(100 * self.counts.get(state, 0) / self.total) if self.total else 0

    @property
    def shares(self) -> list[tuple[GapState, int, int]]:
        return [(state, self.counts.get(state, 0), self.share(state)) for state in STATES]

    @property
    def leading(self) -> GapState:
        """The state most people of the cell are in (the cell's pattern and colour)."""
        return max(STATES, key=lambda state: (self.counts.get(state, 0), -STATES.index(state)))


@dataclass
class HeatmapRow:
    key: str
    name: str
    framework: str
    cells: list[Cell | None]  # one per group; None: no one in the group is measured on it


@dataclass
class Group:
    id: int | None
    name: str
    people: int = 0


@dataclass
class Heatmap:
    group_by: GroupBy
    groups: list[Group]
    rows: list[HeatmapRow]
    people: int  # placed people in scope
    unplaced: int  # in scope but on no level of a published version
    several_frameworks: bool = False


def heatmap_people(*, actor: Actor, department: Department | None = None) -> QuerySet[Employee]:
    """Whom the heatmap counts: the active people whose performance data the actor sees (HR the
    organisation, a manager their chain), in a department and below."""
    people = managed_by(actor).filter(status=Employee.Status.ACTIVE)
    if department is not None:
        people = people.filter(department__path__startswith=department.path)
    return people


def heatmap(
    *,
    actor: Actor,
    group_by: GroupBy,
    department: Department | None = None,
    track_id: int | None = None,
    today: datetime.date | None = None,
) -> Heatmap:
    """Competencies x groups, each cell the people at, above and below expectation and not assessed.
    Eight queries whatever the size: people, placements, levels, competencies and their track
    limits, latest assessments, group names."""
    people = heatmap_people(actor=actor, department=department)
    members = list(people.values_list("pk", "department_id", "team_id"))
    levels = _levels()
    current = _current_levels(people, today or timezone.localdate())
    framework_ids = {levels[lv].framework_id for lv in current.values()}
    columns = _published_competencies(framework_ids)
    latest = _latest_assessed_levels(people, framework_ids)
    placed: list[tuple[int, _Lv, int | None]] = []  # person, published level, group
    unplaced = 0
    for pk, department_id, team_id in members:
        level = levels[current[pk]].reads if pk in current else None
        if level is None or (track_id and level.track_id != track_id):
            unplaced += level is None
            continue
        group = {GroupBy.DEPARTMENT: department_id, GroupBy.TEAM: team_id, GroupBy.TRACK: level.track_id}
        placed.append((pk, level, group[group_by]))
    counts: dict[tuple[int, str, int | None], Counter[GapState]] = defaultdict(Counter)
    sizes: Counter[int | None] = Counter()
    for pk, level, group_id in placed:
        sizes[group_id] += 1
        mine = latest.get(pk, {})
        for competency in columns.get(level.framework_id, ()):
            if competency.tracks and level.track_id not in competency.tracks:
                continue
            assessed = levels.get(mine.get((level.framework_id, competency.key), 0))
            rank = assessed.reads.rank if assessed and assessed.reads else None
            counts[(level.framework_id, competency.key, group_id)][compare(rank, level.rank)] += 1
    groups = _groups(group_by, sizes, levels)
    rows = [
        HeatmapRow(
            competency.key,
            competency.name,
            competency.framework,
            [_cell(counts.get((framework_id, competency.key, g.id))) for g in groups],
        )
        for framework_id, competencies in columns.items()
        for competency in competencies
    ]
    return Heatmap(
        group_by,
        groups,
        [row for row in rows if any(row.cells)],
        len(placed),
        unplaced,
        several_frameworks=len(framework_ids) > 1,
    )


def _cell(counts: Counter[GapState] | None) -> Cell | None:
    return Cell(dict(counts)) if counts else None


@dataclass
class _Lv:
    """A level as the heatmap reads it: lean values, no model instances."""

    id: int
    key: str
    track_id: int
    track_key: str
    track_name: str
    framework_id: int
    published: bool
    rank: int = 0
    reads: "_Lv | None" = None  # the level with its keys in the published version


def _levels() -> dict[int, _Lv]:
    """Every level of every version (a small table), with the ranks of the published ones."""
    rows = Level.objects.order_by("track_id", "position", "id").values_list(
        "pk", "key", "track_id", "track__key", "track__name", "track__framework_version__framework_id",
        "track__framework_version__status",
    )  # fmt: skip
    levels: dict[int, _Lv] = {}
    ranks: Counter[int] = Counter()
    for pk, key, track_id, track_key, track_name, framework_id, status in rows:
        levels[pk] = _Lv(
            pk, key, track_id, track_key, track_name, framework_id,
            status == FrameworkVersion.Status.PUBLISHED, ranks[track_id],
        )  # fmt: skip
        ranks[track_id] += 1
    published = {(lv.framework_id, lv.track_key, lv.key): lv for lv in levels.values() if lv.published}
    for lv in levels.values():
        lv.reads = published.get((lv.framework_id, lv.track_key, lv.key))
    return levels


def _current_levels(people: QuerySet[Employee], today: datetime.date) -> dict[int, int]:
    """Person id -> the level id of their placement in effect (the latest one wins)."""
    rows = (
        Placement.objects.filter(employee__in=people, effective_from__lte=today)
        .order_by("employee_id", "effective_from", "id")
        .values_list("employee_id", "level_id")
    )
    return dict(rows.iterator(chunk_size=5000))


@dataclass
class _Competency:
    key: str
    name: str
    framework: str
    tracks: set[int]


def _published_competencies(framework_ids: set[int]) -> dict[int, list[_Competency]]:
    """Framework id -> its published competencies in theme order, each with its track limits."""
    rows = (
        Competency.objects.filter(
            framework_version__framework_id__in=framework_ids,
            framework_version__status=FrameworkVersion.Status.PUBLISHED,
        )
        .order_by("framework_version__framework__name", "theme__position", "theme_id", "position", "id")
        .values_list(
            "pk", "key", "name", "framework_version__framework_id", "framework_version__framework__name"
        )
    )
    limits: dict[int, set[int]] = defaultdict(set)
    through = Competency.tracks.through.objects.filter(
        competency__framework_version__framework_id__in=framework_ids,
        competency__framework_version__status=FrameworkVersion.Status.PUBLISHED,
    )
    for competency_id, track_id in through.values_list("competency_id", "track_id"):
        limits[competency_id].add(track_id)
    result: dict[int, list[_Competency]] = defaultdict(list)
    for pk, key, name, framework_id, framework in rows:
        result[framework_id].append(_Competency(key, name, framework, limits.get(pk, set())))
    return dict(result)


def _latest_assessed_levels(
    people: QuerySet[Employee], framework_ids: set[int]
) -> dict[int, dict[tuple[int, str], int]]:
    """Person id -> (framework id, competency key) -> the level id of their latest assessment of it,
    of any version of the framework. The database picks the latest per person and key (a window function)."""
    framework = "competency__framework_version__framework_id"
    ranked = (
        Assessment.objects.filter(employee__in=people, **{f"{framework}__in": framework_ids})
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("employee_id"), F(framework), F("competency__key")],
                order_by=[F("assessed_at").desc(), F("id").desc()],
            )
        )
        .filter(row=1)
        .values_list("employee_id", framework, "competency__key", "level_id")
    )
    latest: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
    for person_id, framework_id, key, level_id in ranked.iterator(chunk_size=5000):
        latest[person_id][(framework_id, key)] = level_id
    return latest


def _groups(group_by: GroupBy, sizes: Counter[int | None], levels: dict[int, _Lv]) -> list[Group]:
    """The heatmap's columns, by name, with the number of placed people in each."""
    ids = [pk for pk in sizes if pk is not None]
    if group_by == GroupBy.TRACK:
        names = {lv.track_id: lv.track_name for lv in levels.values() if lv.track_id in sizes}
    else:
        model = Department if group_by == GroupBy.DEPARTMENT else Team
        names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
    groups = [Group(pk, names.get(pk, ""), sizes[pk]) for pk in ids]
    groups.sort(key=lambda g: (g.name.casefold(), g.id or 0))
    if None in sizes:
        none = _("No team") if group_by == GroupBy.TEAM else _("No department")
        groups.append(Group(None, str(none), sizes[None]))
    return groups
