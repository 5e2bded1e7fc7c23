"""Goals pages: my / my team's / company goals, the objective page with check-ins and timeline,
the goal form with the SMART check and templates, the alignment tree, the dashboard, and HR's
cycles and templates."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadence.core.charts import Chart, Series, line_chart
from cadence.core.errors import Conflict
from cadence.core.forms import form_errors_from, form_submit, show_conflict
from cadence.core.http import AuthedHttpRequest, id_param, parse_query, safe_next
from cadence.core.permissions import require_hr_page, require_role
from cadence.people.permissions import employee_of, is_manager
from cadence.people.picker import team_filter
from cadence.people.selectors import department_choices

from . import permissions, selectors, services, smart
from .cycles import (
    cycle_close,
    cycle_create,
    cycle_date_warnings,
    cycle_delete,
    cycle_open_drafting,
    cycle_update,
)
from .dashboard import dashboard as goals_dashboard
from .filters import GoalFilters, TreeFilters
from .forms import (
    CommentForm,
    CycleCloseForm,
    CycleForm,
    KeyResultUpdateForm,
    TemplateForm,
)
from .models import Goal, GoalCycle

SCOPES = {
    "mine": gettext_lazy("My goals"),
    "team": gettext_lazy("My team’s goals"),
    "company": gettext_lazy("Company goals"),
}


def cycle_from(request: AuthedHttpRequest, pk: int | None) -> GoalCycle | None:
    """The cycle asked for, or the current one."""
    return selectors.cycle_or_current(actor=request.user, cycle_id=pk)


def _goal_list_page(request: AuthedHttpRequest, scope: str) -> HttpResponse:
    filters = parse_query(request, GoalFilters)
    cycle = cycle_from(request, filters.cycle)
    selection = {**filters.selection(), "cycle": cycle.pk if cycle else None}
    goals = selectors.goal_pages(actor=request.user, scope=scope, **selection)
    page: Page[Goal] = Paginator(goals, 50).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    me = employee_of(request.user)
    context: dict[str, Any] = {
        "scope": scope,
        "heading": SCOPES[scope],
        "page": page,
        "cycle": cycle,
        "cycles": selectors.cycle_list(actor=request.user),
        "status": filters.status,
        "statuses": [*Goal.Status.choices, ("needs_update", _("Needs update"))],
        "is_manager": is_manager(request.user),
        "has_profile": me is not None,
    }
    if scope == "team" and me is not None and context["is_manager"]:
        context["pending"] = list(selectors.pending_approvals(actor=request.user)[:50])
        context["policy"] = selectors.approval_policy_get(actor=request.user)
    return render(request, "goals/pages/goal_list.html", context)


@login_required
def mine(request: AuthedHttpRequest) -> HttpResponse:
    return _goal_list_page(request, "mine")


@login_required
def team(request: AuthedHttpRequest) -> HttpResponse:
    return _goal_list_page(request, "team")


@login_required
def company(request: AuthedHttpRequest) -> HttpResponse:
    return _goal_list_page(request, "company")


def progress_chart(request: AuthedHttpRequest, points: list) -> Chart:
    """The progress timeline, drawn with the shared chart helper (its figures as a table too)."""
    return line_chart(
        request,
        title=_("Progress over time (%)"),
        x_title=_("Date"),
        x_labels=[date_format(p.recorded_at, "SHORT_DATE_FORMAT") for p in points],
        series=[Series(_("Progress"), [round(p.progress * 100, 1) for p in points], unit="%")],
        value_range=(0, 100),
    )


def _update_forms(
    goal: Goal, bound: KeyResultUpdateForm | None = None
) -> list[tuple[Any, KeyResultUpdateForm]]:
    forms: list[tuple[Any, KeyResultUpdateForm]] = [
        (kr, KeyResultUpdateForm(key_result=kr, prefix=f"kr{kr.pk}")) for kr in goal.key_results.all()
    ]
    if not forms or goal.rollup == Goal.Rollup.MANUAL:
        forms.append((None, KeyResultUpdateForm(prefix="goal")))
    if bound is not None:
        forms = [(kr, bound if kr == bound.key_result else form) for kr, form in forms]
    return forms


def _detail_context(
    request: AuthedHttpRequest,
    goal_id: int,
    bound: KeyResultUpdateForm | None = None,
    comment_form: CommentForm | None = None,
) -> dict[str, Any]:
    data = selectors.goal_page(actor=request.user, goal_id=goal_id)
    goal = data.goal
    key_results = list(goal.key_results.all())
    return {
        "data": data,
        "goal": goal,
        "key_results": key_results,
        "chart": progress_chart(request, data.points) if len(data.points) > 1 else None,
        "advice": smart.analyse(
            title=goal.title,
            description=goal.description,
            due_date=goal.due_date,
            key_results=key_results,
            objectives_in_cycle=data.owner_goal_count,
            has_children=bool(data.children),
        ),
        "suggestions": [] if key_results else smart.suggest_key_results(goal.title, goal.description),
        "can_edit": permissions.can_edit(request.user, goal),
        "can_record_update": permissions.can_record_update(
            request.user, goal, {p.pk for p in goal.contributors.all()}
        ),
        "can_approve": goal.approval == Goal.Approval.PENDING and permissions.can_approve(request.user, goal),
        "update_forms": _update_forms(goal, bound),
        "comments": data.comments,
        "more_comments": data.more_comments,
        "comment_form": comment_form or CommentForm(),  # the goal is visible: anyone may comment
    }


@login_required
def detail(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    return render(request, "goals/pages/goal_detail.html", _detail_context(request, goal_id))


@login_required
@require_POST
def key_result_update(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_get(actor=request.user, goal_id=goal_id)
    kr_id = id_param(request.POST.get("key_result"))
    key_result = next((kr for kr in goal.key_results.all() if kr.pk == kr_id), None)
    if kr_id and key_result is None:
        raise Http404
    form = KeyResultUpdateForm(request.POST, key_result=key_result, prefix=f"kr{kr_id}" if kr_id else "goal")
    if form.is_valid():
        try:
            services.key_result_update_create(
                actor=request.user, goal=goal, key_result=key_result, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("Checked in. Progress is now %(p)s%%.")
                % {"p": selectors.goal_get(actor=request.user, goal_id=goal_id).progress_percent},
            )
            return redirect("goals:detail", goal_id)
    context = _detail_context(request, goal_id, bound=form)
    return render(request, "goals/pages/goal_detail.html", context, status=422)


@login_required
@require_POST
def comment(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """Add a comment. With htmx the comments section is swapped in place; without, the page reloads."""
    goal = selectors.goal_get(actor=request.user, goal_id=goal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.goal_comment_add(actor=request.user, goal=goal, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form_errors_from(form, exc, rename={"__all__": "body"})
        else:
            if request.htmx:
                return _comments_partial(request, goal, CommentForm())
            messages.success(request, _("Comment added."))
            return redirect(reverse("goals:detail", args=[goal_id]) + "#comments")
    if request.htmx:  # htmx swaps 2xx answers only: the errors come back as a 200 partial
        return _comments_partial(request, goal, form)
    context = _detail_context(request, goal_id, comment_form=form)
    return render(request, "goals/pages/goal_detail.html", context, status=422)


def _comments_partial(request: AuthedHttpRequest, goal: Goal, form: CommentForm) -> HttpResponse:
    latest = list(
        selectors.comment_list(actor=request.user, goal_id=goal.pk).reverse()[: selectors.PAGE_COMMENTS + 1]
    )
    context = {
        "goal": goal,
        "comments": latest[: selectors.PAGE_COMMENTS][::-1],
        "more_comments": len(latest) > selectors.PAGE_COMMENTS,
        "comment_form": form,
    }
    return render(request, "goals/partials/comments.html", context)


@login_required
@require_POST
def set_state(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_get(actor=request.user, goal_id=goal_id)
    try:
        services.goal_set_state(actor=request.user, goal=goal, state=request.POST.get("state", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("goals:detail", goal_id)


@login_required
@require_POST
def rollup_exclude(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """Leave an aligned objective out of this one's progress (`exclude=1`), or count it again; an
    edit of this objective from the version the page showed."""
    goal = selectors.goal_get(actor=request.user, goal_id=goal_id)
    if not permissions.can_edit(request.user, goal):
        raise Http404
    child = id_param(request.POST.get("child")) or 0  # 0: no goal, which the service refuses
    excluded = set(selectors.excluded_child_ids(actor=request.user, goal_id=goal_id))
    excluded = excluded | {child} if request.POST.get("exclude") == "1" else excluded - {child}
    try:
        services.goal_update(
            actor=request.user,
            goal=goal,
            version=id_param(request.POST.get("version")),
            excluded_child_ids=excluded,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Conflict:
        messages.error(request, _("Someone changed this objective meanwhile; nothing was saved. Look again."))
    else:
        messages.success(
            request, _("Saved. Progress is now %(p)s%%.") % {"p": _progress_of(request, goal_id)}
        )
    return redirect(reverse("goals:detail", args=[goal_id]) + "#rollup")


def _progress_of(request: AuthedHttpRequest, goal_id: int) -> int:
    return selectors.goal_get(actor=request.user, goal_id=goal_id).progress_percent


@login_required
@require_POST
def approve(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_get(actor=request.user, goal_id=goal_id)
    services.goal_approve(actor=request.user, goal=goal)
    messages.success(request, _("Approved."))
    return redirect(safe_next(request, reverse("goals:detail", args=[goal_id])))


@login_required
@require_POST
def policy(request: AuthedHttpRequest) -> HttpResponse:
    require_role(is_manager(request.user), _("This page is for managers."))
    services.approval_policy_set(
        actor=request.user, require_approval=request.POST.get("require_approval") == "on"
    )
    messages.success(request, _("Saved."))
    return redirect("goals:team")


TREE_ROOTS_PAGE = 50


@login_required
def tree(request: AuthedHttpRequest) -> HttpResponse:
    """Starts at the top (or at ?focus=ID); each level loads when opened."""
    filters = parse_query(request, TreeFilters)
    team_form, filters.team = team_filter(request.GET, actor=request.user)  # a picker, not 1,378 options
    cycle = cycle_from(request, filters.cycle)
    focus, page = None, None
    if filters.focus:
        focus = selectors.goal_page(actor=request.user, goal_id=filters.focus)
        nodes = focus.children
    else:
        cycle_id = cycle.pk if cycle else None
        # Paged: goals aligned to nothing are roots too, hundreds of them in a large organisation.
        roots = selectors.tree_roots(actor=request.user, cycle=cycle_id, **filters.selection())
        page = Paginator(roots, TREE_ROOTS_PAGE).get_page(request.GET.get("page"))
        nodes = list(page.object_list)
    return render(
        request,
        "goals/pages/tree.html",
        {
            "nodes": nodes,
            "page": page,
            "focus": focus,
            "cycle": cycle,
            "cycles": selectors.cycle_list(actor=request.user),
            "filters": filters,
            "departments": department_choices(actor=request.user),
            "team_form": team_form,
            "statuses": [*Goal.Status.choices, ("needs_update", _("Needs update"))],
        },
    )


@login_required
def tree_children(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    if not request.htmx:
        return redirect(f"{reverse('goals:tree')}?focus={goal_id}")
    nodes = selectors.goal_children(actor=request.user, goal_id=goal_id)
    return render(request, "goals/partials/tree_nodes.html", {"nodes": nodes})


@login_required
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    cycle = cycle_from(request, parse_query(request, GoalFilters).cycle)
    return render(
        request,
        "goals/pages/dashboard.html",
        {
            "dash": goals_dashboard(actor=request.user, cycle=cycle),
            "cycle": cycle,
            "cycles": selectors.cycle_list(actor=request.user),
            "statuses": Goal.Status.choices,
        },
    )


@login_required
def cycles(request: AuthedHttpRequest) -> HttpResponse:
    require_hr_page(permissions.can_manage_cycles(request.user))
    form = CycleForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda data: cycle_create(actor=request.user, **data),
        success=reverse("goals:cycles"),
        message=lambda cycle: _("Cycle “%(name)s” created.") % {"name": cycle.name},
    )
    return done or render(
        request, "goals/pages/cycles.html", {"form": form, "cycles": selectors.cycle_list(actor=request.user)}
    )


@login_required
def cycle_edit(request: AuthedHttpRequest, cycle_id: int) -> HttpResponse:
    require_hr_page(permissions.can_manage_cycles(request.user))
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    form = CycleForm(request.POST or None, instance=cycle) if cycle.is_open else None
    close_form = CycleCloseForm(request.POST if "close" in request.POST else None, cycle=cycle)
    if request.method == "POST" and "close" in request.POST and close_form.is_valid() and cycle.is_open:
        into = close_form.cleaned_data["into"]
        carried = cycle_close(actor=request.user, cycle=cycle, carry_unfinished=into is not None, into=into)
        messages.success(request, _("Cycle closed; %(n)s goals carried over.") % {"n": len(carried)})
        return redirect("goals:cycles")
    if request.method == "POST" and form is not None and "close" not in request.POST and form.is_valid():
        try:
            # The form has written its values onto `cycle`: the service compares with a fresh copy.
            fresh = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
            cycle_update(actor=request.user, cycle=fresh, **form.cleaned_data)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        except Conflict as exc:
            show_conflict(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("goals:cycles")
    context = {
        "cycle": cycle,
        "form": form,
        "close_form": close_form,
        "goal_count": selectors.cycle_goal_count(actor=request.user, cycle=cycle),
    }
    return render(request, "goals/pages/cycle_edit.html", context)


@login_required
def cycle_open(request: AuthedHttpRequest, cycle_id: int) -> HttpResponse:
    """The confirmation before a planned cycle asks everyone to write goals: how many people, and
    what is odd about its dates. POST opens it."""
    require_hr_page(permissions.can_manage_cycles(request.user))
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    if cycle.status != GoalCycle.Status.PLANNED:
        messages.info(request, _("This cycle is not planned any more: it was opened already."))
        return redirect("goals:cycle_edit", cycle_id)
    people = selectors.cycle_drafting_reach(actor=request.user, cycle=cycle)
    if request.method == "POST":
        cycle_open_drafting(actor=request.user, cycle=cycle, people=people)
        messages.success(
            request,
            _("“%(name)s” is open for drafting: %(n)s people are asked to write their goals.")
            % {"name": cycle.name, "n": people},
        )
        return redirect("goals:cycle_edit", cycle_id)
    context = {
        "cycle": cycle,
        "people": people,
        "warnings": cycle_date_warnings(cycle.start_date, cycle.end_date),
    }
    return render(request, "goals/pages/cycle_open.html", context)


@login_required
@require_POST
def cycle_remove(request: AuthedHttpRequest, cycle_id: int) -> HttpResponse:
    require_hr_page(permissions.can_manage_cycles(request.user))
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    try:
        cycle_delete(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("goals:cycle_edit", cycle_id)
    messages.success(request, _("Cycle “%(name)s” deleted.") % {"name": cycle.name})
    return redirect("goals:cycles")


@login_required
def templates(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "goals/pages/templates.html",
        {
            "templates": selectors.template_list(actor=request.user),
            "can_edit": permissions.can_edit_templates(request.user),
        },
    )


@login_required
def template_edit(request: AuthedHttpRequest, template_id: int | None = None) -> HttpResponse:
    require_hr_page(permissions.can_edit_templates(request.user))
    template = selectors.template_get(actor=request.user, template_id=template_id) if template_id else None
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and "delete" in request.POST and template is not None:
        services.template_delete(actor=request.user, template=template)
        messages.success(request, _("Template deleted."))
        return redirect("goals:templates")
    done = form_submit(
        request,
        form,
        lambda data: services.template_save(
            actor=request.user,
            template=template,
            key_results=data["key_results_text"],
            **{k: v for k, v in data.items() if k != "key_results_text"},
        ),
        success=reverse("goals:templates"),
        message=_("Template saved."),
    )
    return done or render(request, "goals/pages/template_form.html", {"form": form, "template": template})
