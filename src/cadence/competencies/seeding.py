"""The competencies part of `cadence seed`: everyone placed on the starting framework (the general
framework's published version) by their HRIS level, about one in eight promoted during the year;
assessed levels over the year (one to three a quarter per person, from their manager with a comment
or from a colleague's feedback) around their level; and promotion readiness marked by managers for
some of their reports.

Feedback-sourced assessments carry no source_id: the feedback seeder runs later (it is above this
module) and this module may not read feedback's rows. Written set-based past the services
(core.seeding): set-up data, no audit events or notifications."""

import datetime
from dataclasses import dataclass

from cadence.core.seeding import SeedContext, SeedPerson, Table, moment
from cadence.people.models import Employee

from . import selectors, services
from .demo import general_level_key
from .models import Assessment, Competency, Framework, Level, Placement, PromotionReadiness

PROMOTED_SHARE = 0.12
READINESS_SHARE = 0.15
FEEDBACK_SHARE = 0.3  # of assessments; the rest are managers'
OFFSETS = (0, 0, 0, 0, 0, -1, -1, -1, 1, 1)  # assessed against their level: mostly at it
MANAGER_COMMENTS = (
    "Seen in the quarter's projects and in our 1:1s.",
    "Consistent at this level; the last release showed it.",
    "Growing here: led the planning for the first time.",
    "Needs more practice: reviews still catch avoidable issues.",
)
EVIDENCE = (
    "Has worked at the next level for two quarters.",
    "Strong delivery; needs to lead a cross-team piece of work first.",
    "New in the role; revisit after the next review.",
)
R = PromotionReadiness.Readiness
READINESS_WEIGHTS = ((R.READY_NOW, 2), (R.READY_SOON, 5), (R.NOT_YET, 3))


@dataclass
class _Ladder:
    """The general framework's published tracks: levels in order and the competencies that apply."""

    levels: dict[str, list[Level]]  # track key -> levels in order
    competencies: dict[str, list[Competency]]  # track key -> competencies that apply

    @classmethod
    def load(cls) -> "_Ladder | None":
        framework = Framework.objects.filter(is_general=True).first()
        version = selectors.published_version_of(framework.pk) if framework else None
        if version is None:
            return None
        tracks = selectors.tracks_of(version)
        competencies = selectors.competencies_of(version)
        return cls(
            levels={t.key: list(t.level_list) for t in tracks},  # type: ignore[attr-defined]
            competencies={t.key: [c for c in competencies if selectors.applies_to(c, t)] for t in tracks},
        )

    def level(self, track: str, key: str) -> Level:
        return next(lv for lv in self.levels[track] if lv.key == key)

    def shifted(self, level: Level, track: str, by: int) -> Level:
        ordered = self.levels[track]
        return ordered[max(0, min(len(ordered) - 1, ordered.index(level) + by))]


@dataclass
class _Stint:
    level: Level
    track: str
    start: datetime.datetime
    end: datetime.datetime


class _Planner:
    def __init__(self, ctx: SeedContext, ladder: _Ladder) -> None:
        self.ctx = ctx
        self.ladder = ladder
        self.rng = ctx.rng("competencies")
        self.users = {p.id: p.user_id for p in ctx.people}
        stamp = ["created_at", "updated_at"]
        self.placements = Table(
            Placement, ["employee", "level", "effective_from", "reason", "set_by", *stamp]
        )
        self.assessments = Table(
            Assessment,
            ["employee", "competency", "level", "source", "comment", "assessed_by", "assessed_at", *stamp],
        )
        self.readiness = Table(
            PromotionReadiness, ["employee", "readiness", "evidence", "marked_by", "marked_at", *stamp]
        )

    def plan(self) -> None:
        job_levels = dict(Employee.objects.values_list("pk", "job_level"))
        for person in self.ctx.people:
            stints = self._place(person, job_levels.get(person.id, ""))
            self._assess(person, stints)
            self._mark(person)

    def _place(self, person: SeedPerson, job_level: str) -> list[_Stint]:
        track, key = general_level_key(job_level)
        level = self.ladder.level(track, key)
        since = self.ctx.active_since(person)
        lower = self.ladder.shifted(level, track, -1)
        promote = lower != level and (self.ctx.now - since).days > 90 and self.rng.random() < PROMOTED_SHARE
        hired = datetime.datetime.combine(person.start_date, datetime.time(9), tzinfo=datetime.UTC)
        if not promote:
            self._placement(person, level, hired, Placement.Reason.INITIAL)
            return [_Stint(level, track, since, self.ctx.now)]
        promoted = moment(
            self.rng, since + datetime.timedelta(days=45), self.ctx.now - datetime.timedelta(days=14)
        )
        self._placement(person, lower, hired, Placement.Reason.INITIAL)
        self._placement(person, level, promoted, Placement.Reason.PROMOTION)
        return [_Stint(lower, track, since, promoted), _Stint(level, track, promoted, self.ctx.now)]

    def _placement(self, person: SeedPerson, level: Level, when: datetime.datetime, reason: str) -> None:
        self.placements.add(person.id, level.pk, when.date(), reason, None, when, when)

    def _assess(self, person: SeedPerson, stints: list[_Stint]) -> None:
        """One to three assessments a quarter, each on a competency of their track, at their level
        then (give or take one), from their manager or a colleague's feedback."""
        manager = self.users.get(person.manager_id) if person.manager_id else None
        colleagues = [p.user_id for p in self.ctx.colleagues(person) if p.user_id]
        start = stints[0].start
        for quarter in range(4):
            begin = self.ctx.now - datetime.timedelta(days=91 * (4 - quarter))
            if begin + datetime.timedelta(days=91) <= start:
                continue
            for _ in range(self.rng.randint(1, 3)):
                when = moment(
                    self.rng, max(begin, start), min(self.ctx.now, begin + datetime.timedelta(days=91))
                )
                stint = next((s for s in stints if s.start <= when < s.end), stints[-1])
                competency = self.rng.choice(self.ladder.competencies[stint.track])
                level = self.ladder.shifted(stint.level, stint.track, self.rng.choice(OFFSETS))
                from_feedback = not manager or (colleagues and self.rng.random() < FEEDBACK_SHARE)
                if from_feedback and not colleagues:
                    continue
                source, by, comment = (
                    (Assessment.Source.FEEDBACK, self.rng.choice(colleagues), "")
                    if from_feedback
                    else (Assessment.Source.MANAGER, manager, self.rng.choice(MANAGER_COMMENTS))
                )
                self.assessments.add(
                    person.id, competency.pk, level.pk, source, comment, by, when, when, when
                )

    def _mark(self, person: SeedPerson) -> None:
        manager = self.users.get(person.manager_id) if person.manager_id else None
        if manager is None or self.rng.random() >= READINESS_SHARE:
            return
        readiness = self.rng.choices([r for r, _ in READINESS_WEIGHTS], [w for _, w in READINESS_WEIGHTS])[0]
        when = moment(self.rng, self.ctx.active_since(person), self.ctx.now)
        evidence = EVIDENCE[[R.READY_NOW, R.READY_SOON, R.NOT_YET].index(readiness)]
        self.readiness.add(person.id, readiness, evidence, manager, when, when, when)


def seed_competencies(ctx: SeedContext) -> None:
    ladder = _Ladder.load()
    if ladder is None:  # no general framework published: nothing to place people on
        return
    planner = _Planner(ctx, ladder)
    planner.plan()
    first = planner.assessments.start
    ctx.write(
        "competencies",
        {
            "placements": planner.placements,
            "assessments": planner.assessments,
            "readiness": planner.readiness,
        },
    )
    # The rows went in past the service: flag the latest of each person and key, in one statement.
    services.assessments_refresh_current(
        people=Employee.objects.filter(competency_assessments__pk__gte=first)
    )
