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

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
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

    def largest(self, limit: int) -> "Heatmap":
        """The same heatmap with only its `limit` largest groups (a page cannot show 1,000 teams;
        the downloads keep them all)."""
        if len(self.groups) <= limit:
            return self
        kept = set(sorted(range(len(self.groups)), key=lambda i: -self.groups[i].people)[:limit])
        rows = [
            HeatmapRow(r.key, r.name, r.framework, [c for i, c in enumerate(r.cells) if i in kept])
            for r in self.rows
        ]
        groups = [g for i, g in enumerate(self.groups) if i in kept]
        return Heatmap(self.group_by, groups, [r for r in rows if any(r.cells)], self.people, self.unplaced,
                       self.several_frameworks)  # fmt: skip


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
    Seven queries whatever the size: people, their placements, levels, competencies, their track
    limits, the latest assessments counted by the database, group names."""
    today = today or timezone.localdate()
    people = heatmap_people(actor=actor, department=department)
    levels = _levels()
    current = _current_levels(people, today)
    framework_ids = {levels[lv].framework_id for lv in current.values()}
    catalogue = _Catalogue(framework_ids)
    tally = _Tally(levels, catalogue, group_by, track_id)
    for pk, department_id, team_id in people.values_list("pk", "department_id", "team_id"):
        tally.person(current.get(pk), {GroupBy.DEPARTMENT: department_id, GroupBy.TEAM: team_id})
    tally.not_assessed()
    for row in _assessed_counts(people, group_by, today, levels):
        tally.assessed(*row)
    groups = _groups(group_by, tally.sizes, levels)
    rows = [
        HeatmapRow(
            competency.key,
            competency.name,
            competency.framework,
            [_cell(tally.counts.get((framework_id, competency.key, g.id))) for g in groups],
        )
        for framework_id, competencies in catalogue.columns.items()
        for competency in competencies
    ]
    return Heatmap(
        group_by,
        groups,
        [row for row in rows if any(row.cells)],
        sum(tally.sizes.values()),
        tally.unplaced,
        several_frameworks=len(framework_ids) > 1,
    )


class _Tally:
    """The heatmap's counts. Everyone measured on a competency starts as not assessed (counted per
    group and level, not per person); the database's counts of latest assessments then move people
    to below, at or above."""

    def __init__(
        self, levels: dict[int, "_Lv"], catalogue: "_Catalogue", group_by: GroupBy, track_id: int | None
    ) -> None:
        self.levels, self.catalogue, self.group_by, self.track_id = levels, catalogue, group_by, track_id
        self.counts: dict[tuple[int, str, int | None], Counter[GapState]] = defaultdict(Counter)
        self.sizes: Counter[int | None] = Counter()
        self.placed: Counter[tuple[int | None, int]] = Counter()  # (group, published level id)
        self.unplaced = 0

    def level(self, level_id: int | None) -> "_Lv | None":
        """The published level of a placement's level, None if unplaced or outside the track filter."""
        level = self.levels[level_id].reads if level_id in self.levels else None
        return None if level is None or (self.track_id and level.track_id != self.track_id) else level

    def group_of(self, level: "_Lv", group_id: int | None) -> int | None:
        return level.track_id if self.group_by == GroupBy.TRACK else group_id

    def person(self, level_id: int | None, groups: dict[GroupBy, int | None]) -> None:
        level = self.level(level_id)
        if level is None:
            self.unplaced += level_id is None or self.levels[level_id].reads is None
            return
        group = self.group_of(level, groups.get(self.group_by))
        self.sizes[group] += 1
        self.placed[(group, level.id)] += 1

    def not_assessed(self) -> None:
        for (group, level_id), n in self.placed.items():
            level = self.levels[level_id]
            for competency in self.catalogue.columns.get(level.framework_id, ()):
                if competency.applies_to(level.track_id):
                    self.counts[(level.framework_id, competency.key, group)][GapState.NOT_ASSESSED] += n

    def assessed(
        self, group_id: int | None, competency_id: int, placed_id: int, gap: int | None, n: int
    ) -> None:
        """`n` people of a group, placed on a level, whose latest assessment of a competency is
        `gap` levels from their own (None: at a level the published version lacks)."""
        level = self.level(placed_id)
        column = self.catalogue.column_of(competency_id, level)
        if level is None or column is None or gap is None:
            return  # not measured on it, or not assessed at a level that still exists
        cell = self.counts[(level.framework_id, column, self.group_of(level, group_id))]
        cell[GapState.NOT_ASSESSED] -= n
        cell[compare(gap, 0)] += n
        if not cell[GapState.NOT_ASSESSED]:
            del cell[GapState.NOT_ASSESSED]


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


def _placements_in_force(people: QuerySet[Employee], today: datetime.date) -> QuerySet[Placement]:
    """Each person's placement in effect today: in force, with none in force that is newer."""
    newer = Q(effective_from__gt=OuterRef("effective_from")) | Q(
        effective_from=OuterRef("effective_from"), pk__gt=OuterRef("pk")
    )
    in_force = Placement.objects.filter(effective_from__lte=today)
    return (
        in_force.filter(employee__in=people)
        .exclude(Exists(in_force.filter(newer, employee_id=OuterRef("employee_id"))))
        .order_by()
    )


def _current_levels(people: QuerySet[Employee], today: datetime.date) -> dict[int, int]:
    """Person id -> the level id of their placement in effect."""
    rows = _placements_in_force(people, today).values_list("employee_id", "level_id")
    return dict(rows.iterator(chunk_size=5000))


@dataclass
class _Competency:
    key: str
    name: str
    framework: str
    tracks: set[int]

    def applies_to(self, track_id: int) -> bool:
        return not self.tracks or track_id in self.tracks


class _Catalogue:
    """The competencies of the frameworks in scope: the published ones are the heatmap's rows, and
    every version's competency id reads as (framework, key). Two queries."""

    def __init__(self, framework_ids: set[int]) -> None:
        rows = (
            Competency.objects.filter(framework_version__framework_id__in=framework_ids)
            .order_by("framework_version__framework__name", "theme__position", "theme_id", "position", "id")
            .values_list(
                "pk", "key", "name", "framework_version__framework_id", "framework_version__framework__name",
                "framework_version__status",
            )
        )  # fmt: skip
        limits: dict[int, set[int]] = defaultdict(set)
        through = Competency.tracks.through.objects.filter(
            competency__framework_version__framework_id__in=framework_ids,
            competency__framework_version__status=FrameworkVersion.Status.PUBLISHED,
        )
        for competency_id, track_id in through.values_list("competency_id", "track_id"):
            limits[competency_id].add(track_id)
        self.columns: dict[int, list[_Competency]] = defaultdict(list)
        self.keys: dict[int, tuple[int, str]] = {}
        self.applies: dict[tuple[int, str], _Competency] = {}
        for pk, key, name, framework_id, framework, status in rows:
            self.keys[pk] = (framework_id, key)
            if status == FrameworkVersion.Status.PUBLISHED:
                column = _Competency(key, name, framework, limits.get(pk, set()))
                self.columns[framework_id].append(column)
                self.applies[(framework_id, key)] = column

    def column_of(self, competency_id: int, level: "_Lv | None") -> str | None:
        """The key of the published competency an assessment reads as, if it measures `level`."""
        framework_key = self.keys.get(competency_id)
        column = self.applies.get(framework_key) if framework_key else None
        if level is None or column is None or framework_key[0] != level.framework_id:  # type: ignore[index]
            return None
        return column.key if column.applies_to(level.track_id) else None


def _assessed_counts(
    people: QuerySet[Employee], group_by: GroupBy, today: datetime.date, levels: dict[int, "_Lv"]
) -> list[tuple[int | None, int, int, int | None, int]]:
    """(department or team id, competency id, placed level id, gap in levels, people): the
    latest assessment of each person and competency key (across versions), counted by the
    database. The latest is stored as `Assessment.is_current`, read from a partial index."""
    current = Assessment.objects.filter(employee__in=people, is_current=True)
    return _count_with_placements(current, _placements_in_force(people, today), group_by, levels)


def _count_with_placements(
    latest: QuerySet[Assessment], placed: QuerySet[Placement], group_by: GroupBy, levels: dict[int, "_Lv"]
) -> list[tuple[int | None, int, int, int | None, int]]:
    """The latest assessments counted by group, competency, placed level and gap (the assessed
    level's published rank minus the placed level's, from a CASE over the few levels there are).
    The ORM writes the parts; they are joined here with the placements as a materialised CTE, so
    each person's placement is looked up once, not once per assessment (a correlated subquery is
    evaluated per row: 375 -> 270 ms at 10,000 people on SQLite). SQLite 3.35+ and PostgreSQL 12+
    know MATERIALIZED."""
    ranked = [(lv.id, lv.reads.rank) for lv in levels.values() if lv.reads is not None]
    whens = " ".join("WHEN %s THEN %s" for _ in ranked)
    rank_params = [value for pair in ranked for value in pair]
    latest_sql, latest_params = (
        latest.order_by().values("employee_id", "competency_id", "level_id").query.sql_with_params()
    )
    placed_sql, placed_params = placed.values("employee_id", "level_id").query.sql_with_params()
    column = {GroupBy.DEPARTMENT: "e.department_id", GroupBy.TEAM: "e.team_id"}.get(group_by)
    join = f"JOIN {Employee._meta.db_table} e ON e.id = a.employee_id" if column else ""
    sql = (
        f"WITH placed AS MATERIALIZED ({placed_sql}) "
        f"SELECT {column or 'NULL'}, a.competency_id, placed.level_id, "
        f"(CASE a.level_id {whens} END) - (CASE placed.level_id {whens} END), COUNT(*) "
        f"FROM ({latest_sql}) a JOIN placed ON placed.employee_id = a.employee_id {join} "
        "GROUP BY 1, 2, 3, 4"
    )
    if not ranked:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, (*placed_params, *rank_params, *rank_params, *latest_params))
        return cursor.fetchall()


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
