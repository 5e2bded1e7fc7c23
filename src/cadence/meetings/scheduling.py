"""The meetings a 1:1 series is made of: the slots its cadence gives, the agenda a meeting starts with
(the undiscussed points of the meeting before it, then the template's questions), and the tick job
that gives every running recurring series its next meeting, a fixed number of queries per batch of
series whatever their number."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from .models import DEFAULT_TEMPLATE_POINTS, Cadence, Meeting, Series, TalkingPoint

# A recurring series that has gone quiet for years is rolled forward at most this many steps.
MAX_ROLL_FORWARD = 1000
# Series given their next meeting per round of queries by the tick.
BATCH = 500


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def next_slot(series: Series, after: datetime.datetime) -> datetime.datetime:
    """The slot one cadence step after `after`, keeping the wall-clock time in the organisation's time
    zone (a 10:00 1:1 stays at 10:00 across daylight saving)."""
    local = _local(after)
    if series.cadence == Cadence.MONTHLY:
        nxt = local + relativedelta(months=1)
    else:
        nxt = local + datetime.timedelta(days=7 if series.cadence == Cadence.WEEKLY else 14)
    # Arithmetic on an aware datetime is wall-clock arithmetic in its zone; the offset follows.
    return nxt


def future_slot(series: Series, after: datetime.datetime) -> datetime.datetime:
    """The first cadence slot after `after` that is not in the past (a late or skipped meeting
    does not produce a backlog of meetings nobody will hold)."""
    slot = next_slot(series, after)
    today = timezone.localdate()
    for _step in range(MAX_ROLL_FORWARD):
        if _local(slot).date() >= today:
            break
        slot = next_slot(series, slot)
    return slot


def _template_points(series: Series) -> list[str]:
    if series.template_id and series.template is not None and series.template.points:
        return list(series.template.points)
    return [str(p) for p in DEFAULT_TEMPLATE_POINTS]


def start_agendas(starts: Iterable[tuple[Meeting, int | None]], *, with_template: bool = True) -> None:
    """For each (meeting, id of the meeting it follows): the undiscussed points of that meeting, each
    carried once (unique per origin, so this is safe to run twice), then the template's questions not
    yet on it, which are the employee's (the agenda is theirs to drive) and never carried: every
    meeting gets them afresh. Three queries, however many meetings."""
    starts = list(starts)
    if not starts:
        return
    sources = {source for _meeting, source in starts if source}
    open_points: dict[int, list[TalkingPoint]] = defaultdict(list)
    for point in TalkingPoint.objects.filter(meeting_id__in=sources, discussed=False).order_by(
        "position", "id"
    ):
        open_points[point.meeting_id].append(point)
    present: dict[int, set[str]] = defaultdict(set)
    last_position: dict[int, int] = defaultdict(int)
    on_them = TalkingPoint.objects.filter(meeting_id__in=[meeting.pk for meeting, _source in starts])
    for meeting_id, text, position in on_them.values_list("meeting_id", "text", "position"):
        present[meeting_id].add(text)
        last_position[meeting_id] = max(last_position[meeting_id], position)
    points = []
    for meeting, source in starts:
        template = _template_points(meeting.series)
        carried: list[tuple[int, str, TalkingPoint | None]] = [
            (p.author_id, p.text, p) for p in open_points[source or 0] if p.text not in template
        ]
        fresh: list[tuple[int, str, TalkingPoint | None]] = [
            (meeting.series.employee_id, text, None) for text in template if text not in present[meeting.pk]
        ]
        start = last_position[meeting.pk] + 1
        points += [
            TalkingPoint(
                meeting=meeting,
                author_id=author,
                text=text,
                position=start + i,
                carried_from=origin,
                link_kind=origin.link_kind if origin else "",
                link_id=origin.link_id if origin else None,
            )
            for i, (author, text, origin) in enumerate(carried + (fresh if with_template else []))
        ]
    TalkingPoint.objects.bulk_create(points, ignore_conflicts=True)


def meeting_create(
    series: Series, scheduled_at: datetime.datetime, *, carry_from: Meeting | None = None
) -> Meeting:
    meeting, created = Meeting.objects.get_or_create(
        series=series,
        scheduled_at=scheduled_at,
        defaults={"duration_minutes": series.duration_minutes},
    )
    if created:
        start_agendas([(meeting, carry_from.pk if carry_from else None)])
    return meeting


def _waiting(series: QuerySet[Series]) -> QuerySet[Series]:
    """Running recurring series with no upcoming meeting, with their latest meeting's id and time."""
    latest = Meeting.objects.filter(series=OuterRef("pk")).order_by("-scheduled_at")
    return (
        series.filter(ended_at__isnull=True)
        .exclude(cadence=Cadence.ONCE)
        .exclude(meetings__status=Meeting.Status.SCHEDULED)
        .annotate(
            latest_id=Subquery(latest.values("pk")[:1]), latest_at=Subquery(latest.values("scheduled_at")[:1])
        )
        .filter(latest_id__isnull=False)
        .select_related("template")
    )


def _give_next_meetings(waiting: list[Series]) -> int:
    """Each series' next meeting, in the first slot from today on after its latest, with its agenda:
    six queries for the lot. Returns how many series now have one."""
    by_id = {series.pk: series for series in waiting}
    slots = {series.pk: future_slot(series, series.latest_at) for series in waiting}  # type: ignore[attr-defined]
    Meeting.objects.bulk_create(
        [Meeting(series=s, scheduled_at=slots[s.pk], duration_minutes=s.duration_minutes) for s in waiting],
        ignore_conflicts=True,  # a slot another run has just filled keeps its meeting
    )
    scheduled = Meeting.objects.filter(series_id__in=by_id, status=Meeting.Status.SCHEDULED)
    new = [meeting for meeting in scheduled if meeting.scheduled_at == slots[meeting.series_id]]
    for meeting in new:
        meeting.series = by_id[meeting.series_id]
    start_agendas((meeting, meeting.series.latest_id) for meeting in new)  # type: ignore[attr-defined]
    return len(new)


def next_meeting_ensure(*, series: Series) -> int:
    """Make sure a running recurring series has an upcoming meeting; idempotent. Returns 1 if it was
    given one."""
    waiting = list(_waiting(Series.objects.filter(pk=series.pk)))
    return _give_next_meetings(waiting) if waiting else 0


@transaction.atomic
def ensure_next_meetings(*, batch: int = BATCH) -> int:
    """Tick job: recurring series without an upcoming meeting get their next one, `batch` series per
    round of six queries. A series locked by someone changing it is left to them (they ensure its
    next meeting themselves). Returns how many were given one."""
    given, after = 0, 0
    while True:
        rows = _waiting(Series.objects.filter(pk__gt=after)).order_by("pk")
        waiting = list(rows.select_for_update(of=("self",), skip_locked=True)[:batch])
        given += _give_next_meetings(waiting) if waiting else 0
        if len(waiting) < batch:
            return given
        after = waiting[-1].pk
