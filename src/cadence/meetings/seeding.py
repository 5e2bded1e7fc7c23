"""The 1:1s part of `cadence seed`: most managers run a series with each report (weekly, every two
weeks or monthly, started at some point of the year), with past meetings held or cancelled, their
agendas (what was not discussed carried into the next meeting), action items done and open, private
notes on both sides, the next meeting of every running series with its agenda started the way
`scheduling.start_agendas` starts it, and the notifications (series set up, open action items).

Slots keep the wall-clock time in the organisation's time zone like `scheduling.next_slot`. Written
set-based past the services on purpose (core.seeding): set-up data, no audit events."""

import datetime
import zoneinfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.translation import gettext as _

from cadence.core.seeding import SeedContext, SeedPerson, Table, moment
from cadence.notifications.seeding import notice, url_pattern

from .demo import ACTIONS, EMPLOYEE_NOTES, MANAGER_NOTES, TOPICS
from .models import DEFAULT_TEMPLATE_POINTS, ActionItem, Cadence, Meeting, PrivateNote, Series, TalkingPoint

SERIES_SHARE = 0.6  # manager-report pairs that hold 1:1s in Cadence
CADENCES = ((Cadence.WEEKLY, 10), (Cadence.BIWEEKLY, 40), (Cadence.MONTHLY, 50))
M = Meeting.Status


class _Planner:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("meetings")
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.series = Table(
            Series,
            [
                "manager",
                "employee",
                "cadence",
                "duration_minutes",
                "template",
                "ended_at",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.meetings = Table(
            Meeting,
            [
                "series",
                "scheduled_at",
                "duration_minutes",
                "status",
                "completed_at",
                "employee_reminded_at",
                "manager_reminded_at",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.points = Table(
            TalkingPoint,
            [
                "meeting",
                "author",
                "text",
                "position",
                "discussed",
                "carried_from",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.actions = Table(
            ActionItem,
            [
                "series",
                "meeting",
                "owner",
                "created_by",
                "title",
                "due_date",
                "done_at",
                "todo_round",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.notes = Table(PrivateNote, ["meeting", "author", "text", "created_at", "updated_at"])
        self.url = url_pattern("meetings:meeting")
        self.template = [str(p) for p in DEFAULT_TEMPLATE_POINTS]

    def plan(self) -> None:
        rng = self.rng
        for person in self.ctx.people:
            manager = self.ctx.by_id.get(person.manager_id or 0)
            if manager is not None and rng.random() < SERIES_SHARE:
                self._series(manager, person)

    def _series(self, manager: SeedPerson, report: SeedPerson) -> None:
        rng, ctx = self.rng, self.ctx
        cadence = rng.choices([c for c, _w in CADENCES], [w for _c, w in CADENCES])[0]
        duration = rng.choice((30, 30, 30, 45, 60))
        began = max(ctx.active_since(manager), ctx.active_since(report))
        created = moment(rng, began, max(began, ctx.now - datetime.timedelta(days=14)))
        ended = None
        if rng.random() < 0.04:
            ended = moment(rng, created, ctx.now)
        local = created.astimezone(self.zone) + datetime.timedelta(days=rng.randint(1, 6))
        slot = local.replace(hour=9 + rng.randrange(8), minute=rng.choice((0, 30)), second=0)
        pk = self.series.add(
            manager.id,
            report.id,
            cadence,
            duration,
            None,
            ended,
            2 if ended else 1,
            created,
            ended or created,
        )
        first_meeting = self.meetings.next_id
        last_held: tuple[int, list[tuple[int, int, str, bool]]] | None = None
        while slot <= ctx.now and (ended is None or slot <= ended):
            last_held = self._past(pk, slot, duration, manager, report, last_held)
            slot = self._next(slot, cadence)
        if ended is None:
            self._upcoming(pk, slot, duration, created, last_held)
        url = self.url.format(first_meeting) if self.meetings.next_id > first_meeting else ""
        notice(
            ctx,
            report,
            kind="meetings.series_created",
            event_key=f"meetings.series.{pk}.created",
            title=_("%(name)s set up a 1:1 with you") % {"name": manager.full_name},
            url=url,
            at=created,
        )

    def _next(self, slot: datetime.datetime, cadence: str) -> datetime.datetime:
        if cadence == Cadence.MONTHLY:
            return slot + relativedelta(months=1)
        return slot + datetime.timedelta(days=7 if cadence == Cadence.WEEKLY else 14)

    def _past(
        self,
        series: int,
        slot: datetime.datetime,
        duration: int,
        manager: SeedPerson,
        report: SeedPerson,
        last_held: tuple[int, list[tuple[int, int, str, bool]]] | None,
    ) -> tuple[int, list[tuple[int, int, str, bool]]] | None:
        """One meeting in the past: held (agenda, action items, notes) or cancelled."""
        rng, ctx = self.rng, self.ctx
        when = slot.astimezone(datetime.UTC)
        created = when - datetime.timedelta(days=7)
        if rng.random() < 0.1:
            self.meetings.add(series, when, duration, M.CANCELLED, None, None, None, 2, created, when)
            return last_held
        done = min(ctx.now, when + datetime.timedelta(minutes=duration))
        pk = self.meetings.add(series, when, duration, M.COMPLETED, done, None, None, 2, created, done)
        agenda: list[tuple[int, int, str, bool]] = []  # (id, author, text, discussed)
        position = 1
        for point_id, author, text, discussed in last_held[1] if last_held else []:
            if not discussed:
                agenda.append(
                    (
                        self.points.add(pk, author, text, position, True, point_id, 1, created, done),
                        author,
                        text,
                        True,
                    )
                )
                position += 1
        for text in rng.sample(TOPICS, rng.choice((2, 2, 3, 3, 4)) if not agenda else rng.randint(1, 2)):
            author = report.id if rng.random() < 0.7 else manager.id
            discussed = rng.random() < 0.85
            agenda.append(
                (
                    self.points.add(
                        pk, author, text, position, discussed, None, 2 if discussed else 1, created, done
                    ),
                    author,
                    text,
                    discussed,
                )
            )
            position += 1
        self._actions(series, pk, when, done, manager, report)
        for writer, notes, share in ((manager, MANAGER_NOTES, 0.6), (report, EMPLOYEE_NOTES, 0.4)):
            if rng.random() < share:
                self.notes.add(pk, writer.id, rng.choice(notes), done, done)
        return pk, agenda

    def _actions(
        self,
        series: int,
        meeting: int,
        when: datetime.datetime,
        done: datetime.datetime,
        manager: SeedPerson,
        report: SeedPerson,
    ) -> None:
        rng, ctx = self.rng, self.ctx
        for _i in range(rng.choice((0, 0, 1, 1, 2))):
            owner = report if rng.random() < 0.7 else manager
            due = (when + datetime.timedelta(days=rng.randint(5, 21))).date()
            finished = None
            if rng.random() < (0.85 if due < ctx.today else 0.3):
                finished = moment(rng, done, min(ctx.now, done + datetime.timedelta(days=21)))
            title = rng.choice(ACTIONS)
            pk = self.actions.add(
                series,
                meeting,
                owner.id,
                rng.choice((manager, report)).id,
                title,
                due,
                finished,
                0,
                2 if finished else 1,
                done,
                finished or done,
            )
            notice(
                ctx,
                owner,
                kind="meetings.action_item",
                event_key=f"meetings.action_item.{pk}.{owner.id}",
                title=_("Action item from your 1:1: %(title)s") % {"title": title},
                url=self.url.format(meeting),
                at=done,
                todo=True,
                done_at=finished,
            )

    def _upcoming(
        self,
        series: int,
        slot: datetime.datetime,
        duration: int,
        created: datetime.datetime,
        last_held: tuple[int, list[tuple[int, int, str, bool]]] | None,
    ) -> None:
        """The next meeting, with what the last one left open and the template's questions."""
        when = slot.astimezone(datetime.UTC)
        made = max(created, (last_held and self.ctx.now - datetime.timedelta(days=3)) or created)
        pk = self.meetings.add(series, when, duration, M.SCHEDULED, None, None, None, 1, made, made)
        position = 1
        for point_id, author, text, discussed in last_held[1] if last_held else []:
            if not discussed and text not in self.template:
                self.points.add(pk, author, text, position, False, point_id, 1, made, made)
                position += 1
        employee = self.series.rows[-1][2]
        for text in self.template:
            self.points.add(pk, employee, text, position, False, None, 1, made, made)
            position += 1

    def write(self) -> None:
        self.ctx.write(
            "meetings",
            {
                "series": self.series,
                "meetings": self.meetings,
                "talking_points": self.points,
                "action_items": self.actions,
                "private_notes": self.notes,
            },
        )


def seed_meetings(ctx: SeedContext) -> None:
    planner = _Planner(ctx)
    planner.plan()
    planner.write()
