"""Demo 1:1s: manager@cadence.demo has a running series with each direct report, with a few months
of history (talking points, action items open and done, private notes on both sides, shared notes)
and an upcoming meeting whose agenda already carries over what was left open, has one of the
report's goals on it (a linked talking point) and shared notes begun. Idempotent: a pair that
already has a series is left alone."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from cadence.core.i18n import gettext_deferred
from cadence.core.links import link_source
from cadence.notifications.services import notify
from cadence.people.models import Employee

from .models import (
    DEFAULT_TEMPLATE_POINTS,
    ActionItem,
    Cadence,
    Meeting,
    PrivateNote,
    Series,
    SharedNote,
    TalkingPoint,
)
from .services import meeting_url

DEMO_MANAGER_EMAIL = "manager@cadence.demo"
PAST_MEETINGS = 6

TOPICS = (
    "Feedback on the design review", "Workload for the next sprint", "On-call rotation",
    "Conference talk proposal", "Hiring loop for the new role", "Career path: senior expectations",
    "Pairing with the new joiner", "Roadmap priorities for next quarter", "Time off in August",
    "Mentoring: how is it going?", "Incident follow-up", "Learning budget: course options",
)  # fmt: skip
ACTIONS = (
    "Share the promotion criteria doc", "Draft the RFC for the search rewrite", "Book the leadership course",
    "Set up a pairing session with the platform team", "Write up the incident retro",
    "Review the hiring rubric",
    "Ask for peer feedback from two colleagues", "Prepare the quarterly demo",
)  # fmt: skip
MANAGER_NOTES = (
    "Seems stretched; check workload next time. Consider moving the migration work.",
    "Ready for more ownership. Mention the tech-lead opening.",
    "Wants to present at the conference: support with prep time.",
)
EMPLOYEE_NOTES = (
    "Ask about the budget for the course before the next review.",
    "Remember to bring up the on-call load, calmly, with numbers.",
    "Things I am proud of this month: the rollout, the mentoring.",
)


SHARED_NOTES_PAST = """**Agreed**

- Ship the onboarding checklist before the team offsite
- Pair on the search rewrite RFC on Thursday

**Next time:** check how the on-call week went."""
SHARED_NOTES_UPCOMING = """Ideas to bring up:

1. The learning budget: which course?
2. Progress on my goal, *with numbers*"""


def seed_demo_meetings() -> int:
    """Create the demo 1:1s; returns how many series were created (0 when they exist)."""
    manager = Employee.objects.filter(email=DEMO_MANAGER_EMAIL).select_related("user").first()
    if manager is None:
        return 0
    reports = list(
        manager.reports.filter(status=Employee.Status.ACTIVE).select_related("user").order_by("pk")
    )
    created = 0
    for index, report in enumerate(reports):
        with transaction.atomic():
            if Series.objects.filter(manager=manager, employee=report).exists():
                continue
            _seed_series(manager, report, random.Random(report.pk), biweekly=index % 3 == 2)
            created += 1
    return created


def _slot(days_ago: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _seed_series(manager: Employee, report: Employee, rng: random.Random, *, biweekly: bool) -> None:
    step = 14 if biweekly else 7
    series = Series.objects.create(
        manager=manager, employee=report, cadence=Cadence.BIWEEKLY if biweekly else Cadence.WEEKLY
    )
    hour = 9 + rng.randrange(7)
    # The newest past meeting was a few days ago; the next one is in two days.
    past = [
        Meeting(
            series=series,
            scheduled_at=_slot(step * i + step - 2, hour),
            status=Meeting.Status.COMPLETED,
            completed_at=_slot(step * i + step - 2, hour + 1),
        )
        for i in range(PAST_MEETINGS)
    ]
    past = Meeting.objects.bulk_create(sorted(past, key=lambda m: m.scheduled_at))
    upcoming = Meeting.objects.create(series=series, scheduled_at=_slot(-2, hour))
    for meeting in past:
        _seed_agenda(meeting, manager, report, rng, is_last=meeting is past[-1])
    # The last meeting left one point undiscussed: it was carried over to the upcoming one.
    leftover = past[-1].talking_points.filter(discussed=False).first()
    position = 1
    if leftover:
        TalkingPoint.objects.create(
            meeting=upcoming,
            author_id=leftover.author_id,
            text=leftover.text,
            position=1,
            carried_from=leftover,
        )
        position = 2
    TalkingPoint.objects.bulk_create(
        TalkingPoint(meeting=upcoming, author=report, text=str(text), position=position + i)
        for i, text in enumerate(DEFAULT_TEMPLATE_POINTS)
    )
    _seed_linked_goal(upcoming, manager, report, position + len(DEFAULT_TEMPLATE_POINTS))
    SharedNote.objects.bulk_create(
        [
            SharedNote(meeting=past[-1], text=SHARED_NOTES_PAST, edited_by=manager),
            SharedNote(meeting=upcoming, text=SHARED_NOTES_UPCOMING, edited_by=report),
        ]
    )
    _seed_action_items(series, past, manager, report, rng)


def _seed_linked_goal(meeting: Meeting, manager: Employee, report: Employee, position: int) -> None:
    """One of the report's goals that both may see, on the agenda as a link (goals are seeded first)."""
    source = link_source("goal")
    if source is None or not (manager.user and report.user):
        return
    goals = source.shared([manager.user, report.user], [report.pk], None)
    if goals:
        goal_id, title = goals[0]
        TalkingPoint.objects.create(
            meeting=meeting, author=manager, text=title[:500], position=position,
            link_kind="goal", link_id=goal_id,
        )  # fmt: skip


def _seed_agenda(
    meeting: Meeting, manager: Employee, report: Employee, rng: random.Random, *, is_last: bool
) -> None:
    topics = rng.sample(TOPICS, 3)
    TalkingPoint.objects.bulk_create(
        TalkingPoint(
            meeting=meeting,
            author=report if i != 1 else manager,
            text=text,
            position=i + 1,
            discussed=not (is_last and i == 2),
        )
        for i, text in enumerate(topics)
    )
    PrivateNote.objects.bulk_create(
        [
            PrivateNote(meeting=meeting, author=manager, text=rng.choice(MANAGER_NOTES)),
            PrivateNote(meeting=meeting, author=report, text=rng.choice(EMPLOYEE_NOTES)),
        ]
    )


def _seed_action_items(
    series: Series, past: list[Meeting], manager: Employee, report: Employee, rng: random.Random
) -> None:
    titles = rng.sample(ACTIONS, 4)
    now = timezone.now()
    items = ActionItem.objects.bulk_create(
        ActionItem(
            series=series,
            meeting=past[-1 - i],
            owner=report if i % 2 == 0 else manager,
            created_by=manager,
            title=title,
            due_date=timezone.localdate() + datetime.timedelta(days=7 - 5 * i),
            done_at=now if i >= 2 else None,  # the two newest are open, the older ones done
        )
        for i, title in enumerate(titles)
    )
    for item in items:
        if item.done_at is None and item.owner.user_id:
            notify(
                recipient=item.owner.user,  # type: ignore[arg-type]
                kind="meetings.action_item",
                event_key=item.owner_todo_key,
                title=gettext_deferred("Action item from your 1:1: %(title)s") % {"title": item.title},
                body=gettext_deferred("Assigned by %(name)s.") % {"name": manager.full_name},
                url=meeting_url(item.meeting),
                requires_action=True,
                email=False,
            )
