"""Pages of people's careers: the career page (mine and a person's) with the manager's assessment
and promotion readiness, HR's placement (one person and in bulk from the directory's filters), the
readiness list and the gap heatmap with its downloads."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cadence.core.downloads import table_download
from cadence.core.forms import form_submit
from cadence.core.http import AuthedHttpRequest, parse_query
from cadence.core.permissions import is_hr, require_hr_page, require_role
from cadence.people.models import Department, Employee
from cadence.people.permissions import is_manager, require_employee
from cadence.people.selectors import department_choices, department_node, person_list

from . import career, gaps, permissions, selectors, services
from .forms import AssessmentForm, PlacementForm, ReadinessForm
from .models import Assessment, PromotionReadiness
from .schemas import DirectoryFilters, GapFilters, ReadinessFilters

PAGE_SIZE = 50
HEATMAP_COLUMNS = 40  # groups a page shows (the largest); the downloads have every group


# The career page ---------------------------------------------------------------------------------


@login_required
def career_mine(request: AuthedHttpRequest) -> HttpResponse:
    me = require_employee(request.user)
    return render(request, "competencies/pages/career.html", _career_context(request, me))


@login_required
def career_person(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    person = career.career_person(actor=request.user, person_id=person_id)
    return render(request, "competencies/pages/career.html", _career_context(request, person))


def _career_context(
    request: AuthedHttpRequest,
    person: Employee,
    *,
    assessment_form: AssessmentForm | None = None,
    readiness_form: ReadinessForm | None = None,
) -> dict[str, Any]:
    user = request.user
    data = career.career_get(actor=user, person=person)
    can_assess = data.gaps is not None and permissions.can_assess(user, person)
    can_mark = permissions.can_mark_readiness(user, person)
    return {
        "career": data,
        "person": person,
        "mine": person.user_id == user.pk,
        "chart": career.assessment_chart(request, data.gaps) if data.gaps else None,
        "can_assess": can_assess,
        "assessment_form": assessment_form or (_assessment_form(data) if can_assess else None),
        "can_see_readiness": permissions.can_see_readiness(user, person),
        "readiness": career.readiness_history(actor=user, person=person),
        "can_mark_readiness": can_mark,
        "readiness_form": readiness_form or (ReadinessForm() if can_mark else None),
        "can_place": permissions.can_place(user),
        "sections": career.career_sections(user, person),
    }


def _assessment_form(data: career.Career, posted: Any = None) -> AssessmentForm:
    assert data.gaps is not None
    return AssessmentForm(
        posted,
        competencies=[row.competency for row in data.gaps.rows],
        levels=[level for levels in data.gaps.ladder.tracks.values() for level in levels],
    )


def _career_answer(request: AuthedHttpRequest, person: Employee, partial: str, **forms: Any) -> HttpResponse:
    """After a form on the career page: htmx gets the section again (with the form's errors, if
    any); without JavaScript the page (422 with the errors) or a redirect to it."""
    context = _career_context(request, person, **forms)
    if request.htmx:  # the section says "saved" itself: a message left for later shows on the next page
        context["notices"] = [str(message) for message in messages.get_messages(request)]
        return render(request, f"competencies/partials/{partial}.html", context)
    return render(request, "competencies/pages/career.html", context, status=422)


@login_required
@require_POST
def career_assess(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    person = career.career_person(actor=request.user, person_id=person_id)
    data = career.career_get(actor=request.user, person=person)
    if data.gaps is None or not permissions.can_assess(request.user, person):
        raise Http404
    form = _assessment_form(data, request.POST)
    done = form_submit(
        request,
        form,
        lambda d: services.assessment_record(
            actor=request.user,
            person=person,
            competency=d["competency"],
            level=d["level"],
            source=Assessment.Source.MANAGER,
            comment=d["comment"],
        ),
        success=_career_url(person),
        message=_("Assessment recorded."),
    )
    if done is not None and request.htmx:
        return _career_answer(request, person, "career_competencies")
    return done or _career_answer(request, person, "career_competencies", assessment_form=form)


@login_required
@require_POST
def career_readiness(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    person = career.career_person(actor=request.user, person_id=person_id)
    if not permissions.can_mark_readiness(request.user, person):
        raise Http404
    form = ReadinessForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda d: services.readiness_mark(
            actor=request.user, person=person, readiness=d["readiness"], evidence=d["evidence"]
        ),
        success=_career_url(person),
        message=_("Promotion readiness saved."),
    )
    if done is not None and request.htmx:
        return _career_answer(request, person, "readiness_panel")
    return done or _career_answer(request, person, "readiness_panel", readiness_form=form)


def _career_url(person: Employee) -> str:
    return reverse("competencies:career_person", args=[person.pk])


# Placement (HR) -----------------------------------------------------------------------------------


@login_required
def placement(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    require_hr_page(permissions.can_place(request.user))
    person = career.career_person(actor=request.user, person_id=person_id)
    form = PlacementForm(request.POST or None, levels=career.placeable_levels())
    done = form_submit(
        request,
        form,
        lambda d: services.placement_set(actor=request.user, person=person, **form.service_fields()),
        success=reverse("competencies:placement", args=[person.pk]),
        message=_("Placement saved."),
    )
    return done or render(
        request,
        "competencies/pages/placement.html",
        {
            "person": person,
            "form": form,
            "current": selectors.placement_current(person),
            "history": selectors.placement_list(actor=request.user, person=person),
        },
    )


@login_required
def placement_bulk(request: AuthedHttpRequest) -> HttpResponse:
    """Place everyone the directory's filters select (its query string) on one level."""
    require_hr_page(permissions.can_place(request.user))
    filters = parse_query(request, DirectoryFilters)
    people = person_list(actor=request.user, **filters.model_dump())
    form = PlacementForm(request.POST or None, levels=career.placeable_levels())
    query = request.GET.urlencode()
    here = (
        f"{reverse('competencies:placement_bulk')}?{query}"
        if query
        else reverse("competencies:placement_bulk")
    )
    done = form_submit(
        request,
        form,
        lambda d: services.placement_bulk_set(actor=request.user, people=people, **form.service_fields()),
        success=here,
        message=lambda n: ngettext("Placed %(n)s person.", "Placed %(n)s people.", n) % {"n": n},
    )
    return done or render(
        request,
        "competencies/pages/placement_bulk.html",
        {
            "form": form,
            **career.placement_selection(people),
            "query": query,
            "here": here,
            "filtered": any(filters.model_dump().values()),
        },
    )


# Readiness (HR and managers) -----------------------------------------------------------------------


def _require_people_lead(request: AuthedHttpRequest) -> None:
    require_role(
        is_hr(request.user) or is_manager(request.user), _("This page is for managers and HR admins.")
    )


def _department(request: AuthedHttpRequest, department_id: int | None) -> Department | None:
    return department_node(actor=request.user, department_id=department_id) if department_id else None


@login_required
def readiness_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_people_lead(request)
    filters = parse_query(request, ReadinessFilters)
    marks = career.readiness_list(
        actor=request.user,
        department=_department(request, filters.department),
        track_key=filters.track,
        readiness=filters.readiness,
    )
    page = Paginator(marks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "competencies/pages/readiness_list.html",
        {
            "page": page,
            "filters": filters,
            "departments": department_choices(actor=request.user),
            "tracks": _track_keys(),
            "readiness_choices": PromotionReadiness.Readiness.choices,
        },
    )


def _track_keys() -> list[tuple[str, str]]:
    """Track keys with a name each, for a filter (a key names "the same" track in every version)."""
    seen: dict[str, str] = {}
    for track in career.published_tracks():
        seen.setdefault(track.key, track.name)
    return sorted(seen.items(), key=lambda item: item[1].casefold())


# The gap heatmap -----------------------------------------------------------------------------------


def _heatmap(request: AuthedHttpRequest) -> tuple[gaps.Heatmap, GapFilters]:
    require_role(permissions.can_see_gap_heatmap(request.user), _("This page is for managers and HR admins."))
    filters = parse_query(request, GapFilters)
    department = _department(request, filters.department)
    result = gaps.heatmap(
        actor=request.user,
        group_by=gaps.GroupBy(filters.group_by),
        department=department,
        track_id=filters.track,
    )
    return result, filters


@login_required
def gap_heatmap(request: AuthedHttpRequest) -> HttpResponse:
    result, filters = _heatmap(request)
    shown = result.largest(HEATMAP_COLUMNS)
    query = request.GET.urlencode()
    return render(
        request,
        "competencies/pages/gaps.html",
        {
            "heatmap": shown,
            "grid": _grid(shown),
            "all_groups": len(result.groups),
            "max_columns": HEATMAP_COLUMNS,
            "filters": filters,
            "query": f"?{query}" if query else "",
            "departments": department_choices(actor=request.user),
            "tracks": career.published_tracks(),
            "group_choices": [(g.value, _group_label(g)) for g in gaps.GroupBy],
            "states": [(s.value, s.label) for s in gaps.STATES],
        },
    )


SHAPES = {"above": "▲", "at": "●", "below": "▼", "not_assessed": "○"}


def _people_count(n: int) -> str:
    return ngettext("%(n)d person", "%(n)d people", n) % {"n": n}


def _cell_html(cell: gaps.Cell | None, words: dict[str, str]) -> SafeString:
    """One heatmap cell: each state's shape, share and word (the most common in bold, its pattern
    the cell's background), and the number of people. Built here, not in a template include per
    cell: 1,000 includes took 200 ms."""
    if cell is None:
        return format_html('<td class="muted">—</td>')
    lead = cell.leading
    lines = format_html_join(
        "",
        '<span class="cell-line{}">{} {}% {}</span>',
        (
            (" lead" if state == lead else "", SHAPES[state], share, words[state])
            for state, count, share in cell.shares
            if count
        ),
    )
    return format_html(
        '<td class="lead-{}">{}<span class="cell-line muted">{}</span></td>',
        lead,
        lines,
        _people_count(cell.total),
    )


def _grid(result: gaps.Heatmap) -> list[tuple[gaps.HeatmapRow, list[SafeString]]]:
    words = {
        "above": _("above"),
        "at": _("at"),
        "below": _("below"),
        "not_assessed": _("not assessed"),
    }
    return [(row, [_cell_html(cell, words) for cell in row.cells]) for row in result.rows]


def _group_label(group_by: gaps.GroupBy) -> str:
    return {
        gaps.GroupBy.DEPARTMENT: _("Department"),
        gaps.GroupBy.TEAM: _("Team"),
        gaps.GroupBy.TRACK: _("Track"),
    }[group_by]


def _download_rows(result: gaps.Heatmap) -> list[list[Any]]:
    """One row per competency and group: the counts, then the shares in percent."""
    head = [_("Framework"), _("Competency"), _group_label(result.group_by), _("People")]
    head += [s.label for s in gaps.STATES] + [f"% {s.label}" for s in gaps.STATES]
    rows: list[list[Any]] = [head]
    for row in result.rows:
        for group, cell in zip(result.groups, row.cells, strict=True):
            if cell is None:
                continue
            shares = cell.shares
            rows.append(
                [row.framework, row.name, group.name, cell.total]
                + [count for _state, count, _share in shares]
                + [share for _state, _count, share in shares]
            )
    return rows


@login_required
def gap_download(request: AuthedHttpRequest, file_format: str) -> HttpResponse:
    result, _filters = _heatmap(request)
    rows = _download_rows(result)
    name = f"competency-gaps-by-{result.group_by.value}"
    return table_download(rows, name=name, file_format=file_format, sheet_title=_("Gaps"))
