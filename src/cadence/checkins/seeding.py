"""The check-ins part of `cadence seed`: a year of weekly (in some departments fortnightly)
check-ins by the teams that use them, with moods, answers to the organisation's questions,
priorities carried from one check-in to the next, skipped periods, manager reviews, comments and
reactions, this period's check-ins open or already sent, and the notifications they caused.

Periods are those of `periods.period_start_for` for the person's cadence (`selectors.cadence_weeks_for`
reads the same rows), and priorities follow `services.checkin_submit`: the open priorities of the
previous check-in are marked done, carried or dropped when the next one is sent. Written set-based
past the services on purpose (core.seeding): set-up data, no audit events."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cadence.core.seeding import SeedContext, SeedPerson, Table, moment
from cadence.feedback.models import Reaction
from cadence.notifications.seeding import notice, url_pattern

from .models import CheckIn, CheckInCadence, CheckInComment, CheckInPriority, CheckInQuestion, CheckInReaction
from .periods import period_due_date, period_start_for
from .seeding_text import ANSWERS, COMMENTS, PRIORITIES, SKIP_REASONS

TEAM_ADOPTION = 0.4  # teams whose people check in
PERSON_ADOPTION = 0.85  # people in those teams who do
FORTNIGHTLY_SHARE = 0.3  # top departments given a two-week cadence on a database without cadences
S = CheckIn.Status
P = CheckInPriority.Status


@dataclass
class _Priority:
    id: int
    checkin: int
    text: str
    order: int
    carried_from: int | None = None
    status: str = P.OPEN


class _Planner:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("checkins")
        self.weeks = self._cadences()
        self.questions = self._questions()
        self.checkins = Table(
            CheckIn,
            [
                "author",
                "period_start",
                "status",
                "mood",
                "answers",
                "skip_reason",
                "submitted_at",
                "reminded_at",
                "reviewed_at",
                "reviewed_by",
                "created_at",
                "updated_at",
            ],
        )
        self.priority_ids = Table(CheckInPriority, ())
        self.priorities: list[_Priority] = []
        self.comments = Table(CheckInComment, ["checkin", "author", "body", "created_at", "updated_at"])
        self.reactions = Table(CheckInReaction, ["checkin", "person", "kind", "created_at"])
        self.url = url_pattern("checkins:checkin_detail")

    def _cadences(self) -> dict[int | None, int]:
        """Weeks per period by department (None: everyone). A database without any cadence gets a
        two-week cadence in some top departments, so both kinds of period are seeded."""
        rows: dict[int | None, int] = dict(CheckInCadence.objects.values_list("department_id", "every_weeks"))
        if rows:
            return rows
        table = Table(CheckInCadence, ["department", "every_weeks", "version"])
        for dept in self.ctx.departments:
            if dept.parent_id is None and self.rng.random() < FORTNIGHTLY_SHARE:
                table.add(dept.id, CheckInCadence.Every.TWO_WEEKS, 1)
                rows[dept.id] = CheckInCadence.Every.TWO_WEEKS
        table.write()
        self.ctx.count("checkins.cadences", table)
        return rows

    def _questions(self) -> dict[int | None, list[str]]:
        active = CheckInQuestion.objects.filter(is_active=True).order_by("order", "id")
        out: dict[int | None, list[str]] = {}
        for department, text in active.values_list("department_id", "text"):
            out.setdefault(department, []).append(text)
        return out

    def _weeks_for(self, person: SeedPerson) -> int:
        return self.weeks.get(person.department_id) or self.weeks.get(None) or CheckInCadence.Every.WEEK

    def plan(self) -> None:
        rng = self.rng
        adopting = {team.id for team in self.ctx.teams if rng.random() < TEAM_ADOPTION}
        for person in self.ctx.people:
            manager = self.ctx.by_id.get(person.manager_id or 0)
            if manager is None or person.team_id not in adopting or rng.random() >= PERSON_ADOPTION:
                continue
            self._person(person, manager)

    def _person(self, person: SeedPerson, manager: SeedPerson) -> None:
        rng, ctx = self.rng, self.ctx
        weeks = self._weeks_for(person)
        step = datetime.timedelta(weeks=weeks)
        current = period_start_for(ctx.today, weeks)
        start = period_start_for(ctx.active_since(person).date(), weeks)
        while start < ctx.year_ago.date():
            start += step
        rate, mood = rng.uniform(0.45, 0.95), rng.uniform(2.6, 4.6)
        questions = self.questions.get(None, []) + self.questions.get(person.department_id, [])
        previous: list[_Priority] = []
        while start <= current:
            roll = rng.random()
            if start == current:  # this period: open, already sent, or not looked at yet
                if roll < 0.35:
                    self._due(person, start)
                elif roll < 0.65:
                    previous = self._submitted(
                        person, manager, start, weeks, mood, questions, previous, late=False
                    )
            elif roll < rate:
                previous = self._submitted(
                    person, manager, start, weeks, mood, questions, previous, late=True
                )
            elif roll < rate + 0.05:
                self._skipped(person, start)
            start += step

    def _opened(self, start: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(start, datetime.time(8), tzinfo=datetime.UTC)

    def _due(self, person: SeedPerson, start: datetime.date) -> None:
        at = min(self.ctx.now, self._opened(start))
        self.checkins.add(person.id, start, S.DUE, None, [], "", None, None, None, None, at, at)

    def _skipped(self, person: SeedPerson, start: datetime.date) -> None:
        at = self._opened(start)
        self.checkins.add(
            person.id,
            start,
            S.SKIPPED,
            None,
            [],
            self.rng.choice(SKIP_REASONS),
            None,
            None,
            None,
            None,
            at,
            at,
        )

    def _submitted(
        self,
        person: SeedPerson,
        manager: SeedPerson,
        start: datetime.date,
        weeks: int,
        mood: float,
        questions: list[str],
        previous: list[_Priority],
        *,
        late: bool,
    ) -> list[_Priority]:
        rng, ctx = self.rng, self.ctx
        due = self._opened(period_due_date(start, weeks)) + datetime.timedelta(hours=9)
        opened = self._opened(start)
        sent = moment(
            rng,
            opened + datetime.timedelta(days=max(0, 7 * weeks - 5)),
            due + datetime.timedelta(days=2 if late else 0),
        )
        sent = max(opened, min(sent, ctx.now))
        reviewed = None
        if sent < ctx.now - datetime.timedelta(days=2) and rng.random() < 0.7:
            reviewed = min(ctx.now, sent + datetime.timedelta(hours=rng.randint(2, 72)))
        answers = [{"question": q, "answer": rng.choice(ANSWERS)} for q in questions]
        score = max(1, min(5, round(rng.gauss(mood, 0.8))))
        pk = self.checkins.add(
            person.id,
            start,
            S.SUBMITTED,
            score,
            answers,
            "",
            sent,
            None,
            reviewed,
            manager.id if reviewed else None,
            opened,
            reviewed or sent,
        )
        mine = self._carry(pk, previous)
        notice(
            ctx,
            manager,
            kind="checkin_submitted",
            event_key=f"checkin:{pk}:review",
            title=_("%(name)s submitted a check-in") % {"name": person.full_name},
            url=self.url.format(pk),
            at=sent,
            todo=True,
            done_at=reviewed,
        )
        self._discussion(pk, person, manager, sent)
        return mine

    def _carry(self, checkin: int, previous: list[_Priority]) -> list[_Priority]:
        """Mark the previous check-in's open priorities and add this one's: carried ones first."""
        rng = self.rng
        mine: list[_Priority] = []
        for old in previous:
            old.status = rng.choices((P.DONE, P.CARRIED, P.DROPPED), (60, 25, 15))[0]
            if old.status == P.CARRIED:
                mine.append(self._priority(checkin, old.text, len(mine), old.id))
        for text in rng.sample(PRIORITIES, rng.choice((1, 1, 2, 2, 3))):
            mine.append(self._priority(checkin, text, len(mine), None))
        return mine

    def _priority(self, checkin: int, text: str, order: int, carried_from: int | None) -> _Priority:
        pk = self.priority_ids.next_id
        self.priority_ids.next_id += 1
        priority = _Priority(pk, checkin, text, order, carried_from)
        self.priorities.append(priority)
        return priority

    def _discussion(self, pk: int, person: SeedPerson, manager: SeedPerson, sent: datetime.datetime) -> None:
        rng, ctx = self.rng, self.ctx
        if rng.random() < 0.15:
            self.reactions.add(
                pk, manager.id, rng.choice(Reaction.values), min(ctx.now, sent + datetime.timedelta(hours=5))
            )
        if rng.random() >= 0.2:
            return
        at = min(ctx.now, sent + datetime.timedelta(hours=rng.randint(1, 48)))
        comment = self.comments.add(pk, manager.id, rng.choice(COMMENTS), at, at)
        notice(
            ctx,
            person,
            kind="checkin_comment",
            event_key=f"checkin-comment:{comment}",
            title=_("%(name)s commented on your check-in") % {"name": manager.full_name},
            url=self.url.format(pk),
            at=at,
        )

    def write(self) -> None:
        priorities = Table(CheckInPriority, ["checkin", "text", "status", "carried_from", "order"])
        for p in self.priorities:
            priorities.add_planned(p.id, p.checkin, p.text, p.status, p.carried_from, p.order)
        self.ctx.write(
            "checkins",
            {
                "checkins": self.checkins,
                "priorities": priorities,
                "comments": self.comments,
                "reactions": self.reactions,
            },
        )


def seed_checkins(ctx: SeedContext) -> None:
    planner = _Planner(ctx)
    planner.plan()
    planner.write()
