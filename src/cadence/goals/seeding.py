"""The goals part of `cadence seed`: the quarterly cycles of the last twelve months (the current one
active, the earlier ones closed and scored), company, department, team and personal objectives
aligned in a tree up to eight levels deep, key results (numbers, percentages, money, done/not done,
milestones) with weekly check-ins, the progress timeline, contributors and comments.

Everything is planned in Python first, so that each key result's current value is its last
check-in's value, each objective's progress is exactly what `services.computed_progress` would roll
up from its key results and counted children, and its status follows its last check-in. Then it is
written set-based (core.seeding), past the services on purpose: set-up data, no audit events."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from cadence.core.seeding import SeedContext, SeedPerson, Table, moment
from cadence.core.tree import tree_path
from cadence.notifications.seeding import notice, url_pattern

from .models import Goal, GoalComment, GoalCycle, KeyResult, KeyResultUpdate, Milestone, ProgressPoint
from .progress import measured_progress, milestone_progress, weighted_progress
from .seeding_text import COMMENTS, KR_TITLES, MILESTONES, OBJECTIVES, UPDATE_COMMENTS

MAX_DEPTH = 7  # 0-based: company goals at 0, so at most eight levels
CYCLES = 4  # the current quarter and the three before it: all within the last twelve months
INDIVIDUAL_SHARE = 0.5  # people with objectives of their own in a cycle
KR_KINDS = (("number", 45), ("percentage", 25), ("currency", 10), ("binary", 8), ("milestones", 12))
CONFIDENCE = KeyResultUpdate.Confidence
L = Goal.Level
ONE = Decimal("1.00")
CENT = Decimal("0.01")


@dataclass(eq=False)
class _KR:
    id: int
    kind: str
    title: str
    baseline: Decimal | None
    target: Decimal | None
    position: int
    milestones: int = 0
    attainment: float = 1.0
    current: Decimal | None = None
    done: bool = False
    progress: float = 0.0

    @property
    def decrease(self) -> bool:
        return self.baseline is not None and self.target is not None and self.target < self.baseline


@dataclass(eq=False)
class _Goal:
    id: int
    cycle: "_Cycle"
    level: str
    title: str
    owner: tuple[int | None, int | None, int | None]  # employee, team, department
    author: SeedPerson  # who checks in on it
    parent: "_Goal | None"
    path: str
    created_at: datetime.datetime
    visibility: str = Goal.Visibility.PUBLIC
    goal_type: str = Goal.Type.PERFORMANCE
    state: str = Goal.State.ACTIVE
    approval: str = Goal.Approval.APPROVED
    krs: list[_KR] = field(default_factory=list)
    children: list["_Goal"] = field(default_factory=list)
    progress: float = 0.0
    status: str = Goal.Status.NOT_STARTED
    last_checkin_at: datetime.datetime | None = None

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def counts(self) -> bool:
        """Whether it counts in its parent's roll-up (services._counted_children)."""
        return self.state == Goal.State.ACTIVE and self.approval == Goal.Approval.APPROVED


@dataclass(eq=False)
class _Cycle:
    id: int
    name: str
    start: datetime.date
    end: datetime.date
    current: bool

    def at(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def quarters(today: datetime.date, count: int = CYCLES) -> list[tuple[datetime.date, datetime.date, str]]:
    """The `count` quarters up to the one `today` is in, oldest first: (start, end, "Q3 2026")."""
    out = []
    year, first_month = today.year, 3 * ((today.month - 1) // 3) + 1
    for _i in range(count):
        start = datetime.date(year, first_month, 1)
        nxt = datetime.date(year + first_month // 10, (first_month + 2) % 12 + 1, 1)
        out.append((start, nxt - datetime.timedelta(days=1), f"Q{(first_month - 1) // 3 + 1} {year}"))
        year, first_month = (year, first_month - 3) if first_month > 1 else (year - 1, 10)
    return out[::-1]


class _Planner:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("goals")
        self.cycles = Table(
            GoalCycle,
            [
                "name",
                "kind",
                "start_date",
                "end_date",
                "status",
                "checkin_cadence",
                "closed_at",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.goal_ids = Table(Goal, ())  # only its ids: the rows are added once progress is known
        self.kr_ids = Table(KeyResult, ())
        self.goals: list[_Goal] = []
        self.updates = Table(
            KeyResultUpdate,
            [
                "goal",
                "key_result",
                "author",
                "value",
                "previous_value",
                "done",
                "confidence",
                "comment",
                "key_result_progress",
                "goal_progress",
                "created_at",
            ],
        )
        self.points = Table(ProgressPoint, ["goal", "progress", "recorded_at"])
        self.contributors = Table(Goal.contributors.through, ["goal", "employee"])
        self.comments = Table(GoalComment, ["goal", "author", "body", "created_at"])
        ceo = ctx.people[0]
        self.ceo = ceo
        self.heads = self._department_heads()
        self.leads = self._team_leads()

    def _department_heads(self) -> dict[int, SeedPerson]:
        heads: dict[int, SeedPerson] = {}
        for person in self.ctx.people:  # managers first: the first person of a department leads it
            if person.department_id is not None:
                heads.setdefault(person.department_id, person)
        return heads

    def _team_leads(self) -> dict[int, SeedPerson]:
        by_id = self.ctx.by_id
        return {
            team: by_id.get(members[0].manager_id or 0, members[0])
            for team, members in self.ctx.team_members.items()
        }

    # The tree, one cycle at a time

    def plan(self) -> None:
        for start, end, name in quarters(self.ctx.today):
            current = end >= self.ctx.today
            cycle = _Cycle(self.cycles.next_id, name, start, end, current)
            status = GoalCycle.Status.ACTIVE if current else GoalCycle.Status.CLOSED
            closed_at = None if current else cycle.at(end + datetime.timedelta(days=3))
            created = max(self.ctx.year_ago, cycle.at(start - datetime.timedelta(days=14)))
            self.cycles.add(
                name,
                GoalCycle.Kind.QUARTERLY,
                start,
                end,
                status,
                GoalCycle.Cadence.WEEKLY,
                closed_at,
                2 if closed_at else 1,
                created,
                closed_at or created,
            )
            self._plan_cycle(cycle)

    def _plan_cycle(self, cycle: _Cycle) -> None:
        rng = self.rng
        company = [
            self._goal(cycle, L.COMPANY, (None, None, None), self.ceo, None, "company")
            for _i in range(rng.randint(3, 5))
        ]
        by_department: dict[int, list[_Goal]] = {}
        for dept in self.ctx.departments:  # parents before sub-departments
            head = self.heads.get(dept.id)
            if head is None:
                continue
            above = by_department.get(dept.parent_id or 0) or company
            by_department[dept.id] = [
                self._goal(cycle, L.DEPARTMENT, (None, None, dept.id), head, rng.choice(above), dept.name)
                for _i in range(rng.choice((1, 2, 2, 3)))
            ]
        by_team: dict[int, list[_Goal]] = {}
        for team in self.ctx.teams:
            lead = self.leads.get(team.id)
            if lead is None:
                continue
            above = by_department.get(team.department_id or 0) or company
            by_team[team.id] = [
                self._goal(cycle, L.TEAM, (None, team.id, None), lead, rng.choice(above), team.name)
                for _i in range(rng.choice((1, 1, 2)))
            ]
        self._plan_individuals(cycle, by_department, by_team)

    def _plan_individuals(
        self, cycle: _Cycle, by_department: dict[int, list[_Goal]], by_team: dict[int, list[_Goal]]
    ) -> None:
        rng = self.rng
        mine: dict[int, list[_Goal]] = {}
        latest_start = cycle.end - datetime.timedelta(days=21)
        for person in self.ctx.people:  # managers first, so their objectives exist for reports to align to
            if person.start_date > latest_start or rng.random() >= INDIVIDUAL_SHARE:
                continue
            for _i in range(rng.choice((1, 1, 2))):
                parent = self._individual_parent(person, mine, by_team, by_department)
                goal = self._goal(cycle, L.INDIVIDUAL, (person.id, None, None), person, parent, "")
                if rng.random() < 0.1:
                    goal.visibility = Goal.Visibility.PRIVATE
                if rng.random() < 0.2:
                    goal.goal_type = Goal.Type.DEVELOPMENT
                mine.setdefault(person.id, []).append(goal)

    def _individual_parent(
        self,
        person: SeedPerson,
        mine: dict[int, list[_Goal]],
        by_team: dict[int, list[_Goal]],
        by_department: dict[int, list[_Goal]],
    ) -> _Goal | None:
        roll = self.rng.random()
        options = [
            (
                0.4,
                [g for g in mine.get(person.manager_id or 0, ()) if g.visibility == Goal.Visibility.PUBLIC],
            ),
            (0.75, by_team.get(person.team_id or 0, [])),
            (0.9, by_department.get(person.department_id or 0, [])),
        ]
        for threshold, goals in options:
            usable = [g for g in goals if g.depth < MAX_DEPTH]
            if roll < threshold and usable:
                return self.rng.choice(usable)
        return None

    def _goal(
        self,
        cycle: _Cycle,
        level: str,
        owner: tuple[int | None, int | None, int | None],
        author: SeedPerson,
        parent: _Goal | None,
        name: str,
    ) -> _Goal:
        rng = self.rng
        pk = self.goal_ids.next_id
        self.goal_ids.next_id += 1
        title = rng.choice(OBJECTIVES[level]).format(name=name)
        drafted = cycle.at(cycle.start) - datetime.timedelta(days=rng.randint(0, 12))
        created = max(drafted, self.ctx.active_since(author), self.ctx.year_ago)
        goal = _Goal(
            pk,
            cycle,
            level,
            title,
            owner,
            author,
            parent,
            tree_path(parent.path if parent else "", pk),
            min(created, self.ctx.now),
        )
        if rng.random() < 0.02:
            goal.state = Goal.State.ARCHIVED
        goal.krs = [self._kr(position) for position in range(rng.choice((1, 2, 2, 2, 3)))]
        if parent is not None:
            parent.children.append(goal)
        self.goals.append(goal)
        return goal

    def _kr(self, position: int) -> _KR:
        rng = self.rng
        kind = rng.choices([k for k, _w in KR_KINDS], [w for _k, w in KR_KINDS])[0]
        pk = self.kr_ids.next_id
        self.kr_ids.next_id += 1
        title = rng.choice(KR_TITLES[kind])
        attainment = min(1.25, max(0.0, rng.gauss(0.8, 0.3)))
        if kind == "binary":
            return _KR(pk, kind, title, None, None, position, attainment=attainment)
        if kind == "milestones":
            return _KR(
                pk, kind, title, None, None, position, milestones=rng.randint(3, 5), attainment=attainment
            )
        baseline, target = self._range(kind)
        return _KR(pk, kind, title, baseline, target, position, attainment=attainment)

    def _range(self, kind: str) -> tuple[Decimal, Decimal]:
        rng = self.rng
        if kind == "percentage":
            low = rng.randrange(10, 60)
            high = min(100, low + rng.randrange(10, 35))
        elif kind == "currency":
            low = rng.choice((0, 50_000, 100_000, 250_000))
            high = low + rng.choice((50_000, 100_000, 250_000, 1_000_000))
        else:
            low = rng.choice((0, 0, 5, 10, 20, 50, 100))
            high = low + rng.choice((5, 10, 20, 25, 50, 100, 200))
        if rng.random() < 0.2:
            low, high = high, low  # reduce something: a decrease
        return Decimal(low).quantize(CENT), Decimal(high).quantize(CENT)

    # History: weekly check-ins, then the roll-up

    def history(self) -> None:
        for goal in self.goals:
            self._checkins(goal)
        for goal in sorted(self.goals, key=lambda g: -g.depth):  # children before their parents
            items = [(ONE, kr.progress) for kr in goal.krs] + [
                (ONE, c.progress) for c in goal.children if c.counts
            ]
            rolled = weighted_progress(items)
            goal.progress = 0.0 if rolled is None else rolled  # manual progress is 0
            if goal.last_checkin_at is not None and goal.progress >= 1.0:
                goal.status = Goal.Status.DONE

    def _checkins(self, goal: _Goal) -> None:
        rng, cycle = self.rng, goal.cycle
        length = (cycle.end - cycle.start).days or 1
        diligence = rng.uniform(0.15, 0.8) if goal.state == Goal.State.ACTIVE else 0.1
        week = max(goal.created_at.date(), cycle.start) + datetime.timedelta(days=7)
        last = cycle.at(cycle.end) + datetime.timedelta(hours=8)  # check-ins end with the cycle
        while week <= min(cycle.end, self.ctx.today):
            if rng.random() < diligence:
                start = cycle.at(week)
                at = moment(rng, start, min(self.ctx.now, start + datetime.timedelta(days=4), last))
                self._checkin(goal, at, min(1.0, (at.date() - cycle.start).days / length))
            week += datetime.timedelta(days=7)

    def _checkin(self, goal: _Goal, at: datetime.datetime, elapsed: float) -> None:
        rng = self.rng
        moved = [kr for kr in goal.krs if rng.random() < 0.85] or goal.krs[:1]
        changes = [(kr, self._move(kr, elapsed)) for kr in moved]
        progress = weighted_progress((ONE, kr.progress) for kr in goal.krs) or 0.0
        expected = max(0.05, elapsed)
        ratio = progress / expected
        confidence = (
            CONFIDENCE.ON_TRACK
            if ratio >= 0.75
            else CONFIDENCE.AT_RISK
            if ratio >= 0.45
            else CONFIDENCE.OFF_TRACK
        )
        comment = rng.choice(UPDATE_COMMENTS) if rng.random() < 0.3 else ""
        user = goal.author.user_id
        for kr, (value, previous, done) in changes:
            self.updates.add(
                goal.id, kr.id, user, value, previous, done, confidence, comment, kr.progress, progress, at
            )
            comment = ""  # one comment per check-in, on its first key result
        self.points.add(goal.id, progress, at)
        goal.last_checkin_at = at
        goal.status = confidence

    def _move(self, kr: _KR, elapsed: float) -> tuple[Decimal | None, Decimal | None, bool | None]:
        """The key result's value after a check-in at `elapsed` (0–1) of the cycle: (value, previous,
        done) as the update stores them; the key result takes the new value."""
        reached = max(0.0, kr.attainment * elapsed**0.9 + self.rng.gauss(0, 0.04))
        if kr.kind == "binary":
            kr.done = reached >= 0.95
            kr.progress = 1.0 if kr.done else 0.0
            return None, None, kr.done
        if kr.kind == "milestones":
            done = min(kr.milestones, int(kr.milestones * reached))
            kr.progress = milestone_progress(done, kr.milestones)
            return Decimal(done).quantize(CENT), None, None
        assert kr.baseline is not None and kr.target is not None
        step = Decimal(1000) if kr.kind == "currency" else Decimal(1)
        raw = kr.baseline + (kr.target - kr.baseline) * Decimal(str(round(reached, 4)))
        value = ((raw / step).quantize(Decimal(1)) * step).quantize(CENT)
        if kr.kind == "percentage":
            value = min(Decimal(100), max(Decimal(0), value)).quantize(CENT)
        previous, kr.current = kr.current, value
        kr.progress = measured_progress(kr.baseline, kr.target, value, decrease=kr.decrease)
        return value, previous, None

    # Writing

    def write(self) -> None:
        ctx = self.ctx
        goals = Table(
            Goal,
            [
                "cycle",
                "title",
                "description",
                "level",
                "owner_employee",
                "owner_team",
                "owner_department",
                "parent",
                "goal_type",
                "visibility",
                "status",
                "state",
                "approval",
                "due_date",
                "weight",
                "progress",
                "manual_progress",
                "last_checkin_at",
                "final_score",
                "carried_from",
                "created_by",
                "path",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        for g in self.goals:
            final = None if g.cycle.current or g.state != Goal.State.ACTIVE else g.progress
            goals.add_planned(
                g.id,
                g.cycle.id,
                g.title,
                "",
                g.level,
                *g.owner,
                g.parent.id if g.parent else None,
                g.goal_type,
                g.visibility,
                g.status,
                g.state,
                g.approval,
                g.cycle.end,
                ONE,
                g.progress,
                0.0,
                g.last_checkin_at,
                final,
                None,
                g.author.user_id,
                g.path,
                1,
                g.created_at,
                g.last_checkin_at or g.created_at,
            )
        krs = Table(
            KeyResult,
            [
                "goal",
                "title",
                "kind",
                "direction",
                "baseline",
                "target",
                "current",
                "currency",
                "done",
                "weight",
                "progress",
                "position",
                "created_at",
                "updated_at",
            ],
        )
        milestones = Table(Milestone, ["key_result", "title", "done", "position"])
        for g in self.goals:
            for kr in g.krs:
                direction = KeyResult.Direction.DECREASE if kr.decrease else KeyResult.Direction.INCREASE
                krs.add_planned(
                    kr.id,
                    g.id,
                    kr.title,
                    kr.kind,
                    direction,
                    kr.baseline,
                    kr.target,
                    kr.current,
                    "EUR" if kr.kind == "currency" else "",
                    kr.done,
                    ONE,
                    kr.progress,
                    kr.position,
                    g.created_at,
                    g.last_checkin_at or g.created_at,
                )
                done = round(kr.progress * kr.milestones)
                for i in range(kr.milestones):
                    milestones.add(kr.id, MILESTONES[i % len(MILESTONES)], i < done, i)
        self._people_on_goals()
        ctx.write(
            "goals",
            {
                "cycles": self.cycles,
                "goals": goals,
                "key_results": krs,
                "milestones": milestones,
                "key_result_updates": self.updates,
                "progress_points": self.points,
                "contributors": self.contributors,
                "comments": self.comments,
            },
        )

    def _people_on_goals(self) -> None:
        """Contributors on team objectives, and comments (with the owner's notification) on a few."""
        rng, ctx = self.rng, self.ctx
        url = url_pattern("goals:detail")
        for g in self.goals:
            if g.level == L.TEAM and g.owner[1] is not None:
                members = ctx.team_members.get(g.owner[1], [])
                for person in rng.sample(members, min(len(members), rng.randint(0, 3))):
                    self.contributors.add(g.id, person.id)
            if rng.random() >= 0.06:
                continue
            end = min(ctx.now, g.cycle.at(g.cycle.end))
            for _i in range(rng.randint(1, 3)):
                author = rng.choice([g.author, *ctx.colleagues(g.author)])
                at = moment(rng, g.created_at, end)
                pk = self.comments.add(g.id, author.user_id, rng.choice(COMMENTS), at)
                if author.id != g.author.id:
                    notice(
                        ctx,
                        g.author,
                        kind="goal_comment",
                        event_key=f"goals:comment:{pk}:{g.author.user_id}",
                        title=_("%(name)s commented on “%(title)s”")
                        % {"name": author.full_name, "title": g.title},
                        url=url.format(g.id) + f"#comment-{pk}",
                        at=at,
                    )


def seed_goals(ctx: SeedContext) -> None:
    planner = _Planner(ctx)
    planner.plan()
    planner.history()
    planner.write()
