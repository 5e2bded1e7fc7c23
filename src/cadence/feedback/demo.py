"""Demo data for the feedback app: company values, praise on the wall, feedback between colleagues
and an open feedback request. Idempotent: does nothing once the demo organisation has praise."""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadence.competencies.models import Assessment
from cadence.competencies.services import assessments_refresh_current
from cadence.core.models import User
from cadence.people.models import Employee

from . import selectors, services
from .models import CompanyValue, Feedback, Praise

VALUES = (
    ("Customer first", "We start from what our customers need."),
    ("Own it", "We take responsibility from start to finish."),
    ("Better together", "We share knowledge and help each other."),
    ("Keep it simple", "We choose the simple solution that works."),
)
PRAISE = (
    "Thank you for staying late to get the release over the line — the customer noticed.",
    "Your walkthrough of the new onboarding flow in Tuesday's demo made it click for everyone.",
    "You picked up the support rotation when we were short and closed twelve tickets in a day.",
    "Great pairing session on the import bug: you explained every step and I learned a lot.",
    "You simplified the quarterly report from ten pages to two, and leadership finally read it.",
)
FEEDBACK = (
    "In yesterday's planning meeting you summarised the trade-offs before we voted; it helped the team "
    "decide in ten minutes instead of an hour.",
    "During the incident last week you posted updates every thirty minutes, which kept support calm.",
    "In Monday's review you interrupted Sam twice; next time let him finish, his point on costs mattered.",
)


def _demo_people() -> tuple[Employee, Employee, Employee] | None:
    people = {
        e.email: e
        for e in Employee.objects.filter(
            email__in=["hr@cadence.demo", "manager@cadence.demo", "employee@cadence.demo"]
        ).select_related("user", "manager")
    }
    if len(people) < 3:
        return None
    return people["hr@cadence.demo"], people["manager@cadence.demo"], people["employee@cadence.demo"]


def _login(person: Employee) -> User:
    """The person's login: everyone in the seeded demo organisation has one."""
    assert person.user is not None, f"{person.email} has no login"
    return person.user


def seed_demo_feedback() -> bool:
    """Add demo feedback data; returns False when there is no demo organisation or it exists already."""
    people = _demo_people()
    if people is None or Praise.objects.exists():
        return False
    hr, manager, employee = people
    with transaction.atomic():
        values = _values(hr)
        team = list(manager.reports.filter(status=Employee.Status.ACTIVE).select_related("user")[:6])
        _praise(manager, employee, team, values)
        _feedback(manager, employee, team)
        _competency_history(team)
    return True


def _values(hr: Employee) -> list[CompanyValue]:
    return [
        CompanyValue.objects.get_or_create(name=name, defaults={"description": text, "order": i})[0]
        for i, (name, text) in enumerate(VALUES)
    ]


def _praise(manager: Employee, employee: Employee, team: list[Employee], values: list[CompanyValue]) -> None:
    rng = random.Random(3)
    authors = [manager, *team]
    for i, message in enumerate(PRAISE):
        author = authors[i % len(authors)]
        recipients = [p for p in [employee, *team] if p.pk != author.pk][: 1 + i % 2]
        services.praise_create(
            actor=_login(author),
            recipients=recipients,
            values=rng.sample(values, 1 + i % 2),
            message=message,
            visibility=Praise.Visibility.PRIVATE if i == 3 else Praise.Visibility.PUBLIC,
        )


COMPETENCY_FEEDBACK = (
    "When the release slipped you told the customer early and offered a plan; they stayed with us.",
    "Your design review notes were specific and kind; the team fixed the issues the same day.",
    "You took the on-call handover seriously and wrote down every open thread.",
)


def _competency_history(team: list[Employee]) -> None:
    """Over the past year, colleagues' feedback on the team naming a competency of each person's
    framework and the level they showed: the feedback part of their assessed-level history."""
    rng = random.Random(5)
    now = timezone.now()
    for i, person in enumerate(team):
        scope = selectors.competency_scope(person)
        colleagues = [p for p in team if p.pk != person.pk]
        if not scope.competencies or scope.placed is None or not colleagues:
            continue
        for months_ago in (10, 6, 2):
            shown = scope.placed if rng.random() < 0.7 else rng.choice(scope.levels)
            feedback = services.feedback_give(
                actor=_login(colleagues[(i + months_ago) % len(colleagues)]),
                recipient=person,
                body=COMPETENCY_FEEDBACK[(i + months_ago) % len(COMPETENCY_FEEDBACK)],
                visibility=Feedback.Visibility.RECIPIENT,
                framework_competency=rng.choice(scope.competencies),
                shown_level=shown,
            )
            # Dated in the past, as it would have been written then (and its assessed level with it).
            when = now - datetime.timedelta(days=30 * months_ago + rng.randint(0, 20))
            Feedback.objects.filter(pk=feedback.pk).update(created_at=when)
            Assessment.objects.filter(source=Assessment.Source.FEEDBACK, source_id=feedback.pk).update(
                assessed_at=when
            )
    assessments_refresh_current(people=team)  # backdated: the latest of each competency may be another


def _competency_shown(person: Employee, key: str) -> dict[str, Any]:
    """A competency of the person's framework by key and the level they are placed on (recorded as
    an assessed level from this feedback); nothing when their framework has no such competency."""
    scope = selectors.competency_scope(person)
    competency = next((c for c in scope.competencies if c.key == key), None)
    if competency is None:
        return {}
    return {"framework_competency": competency, "shown_level": scope.placed}


def _feedback(manager: Employee, employee: Employee, team: list[Employee]) -> None:
    peer = next((p for p in team if p.pk != employee.pk), None)
    services.feedback_give(
        actor=_login(manager),
        recipient=employee,
        body=FEEDBACK[0],
        visibility=Feedback.Visibility.RECIPIENT_AND_MANAGER,
        **_competency_shown(employee, "communication"),
    )
    if peer is not None:
        services.feedback_give(
            actor=_login(peer),
            recipient=employee,
            body=FEEDBACK[1],
            visibility=Feedback.Visibility.RECIPIENT,
            **_competency_shown(employee, "ownership"),
        )
        services.feedback_give(
            actor=_login(employee), recipient=peer, body=FEEDBACK[2], visibility=Feedback.Visibility.RECIPIENT
        )
        services.feedback_request_create(
            actor=_login(employee),
            subject=employee,
            respondents=[peer],
            questions="What should I keep doing?\nWhat should I do differently?",
        )
