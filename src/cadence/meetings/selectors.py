"""Reads of 1:1s. Each starts from the permissions' querysets and fetches what its page needs in a
fixed number of queries, however long the history of a series."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.links import link_source, link_sources, resolve_links
from cadence.core.models import User, hash_token
from cadence.core.pagination import MarkedPages
from cadence.people.models import Employee
from cadence.people.permissions import Actor, as_actor, employee_of, managed_by

from .models import (
    CADENCE_DAYS,
    ActionItem,
    AgendaTemplate,
    CalendarFeed,
    Meeting,
    PrivateNote,
    Series,
    SharedNote,
    TalkingPoint,
)
from .permissions import (
    action_items_visible_to,
    is_participant,
    meetings_with_agenda_for,
    series_participating,
    series_visible_to,
)

COMPLETED = Meeting.Status.COMPLETED
SCHEDULED = Meeting.Status.SCHEDULED
# Days of slack before a missed 1:1 counts as overdue.
OVERDUE_GRACE_DAYS = 3


def _meeting_date(order: str, **filters: Any) -> Subquery:
    meetings = Meeting.objects.filter(series=OuterRef("pk"), **filters).order_by(order)
    return Subquery(meetings.values("scheduled_at")[:1])


def with_dates(qs: QuerySet[Series]) -> QuerySet[Series]:
    """Series with the people, the last held and the next scheduled meeting, in the same query.
    Correlated subqueries rather than aggregates over a join: the database then works them out only
    for the rows of the page, not for every series before LIMIT (all 70,000 meetings for HR)."""
    return qs.select_related("manager", "employee", "template").annotate(
        last_held_at=_meeting_date("-scheduled_at", status=COMPLETED),
        next_at=_meeting_date("scheduled_at", status=SCHEDULED),
        first_at=_meeting_date("scheduled_at"),
    )


def is_overdue(series: Series, *, today: datetime.date | None = None) -> bool:
    """Whether a running recurring series has gone longer than its cadence (plus a little grace)
    without a held meeting. Needs the `with_dates` annotations."""
    if not (series.is_active and series.is_recurring):
        return False
    today = today or timezone.localdate()
    since = getattr(series, "last_held_at", None) or getattr(series, "first_at", None)
    if since is None:
        return False
    allowed = CADENCE_DAYS[series.cadence] + OVERDUE_GRACE_DAYS  # type: ignore[index]
    return (today - timezone.localdate(since)).days > allowed


def series_list(*, actor: Actor, person: int | None = None, active: bool | None = None) -> QuerySet[Series]:
    qs = series_visible_to(actor)
    if person:
        qs = qs.filter(Q(manager_id=person) | Q(employee_id=person))
    if active is not None:
        qs = qs.filter(ended_at__isnull=active)
    return with_dates(qs).order_by(F("ended_at").desc(nulls_first=True), "employee__last_name", "id")


def series_get(*, actor: Actor, series_id: int) -> Series:
    series = with_dates(series_visible_to(actor)).filter(pk=series_id).first()
    if series is None:
        raise Http404("No such 1:1 series.")
    return series


def meeting_list(*, series: Series) -> QuerySet[Meeting]:
    """The series' meetings, newest first: dates and status only, for anyone who sees the series."""
    return Meeting.objects.filter(series=series).order_by("-scheduled_at", "-id")


def meeting_get(*, actor: Actor, meeting_id: int) -> Meeting:
    """A meeting with its agenda: participants only; to everyone else it does not exist."""
    meeting = (
        meetings_with_agenda_for(actor)
        .select_related("series__manager__user", "series__employee__user", "series__template")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def meeting_dates_get(*, actor: Actor, meeting_id: int) -> Meeting:
    """A meeting's date and status, for anyone who may see its series."""
    meeting = (
        Meeting.objects.filter(series__in=series_visible_to(actor))
        .select_related("series__manager", "series__employee")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def talking_point_list(*, meeting: Meeting) -> QuerySet[TalkingPoint]:
    return meeting.talking_points.select_related("author", "carried_from__meeting").order_by("position", "id")


def talking_point_get(*, actor: Actor, point_id: int) -> TalkingPoint:
    point = (
        TalkingPoint.objects.filter(meeting__in=meetings_with_agenda_for(actor))
        .select_related("meeting__series", "author")
        .filter(pk=point_id)
        .first()
    )
    if point is None:
        raise Http404("No such talking point.")
    return with_links([point], actor)[0]


def action_item_list(
    *,
    actor: Actor,
    series: int | None = None,
    meeting: int | None = None,
    open: bool | None = None,
    mine: bool = False,
) -> QuerySet[ActionItem]:
    qs = action_items_visible_to(actor)
    if series:
        qs = qs.filter(series_id=series)
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if open is not None:
        qs = qs.filter(done_at__isnull=open)
    if mine:
        me = employee_of(actor)
        qs = qs.filter(owner=me) if me else qs.none()
    return qs.select_related("owner", "meeting", "created_by").order_by(*overdue_first())


def action_item_get(*, actor: Actor, item_id: int) -> ActionItem:
    item = (
        action_items_visible_to(actor)
        .select_related("owner__user", "meeting__series", "series")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404("No such action item.")
    return item


def overdue_first() -> tuple[Any, ...]:
    """Action items in the order every list shows them: open ones past their due date first, then
    by due date (none last)."""
    overdue = Q(done_at__isnull=True, due_date__lt=timezone.localdate())
    return (Case(When(overdue, then=0), default=1), F("due_date").asc(nulls_last=True), "id")


def with_links[T: Iterable[TalkingPoint]](points: T, actor: Actor) -> T:
    """Give each point linked to a goal or feedback item its `link` (title and address) where the
    actor may see the target, else `link_hidden`: one query per kind linked, however many points."""
    points_list = list(points)
    found = resolve_links(actor, {(p.link_kind, p.link_id) for p in points_list if p.link_kind and p.link_id})
    for point in points_list:
        link = found.get((point.link_kind, point.link_id or 0))
        source = link_source(point.link_kind) if point.link_kind else None
        point.link = link  # type: ignore[attr-defined]
        hidden = bool(point.link_kind) and link is None
        point.link_hidden = hidden  # type: ignore[attr-defined]
        if hidden:  # the text is the target's title: not for this viewer (never saved)
            point.text = str(source.hidden_label if source else _("Something you cannot see"))
    return points


def linked_points(*, actor: Actor, meeting: Meeting) -> MarkedPages[TalkingPoint]:
    """The agenda as the API pages it, each page's points given their links (with_links)."""
    return MarkedPages(talking_point_list(meeting=meeting), lambda points: with_links(points, actor))


def shared_note_get(*, actor: Actor, meeting: Meeting) -> SharedNote:
    """The meeting's shared notes (an empty, unsaved one at version 1 before the first save). The
    meeting comes from meeting_get, which answers 404 to anyone but the two participants."""
    if not is_participant(actor, meeting.series):
        raise Http404("No such meeting.")
    return SharedNote.objects.filter(meeting=meeting).select_related("edited_by").first() or SharedNote(
        meeting=meeting
    )


def participant_actors(series: Series) -> list[User]:
    """Both participants' logins, to ask what both may see; empty if one of them has none.
    The series comes with both people and their logins (meeting_get)."""
    users = [as_actor(person) for person in (series.manager, series.employee)]
    return [user for user in users if user is not None] if all(users) else []


def link_choices(
    *, actor: Actor, meeting: Meeting, points: Iterable[TalkingPoint]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """What may go on the agenda as a link, by source ("Goals": [("goal:12", title)]): the
    participants' goals and feedback both may see, less those on this agenda already. One query
    per source (two for feedback, which reads its protection setting)."""
    series = meeting.series
    users = participant_actors(series)
    if not is_participant(actor, series) or not users:
        return []
    present = {(p.link_kind, p.link_id) for p in points if p.link_kind}
    groups = []
    for source in link_sources():
        options = [
            (f"{source.kind}:{pk}", title)
            for pk, title in source.shared(users, series.participant_ids(), None)
            if (source.kind, pk) not in present
        ]
        if options:
            groups.append((str(source.group), options))
    return groups


@dataclass
class MeetingPage:
    meeting: Meeting
    points: list[TalkingPoint]
    carried_items: list[ActionItem]  # open items from earlier meetings, shown at the top
    items: list[ActionItem]  # items agreed in this meeting
    note: PrivateNote | None
    shared_note: SharedNote
    link_choices: list[tuple[str, list[tuple[str, str]]]]
    previous: Meeting | None
    following: Meeting | None


def meeting_page(*, actor: Actor, meeting_id: int) -> MeetingPage:
    """Everything on a meeting page in a fixed number of queries."""
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    items = list(
        ActionItem.objects.filter(series=meeting.series)
        .filter(Q(meeting=meeting) | Q(done_at__isnull=True, meeting__scheduled_at__lt=meeting.scheduled_at))
        .select_related("owner", "meeting")
        .order_by(*overdue_first())
    )
    siblings = Meeting.objects.filter(series=meeting.series).exclude(pk=meeting.pk)
    points = with_links(list(talking_point_list(meeting=meeting)), actor)
    return MeetingPage(
        meeting=meeting,
        points=points,
        carried_items=[i for i in items if i.meeting_id != meeting.pk],
        items=[i for i in items if i.meeting_id == meeting.pk],
        note=private_note_get(actor=actor, meeting=meeting),
        shared_note=shared_note_get(actor=actor, meeting=meeting),
        link_choices=link_choices(actor=actor, meeting=meeting, points=points)
        if meeting.series.is_active
        else [],
        previous=siblings.filter(scheduled_at__lt=meeting.scheduled_at).order_by("-scheduled_at").first(),
        following=siblings.filter(scheduled_at__gt=meeting.scheduled_at).order_by("scheduled_at").first(),
    )


def private_note_get(*, actor: Actor, meeting: Meeting) -> PrivateNote | None:
    """The actor's own note on the meeting; there is no way to ask for anyone else's."""
    me = employee_of(actor)
    if me is None or not is_participant(actor, meeting.series):
        return None
    return PrivateNote.objects.filter(meeting=meeting, author=me).first()


def next_scheduled(*, actor: Actor, series: Series) -> Meeting | None:
    """The series' next scheduled meeting (where a page goes once one is finished)."""
    return (
        meetings_with_agenda_for(actor)
        .filter(series=series, status=Meeting.Status.SCHEDULED)
        .order_by("scheduled_at")
        .first()
    )


@dataclass
class OverviewRow:
    person: Employee
    series: Series | None
    overdue: bool


def team_overview(*, actor: Actor, everyone: bool = False) -> QuerySet[Employee]:
    """The people whose 1:1s the actor follows: direct reports, or the whole chain (HR: everyone)."""
    me = employee_of(actor)
    people = managed_by(actor).filter(status=Employee.Status.ACTIVE)
    if not everyone:
        people = people.filter(manager=me) if me else people.none()
    return people.select_related("manager").order_by("last_name", "first_name", "id")


def overview_rows(*, actor: Actor, people: list[Employee]) -> list[OverviewRow]:
    """Per person, their running 1:1 with their current manager: last held, next, overdue."""
    series = with_dates(
        series_visible_to(actor).filter(
            employee__in=[p.pk for p in people], ended_at__isnull=True, manager_id=F("employee__manager_id")
        )
    )
    by_person = {s.employee_id: s for s in series}
    today = timezone.localdate()
    return [
        OverviewRow(
            p, by_person.get(p.pk), bool(by_person.get(p.pk)) and is_overdue(by_person[p.pk], today=today)
        )
        for p in people
    ]


def my_upcoming(*, actor: Actor, limit: int = 10) -> list[Meeting]:
    return list(
        meetings_with_agenda_for(actor)
        .filter(status=SCHEDULED, series__ended_at__isnull=True)
        .select_related("series__manager", "series__employee")
        .order_by("scheduled_at")[:limit]
    )


def template_list(*, actor: Actor) -> QuerySet[AgendaTemplate]:
    me = employee_of(actor)
    if me is None:
        return AgendaTemplate.objects.none()
    return AgendaTemplate.objects.filter(Q(owner__isnull=True) | Q(owner=me)).order_by("name", "id")


def template_get(*, actor: Actor, template_id: int) -> AgendaTemplate:
    """One of the templates the actor can choose from (shared or their own), else 404."""
    template = template_list(actor=actor).filter(pk=template_id).first()
    if template is None:
        raise Http404("No such agenda template.")
    return template


def feed_meetings(*, user: object, series_id: int | None = None, limit: int = 500) -> list[Meeting]:
    """The meetings in a person's calendar feed: their series only, recent and upcoming."""
    since = timezone.now() - datetime.timedelta(days=180)
    qs = meetings_with_agenda_for(user).filter(scheduled_at__gte=since)  # type: ignore[arg-type]
    if series_id:
        qs = qs.filter(series_id=series_id)
    return list(
        qs.exclude(status=Meeting.Status.CANCELLED)
        .select_related("series__manager", "series__employee")
        .order_by("scheduled_at")[:limit]
    )


def calendar_feed_user(*, token: str) -> User | None:
    """Whose calendar feed this secret token opens: an active login, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def has_calendar_feed(*, actor: Actor) -> bool:
    pk = getattr(actor, "pk", None)
    return pk is not None and CalendarFeed.objects.filter(user_id=pk).exists()


def agenda_series(*, actor: Actor) -> QuerySet[Series]:
    return with_dates(series_participating(actor))


def meeting_prefetch() -> Prefetch:
    return Prefetch("meetings", queryset=Meeting.objects.order_by("-scheduled_at"))


def running_series_between(a: Employee, b: Employee) -> bool:
    """Whether the two already meet in a running 1:1 series, whichever of them leads it."""
    pair = Q(manager=a, employee=b) | Q(manager=b, employee=a)
    return Series.objects.filter(pair, ended_at__isnull=True).exists()
