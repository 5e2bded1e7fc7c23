"""People pages: directory, profile, org chart, HR editing and the HRIS import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import Conflict
from cadence.core.forms import form_submit
from cadence.core.http import AuthedHttpRequest, parse_query
from cadence.core.permissions import require_hr_page
from cadence.core.picker import PICKER_LIMIT

from . import importing, selectors, services
from .directory_actions import directory_actions
from .filters import OrgChartFilters, PeopleFilters, TeamFilters
from .forms import DepartmentForm, ImportForm, PersonForm, TeamForm
from .models import Employee
from .permissions import can_edit_people, can_manage, can_view_fairness_data, employee_of
from .picker import SOURCES, team_filter
from .profile import profile_actions, profile_sections


@login_required
def directory(request: AuthedHttpRequest) -> HttpResponse:
    filters = parse_query(request, PeopleFilters)
    results_only = request.htmx and request.htmx.target == "directory-results"
    # The team is a picker: without JavaScript a typed team name is resolved here (or its matches
    # listed); htmx sends the chosen team's id only.
    team_form = None
    if not results_only:
        team_form, filters.team = team_filter(request.GET, actor=request.user)
    people = selectors.person_list(actor=request.user, **filters.dict())
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "can_edit": can_edit_people(request.user),
        "selection_actions": directory_actions(request.user, _filter_query(request)),
    }
    if results_only:
        return render(request, "people/partials/directory_results.html", context)
    context.update(
        {
            "departments": selectors.department_list(actor=request.user),
            "team_form": team_form,
            "locations": selectors.location_list(actor=request.user),
            "scoped_to": _scope_person(request, filters),
        }
    )
    return render(request, "people/pages/directory.html", context)


def _filter_query(request: AuthedHttpRequest) -> str:
    """The directory's filters as a query string, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def pick(request: AuthedHttpRequest, scope: str) -> HttpResponse:
    """The matches of a picker (core.picker) for what was typed, as listbox options for htmx: at
    most PICKER_LIMIT, from what the actor may choose in this scope."""
    source = SOURCES.get(scope)
    if source is None:
        raise Http404
    text = request.GET.get("q", "")[:200]
    matches = source.find(request.user, text, PICKER_LIMIT + 1)
    context = {
        "options": [source.option(obj) for obj in matches[:PICKER_LIMIT]],
        "more": len(matches) > PICKER_LIMIT,
        "limit": PICKER_LIMIT,
        "text": text.strip(),
        "teams": scope == "teams",
    }
    # Without the request: no context processor (the unread badge) runs on every key typed.
    return HttpResponse(render_to_string("core/partials/picker_options.html", context))


def _scope_person(request: AuthedHttpRequest, filters: PeopleFilters) -> Employee | None:
    """The manager whose team the directory is showing, for the page heading."""
    return selectors.person_find(actor=request.user, person_id=filters.manager or filters.under)


@login_required
def profile(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    data = selectors.person_profile(actor=request.user, person_id=person_id)
    return render(
        request,
        "people/pages/profile.html",
        {
            "profile": data,
            "person": data.person,
            "is_me": employee_of(request.user) == data.person,
            "can_edit": can_edit_people(request.user),
            "can_manage": can_manage(request.user, data.person),
            "show_fairness": can_view_fairness_data(request.user, data.person),
            "sections": profile_sections(request.user, data.person),
            "actions": profile_actions(request.user, data.person),
        },
    )


@login_required
def org_chart(request: AuthedHttpRequest) -> HttpResponse:
    """Starts at the top (or at ?focus=ID with its manager chain); each level loads on demand."""
    focus_id = parse_query(request, OrgChartFilters).focus
    if focus_id:
        # The profile already holds the person, their manager chain and their direct reports.
        data = selectors.person_profile(actor=request.user, person_id=focus_id)
        context = {"focus": data.person, "chain": data.chain, "nodes": data.direct_reports}
        return render(request, "people/pages/org_chart.html", context)
    return render(
        request, "people/pages/org_chart.html", {"nodes": selectors.org_chart_roots(actor=request.user)}
    )


@login_required
def org_chart_children(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    if not request.htmx:
        return redirect(f"{reverse('people:org_chart')}?focus={person_id}")
    _person, children = selectors.org_chart_children(actor=request.user, person_id=person_id)
    return render(request, "people/partials/org_nodes.html", {"nodes": children})


# The service names the manager; the form edits it as "manager_ref" (an email or name).
MANAGER_FIELD = {"manager": "manager_ref"}


def _profile_url(person: Employee) -> str:
    return reverse("people:profile", args=[person.pk])


@login_required
def person_create(request: AuthedHttpRequest) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    form = PersonForm(request.POST or None, actor=request.user)
    done = form_submit(
        request,
        form,
        lambda data: services.person_create(actor=request.user, role=data["role"], **form.service_fields()),
        success=_profile_url,
        message=lambda person: (
            _("%(name)s was added. They can set a password with “Forgot password”.")
            % {"name": person.full_name}
        ),
        rename=MANAGER_FIELD,
    )
    return done or render(request, "people/pages/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    person = selectors.person_get(actor=request.user, person_id=person_id)
    form = PersonForm(request.POST or None, instance=person, actor=request.user)
    done = form_submit(
        request,
        form,
        lambda data: services.person_update(
            actor=request.user,
            person=person,
            version=data["version"],
            role=data["role"],
            **form.service_fields(),
        ),
        success=_profile_url,
        message=_("Saved."),
        rename=MANAGER_FIELD,
    )
    return done or render(request, "people/pages/person_form.html", {"form": form, "person": person})


@login_required
def person_deactivate(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    person = selectors.person_get(actor=request.user, person_id=person_id)
    if request.method == "POST":
        try:
            services.person_deactivate(actor=request.user, person=person)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s was deactivated. Their history is kept.") % {"name": person.full_name},
            )
        return redirect("people:profile", person_id)
    reports = selectors.direct_report_count(person=person)  # they move up: the page says how many
    return render(request, "people/pages/person_deactivate.html", {"person": person, "reports": reports})


@login_required
@require_POST
def person_reactivate(request: AuthedHttpRequest, person_id: int) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    person = selectors.person_get(actor=request.user, person_id=person_id)
    services.person_reactivate(actor=request.user, person=person)
    messages.success(request, _("%(name)s is active again.") % {"name": person.full_name})
    return redirect("people:profile", person_id)


TEAMS_PER_PAGE = 50


@login_required
def departments(request: AuthedHttpRequest) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    department_form = DepartmentForm(
        request.POST if request.POST.get("kind") == "department" else None, prefix="d"
    )
    team_form = TeamForm(request.POST if request.POST.get("kind") == "team" else None, prefix="t")
    for form, create in ((department_form, services.department_create), (team_form, services.team_create)):
        if form.is_bound and form.is_valid():
            try:
                created = create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("“%(name)s” was created.") % {"name": created})
                return redirect("people:departments")
    departments = list(selectors.department_list(actor=request.user))
    team_filters = parse_query(request, TeamFilters)
    teams = selectors.team_list(
        actor=request.user, search=team_filters.search, department_id=team_filters.department
    )
    return render(
        request,
        "people/pages/departments.html",
        {
            "departments": departments,
            # Paged: an organisation of 10,000 people has well over a thousand teams.
            "page": Paginator(teams, TEAMS_PER_PAGE).get_page(request.GET.get("page")),
            "team_filters": team_filters,
            "department_form": department_form,
            "team_form": team_form,
        },
    )


@login_required
def import_upload(request: AuthedHttpRequest) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = importing.import_store(actor=request.user, content=upload.read(), filename=upload.name)
        return redirect("people:import_review", stored.pk)
    recent = selectors.people_import_list(actor=request.user)[:10]
    return render(request, "people/pages/import_upload.html", {"form": form, "recent": recent})


@login_required
def import_review(request: AuthedHttpRequest, import_id: int) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    stored = selectors.people_import_get(actor=request.user, import_id=import_id)
    report = stored.report
    rows = [r for r in report.get("rows", []) if r["action"] != "unchanged" or r["errors"]]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request, "people/pages/import_review.html", {"stored": stored, "report": report, "page": page}
    )


@login_required
@require_POST
def import_apply(request: AuthedHttpRequest, import_id: int) -> HttpResponse:
    require_hr_page(can_edit_people(request.user))
    stored = selectors.people_import_get(actor=request.user, import_id=import_id)
    try:
        report = importing.import_apply(actor=request.user, stored=stored)
    except Conflict as exc:  # applied a moment ago, in another tab or by a double click
        messages.warning(request, exc.detail)
        return redirect("people:import_review", stored.pk)
    if report.applied:
        counts = report.counts
        messages.success(
            request,
            _(
                "Imported: %(create)s created, %(update)s updated, %(deactivate)s deactivated, "
                "%(unchanged)s unchanged."
            )
            % counts,
        )
    else:
        messages.error(
            request,
            _(
                "Nothing was imported: the organisation changed since the dry run and the file "
                "now has errors. Review them below."
            ),
        )
    return redirect("people:import_review", stored.pk)
