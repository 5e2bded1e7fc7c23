"""The career page's reads: where a person stands, what their level and the next one expect side by
side with what changes, other tracks they could move to, assessed levels and their history, and
promotion readiness. Other modules add sections to the page through `career_section_register`
(from their AppConfig.ready), so this module imports none of them."""

import datetime
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cadence.core.charts import Chart, Series, line_chart
from cadence.core.markdown import render_markdown
from cadence.people.models import Department, Employee
from cadence.people.permissions import Actor
from cadence.people.selectors import person_get

from . import permissions, selectors
from .gaps import CompetencyGap, PersonGaps, person_gaps
from .models import Framework, FrameworkVersion, Level, Placement, PromotionReadiness, Track

# Sections other modules register ----------------------------------------------------------------

# (actor, person) -> the section's template context, or None to leave the section out for them.
ContextFn = Callable[[Actor, Employee], Mapping[str, Any] | None]


@dataclass(frozen=True)
class CareerSection:
    template: str
    context_fn: ContextFn


_SECTIONS: list[CareerSection] = []


def career_section_register(section: CareerSection) -> None:
    """Add a section to every career page (registering the same one twice keeps one)."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def career_sections(actor: Actor, person: Employee) -> list[tuple[str, Mapping[str, Any]]]:
    """The registered sections that have something for this actor and person: (template, context)."""
    shown = []
    for section in _SECTIONS:
        context = section.context_fn(actor, person)
        if context is not None:
            shown.append((section.template, context))
    return shown


# What changes from one level to the next -----------------------------------------------------------

_TOKENS = re.compile(r"<[^>]*>|[^<\s]+|\s+")


def highlight_changes(before: str, after: str) -> SafeString:
    """`after` (Markdown) rendered sanitised, with the words that are not in `before` marked. The
    diff runs over the words of the sanitised HTML, so marking adds nothing but <mark> tags around
    text that is already escaped."""
    html = str(render_markdown(after))
    tokens = _TOKENS.findall(html)
    words = [i for i, token in enumerate(tokens) if not token.startswith("<") and not token.isspace()]
    old = [
        t for t in _TOKENS.findall(str(render_markdown(before))) if not t.startswith("<") and not t.isspace()
    ]
    new = [tokens[i] for i in words]
    changed: set[int] = set()
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag in {"replace", "insert"}:
            changed.update(words[j1:j2])
    return mark_safe(
        "".join(f'<mark class="changed">{t}</mark>' if i in changed else t for i, t in enumerate(tokens))
    )


# The page ------------------------------------------------------------------------------------------


@dataclass
class ExpectationRow:
    gap: CompetencyGap
    current: SafeString
    upcoming: SafeString  # the next level's text with what changes marked


@dataclass
class OtherTrack:
    track: Track
    level: Level | None  # the comparable level (same rank, or the track's top)


@dataclass
class Career:
    person: Employee
    placement: Placement | None
    framework: Framework | None
    gaps: PersonGaps | None
    rows: list[ExpectationRow] = field(default_factory=list)
    other_tracks: list[OtherTrack] = field(default_factory=list)
    framework_tracks: list[Track] = field(default_factory=list)  # for the unplaced: what there is

    @property
    def level(self) -> Level | None:
        return self.gaps.level if self.gaps else None


def career_person(*, actor: Actor, person_id: int) -> Employee:
    """The person whose career page the actor opens, or 404."""
    person = person_get(actor=actor, person_id=person_id)
    if not permissions.can_see_career(actor, person):
        raise Http404
    return person


def career_get(*, actor: Actor, person: Employee, today: datetime.date | None = None) -> Career:
    if not permissions.can_see_career(actor, person):
        raise Http404
    placement = selectors.placement_current(person, today)
    framework = selectors.framework_for(person, placement)
    gaps = person_gaps(person, placement)
    career = Career(person, placement, framework, gaps)
    if gaps is None:
        version = selectors.published_version_of(framework.pk) if framework else None
        career.framework_tracks = selectors.tracks_of(version) if version else []
        return career
    career.rows = [
        ExpectationRow(
            row,
            render_markdown(_text(row)),
            highlight_changes(_text(row), row.next_expectation) if gaps.next_level else SafeString(""),
        )
        for row in gaps.rows
    ]
    career.other_tracks = _other_tracks(gaps)
    return career


def _text(row: CompetencyGap) -> str:
    expectation = getattr(row.competency, "expectation", None)
    return expectation.text if expectation is not None else ""


def _other_tracks(gaps: PersonGaps) -> list[OtherTrack]:
    rank = gaps.ladder.ranks[gaps.level.pk]
    tracks = [
        levels[0].track for track_id, levels in gaps.ladder.tracks.items() if track_id != gaps.level.track_id
    ]
    tracks.sort(key=lambda t: (t.position, t.pk))
    return [OtherTrack(t, gaps.ladder.at_rank(t.pk, rank)) for t in tracks]


# Assessed levels over time ---------------------------------------------------------------------------

CHART_POINTS = 12  # the latest dates with an assessment; the table under the chart lists them all


def assessment_chart(request: HttpRequest, gaps: PersonGaps) -> Chart:
    """Per competency of the person's level, the assessed level (1 = the track's first) after each
    of the latest days with an assessment."""
    measured = {row.competency.key: row.competency.name for row in gaps.rows}
    history = [a for a in reversed(gaps.assessments) if a.competency.key in measured]  # oldest first
    days: dict[datetime.date, dict[str, int]] = {}
    standing: dict[str, int] = {}
    for assessment in history:
        rank = gaps.ladder.rank(assessment.level)
        if rank is not None:
            standing[assessment.competency.key] = rank + 1
        days[timezone.localdate(assessment.assessed_at)] = dict(standing)
    shown = sorted(days)[-CHART_POINTS:]
    keys = [key for key in measured if any(key in days[d] for d in shown)]
    top = max((len(levels) for levels in gaps.ladder.tracks.values()), default=1)
    return line_chart(
        request,
        title=_("Assessed levels"),
        x_title=_("Date"),
        x_labels=[d.isoformat() for d in shown],
        series=[Series(measured[key], [days[d].get(key) for d in shown]) for key in keys],
        value_range=(1, top),
        note=_("1 is the first level of the track."),
    )


# Promotion readiness ------------------------------------------------------------------------------


def readiness_history(*, actor: Actor, person: Employee, limit: int = 20) -> list[PromotionReadiness]:
    if not permissions.can_see_readiness(actor, person):
        return []
    return list(
        PromotionReadiness.objects.filter(employee=person)
        .select_related("marked_by", "target_level__track")
        .order_by("-marked_at", "-id")[:limit]
    )


def _current_track_key(today: datetime.date) -> Subquery:
    latest = (
        Placement.objects.filter(employee=OuterRef("employee"), effective_from__lte=today)
        .order_by("-effective_from", "-id")
        .values("level__track__key")[:1]
    )
    return Subquery(latest)


def readiness_list(
    *,
    actor: Actor,
    department: Department | None = None,
    track_key: str = "",
    readiness: str = "",
    today: datetime.date | None = None,
) -> QuerySet[PromotionReadiness]:
    """The latest mark of each person whose readiness the actor sees (HR everyone, a manager their
    chain), optionally in a department (and below), on a track (by key), of one readiness."""
    today = today or timezone.localdate()
    people = permissions.readiness_people_visible_to(actor).filter(status=Employee.Status.ACTIVE)
    if department is not None:
        people = people.filter(department__path__startswith=department.path)
    latest = (
        PromotionReadiness.objects.filter(employee=OuterRef("employee"))
        .order_by("-marked_at", "-id")
        .values("pk")[:1]
    )
    marks = PromotionReadiness.objects.filter(employee__in=people, pk=Subquery(latest)).annotate(
        track_key=_current_track_key(today)
    )
    if track_key:
        marks = marks.filter(track_key=track_key)
    if readiness in PromotionReadiness.Readiness.values:
        marks = marks.filter(readiness=readiness)
    return marks.select_related("employee__department", "marked_by", "target_level").order_by(
        "employee__last_name", "employee__first_name", "employee_id"
    )


def published_tracks() -> list[Track]:
    """Every track of every published version (the readiness and heatmap filters)."""
    return list(
        Track.objects.filter(framework_version__status=FrameworkVersion.Status.PUBLISHED)
        .select_related("framework_version__framework")
        .order_by("framework_version__framework__name", "position", "id")
    )


def placeable_levels() -> list[Level]:
    """The levels HR may place people on: those of published versions, by framework and track."""
    return list(
        Level.objects.filter(track__framework_version__status=FrameworkVersion.Status.PUBLISHED)
        .select_related("track__framework_version__framework")
        .order_by(
            "track__framework_version__framework__name", "track__position", "track_id", "position", "id"
        )
    )


def level_choice_label(level: Level) -> str:
    framework = level.track.framework_version.framework.name
    return f"{framework} · {level.track.name} · {level.code} {level.title}"


def published_level_get(level_id: int) -> Level | None:
    return (
        Level.objects.filter(pk=level_id, track__framework_version__status=FrameworkVersion.Status.PUBLISHED)
        .select_related("track__framework_version__framework")
        .first()
    )


def placement_selection(people: QuerySet[Employee], sample: int = 10) -> dict[str, Any]:
    """What bulk placement shows before it places: how many people, and the first few by name."""
    return {"count": people.count(), "sample": list(people[:sample])}
