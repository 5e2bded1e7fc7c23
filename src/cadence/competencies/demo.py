"""Demo data for competencies: the starting framework (migration 0002) plus a Sales framework for the
Sales department (Sales and Customer Success tracks), everyone placed by their HRIS level, a few
promotions in the past year, manager assessments over the year, readiness marks, and one department
(Customer Support) with a visible gap: most of its people below expectation on the same two
competencies. Feedback-linked assessments come from the feedback demo, which runs after this one
and names competencies of the recipients' frameworks.

Framework, placements, the demo team's assessments and readiness go through the services (audit,
notifications, as a person would); the year of assessments of the rest of the organisation is
written set-based. Idempotent: does nothing once anyone is placed."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from cadence.core.models import User
from cadence.people.models import Department, Employee

from . import framework_editing, selectors, services
from .exchange import framework_import
from .models import Assessment, Competency, Framework, Level, Placement, PromotionReadiness

SALES_NAME = "Sales and Customer Success"
GAP_DEPARTMENT = "Customer Support"
GAP_COMPETENCIES = ("quality", "communication")
SEED = 11

SALES_TRACKS = {
    "sales": ("Sales", ("Associate", "Account executive", "Senior account executive", "Principal")),
    "customer-success": ("Customer Success", ("Associate", "Manager", "Senior manager", "Principal")),
}
# (key, name, theme, what it is about, what each of the four levels expects)
SALES_COMPETENCIES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        "pipeline",
        "Pipeline and forecasting",
        "results",
        "Building and forecasting the work that brings revenue.",
        (
            "Keeps their own pipeline current in the CRM and follows the qualification steps.",
            "Builds enough pipeline for their target and forecasts their quarter within 15%.",
            "Forecasts within 10% and spots risks in deals early enough to act on them.",
            "Shapes how the team builds and forecasts pipeline; leadership plans on their numbers.",
        ),
    ),
    (
        "customer-insight",
        "Customer insight",
        "customer",
        "Understanding what customers need and why.",
        (
            "Asks open questions and writes down what the customer said, not what they assumed.",
            "Finds the business problem behind a request and ties the offer to it.",
            "Knows their customers' industries well enough to bring ideas the customer had not asked for.",
            "Brings what customers say back into product and strategy, and is asked for it.",
        ),
    ),
    (
        "negotiation",
        "Negotiation",
        "results",
        "Reaching agreements that work for both sides.",
        (
            "Prepares for conversations on price with a manager and knows what they may offer.",
            "Negotiates standard deals alone, trading concessions rather than giving them away.",
            "Leads complex negotiations with several parties and protects margin under pressure.",
            "Sets the negotiation approach for the largest deals and coaches others through theirs.",
        ),
    ),
    (
        "relationships",
        "Lasting relationships",
        "customer",
        "Being someone customers trust and come back to.",
        (
            "Answers customers promptly and does what they said they would.",
            "Keeps regular contact with their accounts and knows who decides and who influences.",
            "Is the trusted adviser of senior people at their accounts; renewals follow.",
            "Builds relationships at executive level that open new business across the organisation.",
        ),
    ),
    (
        "team-selling",
        "Team selling",
        "collaboration",
        "Working with colleagues across the deal.",
        (
            "Hands over cleanly to colleagues and keeps them informed.",
            "Brings in solutions engineers, support and legal at the right moment.",
            "Runs the deal team on large opportunities so that everyone knows their part.",
            "Makes selling across teams and regions the normal way the organisation works.",
        ),
    ),
)


def _sales_document() -> str:
    tracks: list[dict[str, Any]] = [
        {
            "key": key,
            "name": name,
            "levels": [
                {"key": f"{key[:2]}{n}", "code": f"{key[:2].upper()}{n}", "title": title}
                for n, title in enumerate(titles, start=1)
            ],
        }
        for key, (name, titles) in SALES_TRACKS.items()
    ]
    return yaml.safe_dump(
        {
            "schema": "cadence-competency-framework/1",
            "framework": {"name": SALES_NAME, "description": "For the people who win and keep customers."},
            "tracks": tracks,
            "themes": [
                {"key": "results", "name": "Results"},
                {"key": "customer", "name": "Customer"},
                {"key": "collaboration", "name": "Collaboration"},
            ],
            "competencies": [
                {
                    "key": key,
                    "name": name,
                    "theme": theme,
                    "description": about,
                    "expectations": {
                        f"{t['key']}/{lv['key']}": texts[i]
                        for t in tracks
                        for i, lv in enumerate(t["levels"])
                    },
                }
                for key, name, theme, about, texts in SALES_COMPETENCIES
            ],
        },
        sort_keys=False,
        allow_unicode=True,
    )


def _sales_framework(hr: User, sales: Department | None) -> Framework:
    result = framework_import(actor=hr, text=_sales_document(), dry_run=False)
    assert result.framework is not None and result.version is not None
    framework_editing.version_publish(actor=hr, version=result.version, notes="First version.")
    if sales is not None:
        result.framework.departments.add(sales)
    return result.framework


# Placement --------------------------------------------------------------------------------------


def general_level_key(job_level: str) -> tuple[str, str]:
    """(track key, level key) on the starting framework for an HRIS level: IC1-IC6 on the IC track
    (IC6 at its top, IC5), M1-M4 on management, VP and C-level at M5. Used by the scale seeder too."""
    code = job_level.upper()
    if code.startswith("IC") and code[2:].isdigit():
        return "ic", f"ic{min(int(code[2:]), 5)}"
    if code.startswith("M") and code[1:].isdigit():
        return "mgmt", f"m{min(int(code[1:]), 5)}"
    if code in ("VP", "C"):
        return "mgmt", "m5"
    return "ic", "ic2"


def _sales_level_key(person: Employee) -> tuple[str, str] | None:
    """Individual contributors of Sales on the Sales track (account managers on Customer Success);
    managers stay on the general management track."""
    track_key, level_key = general_level_key(person.job_level)
    if track_key != "ic":
        return None
    n = min(int(level_key[2:]), 4)
    if "Account Manager" in person.job_title:
        return "customer-success", f"cu{n}"
    return "sales", f"sa{n}"


@dataclass
class _Levels:
    by_keys: dict[tuple[int, str, str], Level]

    @classmethod
    def load(cls, frameworks: list[Framework]) -> "_Levels":
        return cls(selectors.published_levels_by_keys({f.pk for f in frameworks}))

    def get(self, framework: Framework, track: str, level: str) -> Level:
        return self.by_keys[(framework.pk, track, level)]

    def below(self, level: Level) -> Level | None:
        lower = [
            lv
            for lv in self.by_keys.values()
            if lv.track_id == level.track_id and lv.position < level.position
        ]
        return max(lower, key=lambda lv: lv.position) if lower else None


def _place_everyone(
    hr: User,
    people: list[Employee],
    general: Framework,
    sales: Framework,
    sales_ids: set[int],
    rng: random.Random,
) -> dict[int, Level]:
    """Everyone from a year ago at their level; about one in eight promoted into it during the year
    (their earlier level from a year ago). Returns each person's current level."""
    levels = _Levels.load([general, sales])
    now: dict[int, Level] = {}
    for person in people:
        keys = _sales_level_key(person) if person.department_id in sales_ids else None
        now[person.pk] = (
            levels.get(sales, *keys) if keys else levels.get(general, *general_level_key(person.job_level))
        )
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    promoted = {
        p.pk: today - datetime.timedelta(days=rng.randint(30, 300)) for p in people if rng.random() < 0.13
    }
    first: dict[int, list[Employee]] = defaultdict(list)
    for person in people:
        lower = levels.below(now[person.pk]) if person.pk in promoted else None
        first[(lower or now[person.pk]).pk].append(person)
        if lower is None:
            promoted.pop(person.pk, None)
    by_pk = {lv.pk: lv for lv in now.values()} | {lv.pk: lv for lv in levels.by_keys.values()}
    for level_pk, group in first.items():
        services.placement_bulk_set(actor=hr, people=group, level=by_pk[level_pk], effective_from=year_ago)
    for person in people:
        if person.pk in promoted:
            services.placement_set(
                actor=hr, person=person, level=now[person.pk], effective_from=promoted[person.pk],
                note="Promoted after a strong half year.",
            )  # fmt: skip
    return now


# Assessments and readiness ------------------------------------------------------------------------


def _competencies(levels: set[Level]) -> dict[int, list[Competency]]:
    """Level id -> the competencies that apply to its track (published versions)."""
    out: dict[int, list[Competency]] = {}
    by_version: dict[int, list[Competency]] = {}
    for level in levels:
        version = level.track.framework_version
        if version.pk not in by_version:
            by_version[version.pk] = selectors.competencies_of(version)
        out[level.pk] = [c for c in by_version[version.pk] if selectors.applies_to(c, level.track)]
    return out


def _levels_by_track(track_ids: set[int]) -> dict[int, list[Level]]:
    out: dict[int, list[Level]] = defaultdict(list)
    for level in Level.objects.filter(track_id__in=track_ids):
        out[level.track_id].append(level)
    return out


def _assessed(level: Level, track_levels: list[Level], offset: int) -> Level:
    ordered = sorted(track_levels, key=lambda lv: lv.position)
    index = max(0, min(len(ordered) - 1, ordered.index(level) + offset))
    return ordered[index]


def _history(
    people: list[Employee], now: dict[int, Level], gap_ids: set[int], rng: random.Random, skip: set[int]
) -> list[Assessment]:
    """Two manager assessments a person (spring and autumn) on a few of their competencies: mostly at
    their level, some above or below; the gap department below on the same two competencies."""
    levels_by_track = _levels_by_track({lv.track_id for lv in now.values()})
    competencies = _competencies(set(now.values()))
    managers = {p.pk: p.manager for p in people}
    rows = []
    stamp = timezone.now()
    for person in people:
        manager = managers[person.pk]
        if person.pk in skip or manager is None or manager.user_id is None:
            continue
        level = now[person.pk]
        track_levels = levels_by_track[level.track_id]
        for competency in rng.sample(competencies[level.pk], min(4, len(competencies[level.pk]))):
            for days_ago in (250, 70):
                offset = rng.choice((0, 0, 0, 1, -1))
                if person.pk in gap_ids and competency.key in GAP_COMPETENCIES:
                    offset = -1
                rows.append(
                    Assessment(
                        employee=person, competency=competency, level=_assessed(level, track_levels, offset),
                        source=Assessment.Source.MANAGER, comment="Seen in the half-year conversation.",
                        assessed_by_id=manager.user_id, assessed_at=stamp - datetime.timedelta(days=days_ago),
                    )
                )  # fmt: skip
    return rows


TEAM_NOTES = (
    "Led the quarterly planning for the team and kept the trade-offs visible to everyone.",
    "Explains problems clearly in writing; the incident summaries were the best we had.",
    "Delivers reliably, but reviews still catch issues that testing should have found.",
)
_R = PromotionReadiness.Readiness
READINESS = (
    (_R.READY_NOW, "Has worked at the next level for two quarters: led the billing rewrite."),
    (_R.READY_SOON, "Strong on delivery; needs to lead a cross-team project first."),
    (_R.NOT_YET, "New in the role; revisit after the next half year."),
)  # fmt: skip


def _demo_team(manager: Employee, now: dict[int, Level], gap_ids: set[int]) -> set[int]:
    """The demo manager's reports: assessed and marked through the services, as the manager would."""
    reports = list(
        manager.reports.filter(status=Employee.Status.ACTIVE).select_related("user").order_by("pk")
    )
    competencies = _competencies({now[p.pk] for p in reports if p.pk in now})
    levels_by_track = _levels_by_track({now[p.pk].track_id for p in reports if p.pk in now})
    assert manager.user is not None
    for i, person in enumerate(reports):
        placed = now.get(person.pk)
        if placed is None:
            continue
        for j, competency in enumerate(competencies[placed.pk][:3]):
            offset = (i + j) % 3 - 1 if person.pk not in gap_ids else -1
            services.assessment_record(
                actor=manager.user, person=person, competency=competency,
                level=_assessed(placed, levels_by_track[placed.track_id], offset),
                source=Assessment.Source.MANAGER, comment=TEAM_NOTES[(i + j) % len(TEAM_NOTES)],
                assessed_at=timezone.now() - datetime.timedelta(days=20 + 10 * j),
            )  # fmt: skip
        if i < len(READINESS):
            readiness, evidence = READINESS[i]
            services.readiness_mark(actor=manager.user, person=person, readiness=readiness, evidence=evidence)
    return {p.pk for p in reports}


def _other_readiness(people: list[Employee], rng: random.Random, skip: set[int]) -> list[PromotionReadiness]:
    """Marks by other managers for about a fifth of their reports."""
    marks = []
    for person in people:
        manager = person.manager
        if person.pk in skip or manager is None or manager.user_id is None or rng.random() > 0.2:
            continue
        readiness, evidence = rng.choice(READINESS)
        marks.append(
            PromotionReadiness(
                employee=person, readiness=readiness, evidence=evidence, marked_by_id=manager.user_id,
                marked_at=timezone.now() - datetime.timedelta(days=rng.randint(5, 200)),
            )
        )  # fmt: skip
    return marks


def _department_ids(name: str) -> set[int]:
    root = Department.objects.filter(name=name).first()
    if root is None:
        return set()
    return set(Department.objects.filter(path__startswith=root.path).values_list("pk", flat=True))


def seed_demo_competencies() -> bool:
    """Add the demo's frameworks, placements, assessments and readiness; False when there is no demo
    organisation or someone is placed already."""
    hr = Employee.objects.filter(email="hr@cadence.demo").select_related("user").first()
    manager = Employee.objects.filter(email="manager@cadence.demo").first()
    general = Framework.objects.filter(is_general=True).first()
    if hr is None or hr.user is None or manager is None or general is None or Placement.objects.exists():
        return False
    rng = random.Random(SEED)
    people = list(
        Employee.objects.filter(status=Employee.Status.ACTIVE)
        .select_related("manager", "user")
        .order_by("pk")
    )
    with transaction.atomic():
        sales_ids = _department_ids("Sales")
        sales = _sales_framework(hr.user, Department.objects.filter(name="Sales").first())
        now = _place_everyone(hr.user, people, general, sales, sales_ids, rng)
        gap_ids = {
            p.pk for p in people if p.department_id in _department_ids(GAP_DEPARTMENT) and p.manager_id
        }
        team = _demo_team(manager, now, gap_ids)
        Assessment.objects.bulk_create(_history(people, now, gap_ids, rng, skip=team), batch_size=1000)
        services.assessments_refresh_current()  # the bulk rows came past the service (the team's did not)
        PromotionReadiness.objects.bulk_create(_other_readiness(people, rng, skip=team), batch_size=1000)
    return True
