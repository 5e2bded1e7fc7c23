"""/api/v1/people/{id}/placement, /api/v1/people/{id}/competencies, /api/v1/competency-gaps and
/api/v1/promotion-readiness, with the pages' permissions: what the caller may not see is 404."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.pagination import LimitOffsetPagination
from cadence.core.permissions import is_hr
from cadence.people.models import Employee
from cadence.people.permissions import is_manager
from cadence.people.selectors import department_node

from . import career, gaps, permissions, selectors, services
from .models import Assessment, PromotionReadiness
from .schemas import (
    AssessmentIn,
    AssessmentOut,
    CompetenciesOut,
    GapFilters,
    GapsOut,
    PlacementIn,
    PlacementOut,
    PlacementsOut,
    ReadinessFilters,
    ReadinessIn,
    ReadinessOut,
)

router = Router(tags=["careers"])


@router.get("/people/{person_id}/placement", response={200: PlacementsOut, **errors(404, 422)})
def placement_get(request: ApiRequest, person_id: int) -> dict[str, Any]:
    """The person's placement in effect today, its level in the published version, and the history."""
    person = career.career_person(actor=request.auth, person_id=person_id)
    current = selectors.placement_current(person)
    return {
        "current": current,
        "current_level": selectors.published_level_for(current.level) if current else None,
        "history": selectors.placement_list(actor=request.auth, person=person),
    }


@router.put("/people/{person_id}/placement", response={200: PlacementOut, **errors(403, 404, 422)})
def placement_put(request: ApiRequest, person_id: int, payload: PlacementIn) -> Any:
    """HR: place the person on a level of a published version from a date (a new history entry)."""
    person = career.career_person(actor=request.auth, person_id=person_id)
    if not permissions.can_place(request.auth):
        raise PermissionDenied(_("Only HR admins place people on a track and level."))
    level = career.published_level_get(payload.level)
    if level is None:
        raise ValidationError({"level": [_("Choose a level of a published framework version.")]})
    return services.placement_set(
        actor=request.auth,
        person=person,
        level=level,
        effective_from=payload.effective_from,
        reason=payload.reason or None,
        note=payload.note,
    )


@router.get("/people/{person_id}/competencies", response={200: CompetenciesOut, **errors(404, 422)})
def competencies_get(request: ApiRequest, person_id: int) -> dict[str, Any]:
    """Per competency of the person's level: the expectation, the next level's, the latest assessed
    level and the gaps to both; and the assessment history (empty lists for someone not placed)."""
    person = career.career_person(actor=request.auth, person_id=person_id)
    result = gaps.person_gaps(person, selectors.placement_current(person))
    if result is None:
        return {"person": person, "level": None, "next_level": None, "competencies": [], "assessments": []}
    return {
        "person": person,
        "level": result.level,
        "next_level": result.next_level,
        "competencies": [_gap_out(row) for row in result.rows],
        "assessments": result.assessments,
    }


def _gap_out(row: gaps.CompetencyGap) -> dict[str, Any]:
    expectation = getattr(row.competency, "expectation", None)
    shown = row.assessment is not None
    return {
        "key": row.competency.key,
        "name": row.competency.name,
        "theme": row.competency.theme.name,
        "expectation": expectation.text if expectation else "",
        "next_expectation": row.next_expectation,
        "assessed_level": row.assessed,
        "source": row.assessment.source if shown else None,  # type: ignore[union-attr]
        "assessed_at": row.assessment.assessed_at if shown else None,  # type: ignore[union-attr]
        "state": row.state.value,
        "gap": row.gap,
        "next_state": row.next_state.value if row.next_state else None,
        "next_gap": row.next_gap,
    }


@router.post("/people/{person_id}/assessments", response={201: AssessmentOut, **errors(403, 404, 422)})
def assessment_create(request: ApiRequest, person_id: int, payload: AssessmentIn) -> Status[Assessment]:
    """A manager's assessment of one competency of the person's level (a comment is required)."""
    person = career.career_person(actor=request.auth, person_id=person_id)
    if not permissions.can_assess(request.auth, person):
        raise PermissionDenied(_("Only the person's managers assess their competencies."))
    result = gaps.person_gaps(person, selectors.placement_current(person))
    if result is None:
        raise ValidationError({"__all__": [_("The person is not placed on a level yet.")]})
    competency = next((r.competency for r in result.rows if r.competency.pk == payload.competency), None)
    level = next((lv for lvs in result.ladder.tracks.values() for lv in lvs if lv.pk == payload.level), None)
    problems = {}
    if competency is None:
        problems["competency"] = [_("Choose a competency of the person's level.")]
    if level is None:
        problems["level"] = [_("Choose a level of the person's published framework.")]
    if problems:
        raise ValidationError(problems)
    assessment = services.assessment_record(
        actor=request.auth,
        person=person,
        competency=competency,  # type: ignore[arg-type]
        level=level,  # type: ignore[arg-type]
        source=Assessment.Source.MANAGER,
        comment=payload.comment,
    )
    return Status(201, assessment)


@router.get("/competency-gaps", response={200: GapsOut, **errors(403, 422)})
def competency_gaps(request: ApiRequest, filters: Query[GapFilters]) -> dict[str, Any]:
    """The heatmap: per competency and group, how many people are above, at or below what their
    level expects, or not assessed. HR: the organisation; a manager: their chain."""
    if not permissions.can_see_gap_heatmap(request.auth):
        raise PermissionDenied(_("The gap heatmap is for managers and HR admins."))
    department = (
        department_node(actor=request.auth, department_id=filters.department) if filters.department else None
    )
    if filters.department and department is None:
        raise ValidationError({"department": [_("No such department.")]})
    result = gaps.heatmap(
        actor=request.auth,
        group_by=gaps.GroupBy(filters.group_by),
        department=department,
        track_id=filters.track,
    )
    return {
        "group_by": result.group_by.value,
        "groups": result.groups,
        "competencies": [
            {
                "key": row.key,
                "name": row.name,
                "framework": row.framework,
                "cells": [
                    _cell_out(group.id, cell)
                    for group, cell in zip(result.groups, row.cells, strict=True)
                    if cell
                ],
            }
            for row in result.rows
        ],
        "people": result.people,
        "unplaced": result.unplaced,
    }


def _cell_out(group_id: int | None, cell: gaps.Cell) -> dict[str, Any]:
    counts = {state.value: cell.counts.get(state, 0) for state in gaps.STATES}
    return {"group_id": group_id, "total": cell.total, **counts}


@router.get("/promotion-readiness", response={200: list[ReadinessOut], **errors(403, 422)})
@paginate(LimitOffsetPagination)
def readiness_list(request: ApiRequest, filters: Query[ReadinessFilters]) -> QuerySet[PromotionReadiness]:
    """The latest readiness mark of each person you may see it for (HR: everyone; a manager: their
    chain), filtered by department, track key and readiness."""
    if not (is_hr(request.auth) or is_manager(request.auth)):
        raise PermissionDenied(_("Promotion readiness is for managers and HR admins."))
    department = (
        department_node(actor=request.auth, department_id=filters.department) if filters.department else None
    )
    if filters.department and department is None:
        raise ValidationError({"department": [_("No such department.")]})
    return career.readiness_list(
        actor=request.auth, department=department, track_key=filters.track, readiness=filters.readiness
    )


@router.post("/people/{person_id}/promotion-readiness", response={201: ReadinessOut, **errors(403, 404, 422)})
def readiness_create(request: ApiRequest, person_id: int, payload: ReadinessIn) -> Status[PromotionReadiness]:
    """A manager marks a report ready now, ready in 6-12 months or not yet, with evidence."""
    person = _readiness_person(request, person_id)
    target = career.published_level_get(payload.target_level) if payload.target_level else None
    if payload.target_level and target is None:
        raise ValidationError({"target_level": [_("Choose a level of a published framework version.")]})
    mark = services.readiness_mark(
        actor=request.auth,
        person=person,
        readiness=payload.readiness,
        evidence=payload.evidence,
        target_level=target,
    )
    return Status(201, mark)


def _readiness_person(request: ApiRequest, person_id: int) -> Employee:
    """The person, if the caller may see their readiness (else 404: the person themselves too)."""
    person = career.career_person(actor=request.auth, person_id=person_id)
    if not permissions.can_see_readiness(request.auth, person):
        raise Http404
    return person
