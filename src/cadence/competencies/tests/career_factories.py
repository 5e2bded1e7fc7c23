"""Test data for people's careers on top of factories.make_framework: placing, assessing, marking
readiness, and publishing a next version, written directly (set-up data, not user actions)."""

import datetime

from django.utils import timezone

from cadence.competencies import services
from cadence.competencies.models import (
    Assessment,
    Competency,
    Framework,
    FrameworkVersion,
    Level,
    Placement,
    PromotionReadiness,
)
from cadence.people.models import Employee

from .factories import make_framework


def level(framework: Framework, code: str, version: FrameworkVersion | None = None) -> Level:
    """A level by code (IC3, M2) in the framework's given (default: published) version."""
    rows = Level.objects.select_related("track__framework_version").filter(code=code)
    if version is None:
        return rows.get(
            track__framework_version__framework=framework,
            track__framework_version__status=FrameworkVersion.Status.PUBLISHED,
        )
    return rows.get(track__framework_version=version)


def competency(framework: Framework, key: str, version: FrameworkVersion | None = None) -> Competency:
    rows = Competency.objects.filter(key=key)
    if version is None:
        return rows.get(
            framework_version__framework=framework,
            framework_version__status=FrameworkVersion.Status.PUBLISHED,
        )
    return rows.get(framework_version=version)


def place(person: Employee, at: Level, *, days_ago: int = 100, reason: str = "initial") -> Placement:
    return Placement.objects.create(
        employee=person,
        level=at,
        effective_from=timezone.localdate() - datetime.timedelta(days=days_ago),
        reason=reason,
    )


def assess(
    person: Employee, of: Competency, at: Level, *, days_ago: int = 10, source: str = "manager"
) -> Assessment:
    assessment = Assessment.objects.create(
        employee=person,
        competency=of,
        level=at,
        source=source,
        comment=f"{of.key} seen at {at.code}",
        assessed_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    services.assessments_refresh_current(people=[person])  # written past the service: flag the latest
    assessment.refresh_from_db(fields=["is_current"])
    return assessment


def assert_current_flags(people: list[int] | None = None) -> None:
    """Every assessment (of these people) is flagged current exactly when it is the newest by
    (assessed_at, id) of its person and competency key in its framework: computed here in Python."""
    rows = Assessment.objects.values_list(
        "pk", "employee_id", "competency__framework_version__framework_id", "competency__key",
        "assessed_at", "is_current",
    )  # fmt: skip
    if people is not None:
        rows = rows.filter(employee_id__in=people)
    newest: dict[tuple[int, int, str], tuple[datetime.datetime, int]] = {}
    for pk, person, framework, key, at, _current in rows:
        newest[(person, framework, key)] = max(newest.get((person, framework, key), (at, pk)), (at, pk))
    wrong = [
        pk for pk, person, framework, key, at, current in rows
        if current != (newest[(person, framework, key)] == (at, pk))
    ]  # fmt: skip
    assert not wrong, f"is_current wrong on {wrong}"


def mark(person: Employee, readiness: str = "ready_soon", *, days_ago: int = 5) -> PromotionReadiness:
    return PromotionReadiness.objects.create(
        employee=person,
        readiness=readiness,
        evidence="Led the migration.",
        marked_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def publish_next(framework: Framework, *, competencies: int = 4, levels: int = 5) -> FrameworkVersion:
    """Retire the published version and publish a next one with the same keys."""
    old = framework.versions.get(status=FrameworkVersion.Status.PUBLISHED)
    old.status = FrameworkVersion.Status.RETIRED
    old.save()
    return make_framework(
        framework=framework, number=old.number + 1, competencies=competencies, levels=levels
    ).version  # type: ignore[attr-defined]
