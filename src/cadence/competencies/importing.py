"""The people import's `track` and `level` columns (registered into people.import_columns from
apps.py): a track by key or name and a level by code, in a framework that applies to the person
(their department's, the one they are placed in, else the general one; published versions). The dry
run shows row- and column-precise errors and each change of level; applying places people from the
import date through services.placement_bulk_set (reason "hire" for people the import creates, else
"correction"), leaving out rows whose placement would not change. A fixed number of queries
whatever the size of the file."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.models import User
from cadence.people.import_columns import ImportColumns, ImportRow
from cadence.people.models import Department, Employee

from . import services
from .models import Framework, FrameworkVersion, Level, Placement, Track

COLUMNS = ("track", "level")
LEVEL_KEY = "competencies_level"  # where a row's resolved level waits for the apply (in plan.values)


@dataclass
class _Published:
    """Published tracks (levels loaded) by framework, and which framework a department has."""

    tracks: dict[int, list[Track]]
    general_id: int | None
    owners: dict[int, int]  # department id -> framework id

    @classmethod
    def load(cls) -> "_Published":
        tracks: dict[int, list[Track]] = defaultdict(list)
        rows = (
            Track.objects.filter(framework_version__status=FrameworkVersion.Status.PUBLISHED)
            .select_related("framework_version__framework")
            .prefetch_related("levels")
        )
        for track in rows:
            tracks[track.framework_version.framework_id].append(track)
        general = Framework.objects.filter(is_general=True).values_list("pk", flat=True).first()
        owners = dict(
            Framework.departments.through.objects.values_list("department_id", "framework_id")  # type: ignore[attr-defined]
        )
        return cls(dict(tracks), general, owners)

    def department_framework(self, department: object) -> int | None:
        if not isinstance(department, Department):
            return None
        ids = [*department.ancestor_ids, department.pk]
        return next((self.owners[d] for d in reversed(ids) if d in self.owners), None)

    def track(self, text: str, framework_ids: Sequence[int | None]) -> Track | None:
        wanted = text.casefold()
        for framework_id in dict.fromkeys(f for f in framework_ids if f is not None):
            for track in self.tracks.get(framework_id, []):
                if wanted in (track.key.casefold(), track.name.casefold()):
                    return track
        return None

    def track_names(self, framework_ids: Sequence[int | None]) -> str:
        ids = dict.fromkeys(f for f in framework_ids if f is not None)
        return ", ".join(t.key for f in ids for t in self.tracks.get(f, []))


def _current(people: Sequence[Employee]) -> dict[int, Placement]:
    """Person id -> their placement in effect today, in one query."""
    today = timezone.localdate()
    latest = (
        Placement.objects.filter(employee=OuterRef("employee"), effective_from__lte=today)
        .order_by("-effective_from", "-id")
        .values("pk")[:1]
    )
    rows = Placement.objects.filter(employee__in=[p.pk for p in people], pk=Subquery(latest)).select_related(
        "level__track__framework_version"
    )
    return {p.employee_id: p for p in rows}


def _label(level: Level) -> str:
    return f"{level.track.name} {level.code}"


def check_rows(rows: Sequence[tuple[ImportRow, Employee | None]]) -> None:
    wanted = [(plan, person) for plan, person in rows if plan.values.get("track") or plan.values.get("level")]
    if not wanted:
        return
    published = _Published.load()
    current = _current([person for _plan, person in wanted if person is not None])
    for plan, person in wanted:
        _check_row(plan, current.get(person.pk) if person else None, published)


def _check_row(plan: ImportRow, placement: Placement | None, published: _Published) -> None:
    def error(column: str, message: str) -> None:
        plan.errors.append({"column": column, "message": message})

    track_text, code = plan.values.get("track", ""), plan.values.get("level", "")
    placed_track = placement.level.track if placement else None
    frameworks = [
        published.department_framework(plan.values.get("department")),
        placed_track.framework_version.framework_id if placed_track else None,
        published.general_id,
    ]
    if not code:
        error("level", _("Give the level on the track (its code, such as IC3)."))
        return
    if track_text:
        track = published.track(track_text, frameworks)
        if track is None:
            error(
                "track",
                _("No track “%(track)s” in the frameworks that apply; tracks: %(names)s.")
                % {"track": track_text, "names": published.track_names(frameworks) or "-"},
            )
            return
    elif placed_track is not None:
        track = published.track(placed_track.key, [placed_track.framework_version.framework_id])
        if track is None:
            error("track", _("Give the track: the one they are on is no longer published."))
            return
    else:
        error("track", _("Give the track of this level (they are on none yet)."))
        return
    level = next((lv for lv in track.levels.all() if lv.code.casefold() == code.casefold()), None)
    if level is None:
        codes = ", ".join(lv.code for lv in track.levels.all())
        error(
            "level",
            _("“%(code)s” is not a level of the %(track)s track; its levels: %(codes)s.")
            % {"code": code, "track": track.name, "codes": codes},
        )
        return
    level.track = track  # the prefetched level knows its track, for the label and the write
    if placement is not None and (placement.level.track.key, placement.level.key) == (track.key, level.key):
        return  # already there: nothing to change
    plan.values[LEVEL_KEY] = level
    plan.changes["level"] = [_label(placement.level) if placement else None, _label(level)]


def write_rows(actor: User, rows: Sequence[tuple[ImportRow, Employee]]) -> None:
    """Place the people whose level changes, grouped by level and reason: a few bulk writes."""
    groups: dict[tuple[int, str], tuple[Level, list[Employee]]] = {}
    for plan, person in rows:
        level = plan.values.get(LEVEL_KEY)
        if level is None or plan.errors:
            continue
        reason = str(Placement.Reason.HIRE if plan.action == "create" else Placement.Reason.CORRECTION)
        groups.setdefault((level.pk, reason), (level, []))[1].append(person)
    today = timezone.localdate()
    for (_pk, reason), (level, people) in groups.items():
        services.placement_bulk_set(
            actor=actor,
            people=people,
            level=level,
            effective_from=today,
            reason=reason,
            note=_("People import"),
        )


PEOPLE_IMPORT_COLUMNS = ImportColumns(COLUMNS, check_rows, write_rows)
