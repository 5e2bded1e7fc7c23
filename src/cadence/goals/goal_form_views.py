"""The goal form: create and edit an objective with its key results, the SMART check and
templates. An edit carries the goal's version, which covers its key results; after a stale save
the form and each key-result row show what someone else changed (core.forms.VersionedForm)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadence.core.errors import Conflict, django_errors
from cadence.core.forms import form_errors_from, show_conflict
from cadence.core.http import AuthedHttpRequest, id_param
from cadence.people.permissions import employee_of

from . import permissions, selectors, services, smart
from .forms import GoalForm, KeyResultFormSet, key_result_initial
from .models import Goal, GoalTemplate
from .views import cycle_from

MAX_ROWS = 12  # KeyResultFormSet's absolute_max


def _form_errors(form: GoalForm, formset: Any, exc: ValidationError) -> None:
    """Key-result errors ("key_results.<i>.<field>") go to their row of the formset, the rest to the form."""
    for field, msgs in django_errors(exc).items():
        if not field.startswith("key_results."):
            continue
        _prefix, index, name = field.split(".", 2)
        if int(index) < len(formset.forms):
            form_errors_from(formset.forms[int(index)], ValidationError({name: msgs}))
    rename = {
        "owner_employee": "owner",
        "parent": "parent_ref" if form.cleaned_data.get("parent_ref") else "parent",
    }
    rest = {f: m for f, m in django_errors(exc).items() if not f.startswith("key_results.")}
    if rest:
        form_errors_from(form, ValidationError(rest), rename=rename)


def _advice_for(form: GoalForm, rows: list[dict], goal: Goal | None) -> tuple[list, list]:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    title = data.get("title") or (goal.title if goal else "")
    if not title:
        return [], []
    owner = data.get("owner")
    count = 0
    if owner is not None and data.get("cycle") is not None and data.get("level") == Goal.Level.INDIVIDUAL:
        others = selectors.owner_goal_count(
            actor=form.actor,
            cycle_id=data["cycle"].pk,
            owner_id=owner.pk,
            exclude_id=goal.pk if goal else None,
        )
        count = others + 1
    description = data.get("description", "")
    advice = smart.analyse(
        title=title,
        description=description,
        due_date=data.get("due_date"),
        key_results=rows,
        objectives_in_cycle=count,
    )
    return advice, smart.suggest_key_results(title, description)


def _goal_form_page(request: AuthedHttpRequest, goal: Goal | None) -> HttpResponse:
    template = None
    if goal is None:
        template = selectors.template_find(
            actor=request.user, template_id=id_param(request.GET.get("template"))
        )
    initial = _initial(request, goal, template)
    form = GoalForm(request.POST or None, actor=request.user, exclude_goal=goal, initial=initial)
    formset = KeyResultFormSet(
        request.POST or None,
        prefix="kr",
        initial=None if request.POST else key_result_initial(goal, template),
    )
    advice: list = []
    suggestions: list = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [row for row in (f.row() for f in formset.forms) if row]
        advice, suggestions = _advice_for(form, rows, goal)
        if request.POST.get("action") != "check":
            try:
                saved = _save_goal(request, form, formset, rows, goal)
            except Conflict as exc:
                assert goal is not None  # only an edit can be stale
                show_conflict(form, exc)
                formset = _rows_after_conflict(formset, goal, exc)
            else:
                if saved is not None:
                    return redirect("goals:detail", saved.pk)
    return render(
        request,
        "goals/pages/goal_form.html",
        {
            "form": form,
            "formset": formset,
            "goal": goal,
            "advice": advice,
            "suggestions": suggestions,
            "checked": request.POST.get("action") == "check",
            "templates": selectors.template_list(actor=request.user) if goal is None else [],
            "template": template,
        },
    )


def _initial(request: AuthedHttpRequest, goal: Goal | None, template: GoalTemplate | None) -> dict[str, Any]:
    if goal is not None:
        return {
            "version": goal.version,
            "cycle": goal.cycle_id,
            "title": goal.title,
            "description": goal.description,
            "level": goal.level,
            "owner": goal.owner_employee,
            "owner_team": goal.owner_team_id,
            "owner_department": goal.owner_department_id,
            "parent": goal.parent_id,
            "contributors": list(goal.contributors.all()),
            "goal_type": goal.goal_type,
            "visibility": goal.visibility,
            "due_date": goal.due_date,
            "weight": goal.weight,
            "rollup": goal.rollup,
            "develops": goal.develops_id,
        }
    cycle = cycle_from(request, id_param(request.GET.get("cycle")))
    initial: dict[str, Any] = {
        "cycle": cycle.pk if cycle else None,
        "parent": id_param(request.GET.get("parent")),
    }
    if cycle:
        initial["due_date"] = cycle.end_date
    if level := request.GET.get("level"):
        initial["level"] = level
    if template is not None:
        initial.update(title=template.title, description=template.description, level=template.level)
    return initial


def _save_goal(
    request: AuthedHttpRequest, form: GoalForm, formset: Any, rows: list[dict], goal: Goal | None
) -> Goal | None:
    """The saved goal, or None with the errors on the form. A Conflict is left to the caller."""
    try:
        if goal is None:
            saved = services.goal_create(actor=request.user, key_results=rows, **form.service_fields())
            messages.success(request, _("Objective created."))
        else:
            saved = services.goal_update(
                actor=request.user, goal=goal, key_results=rows, **form.service_fields()
            )
            messages.success(request, _("Saved."))
        return saved
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        _form_errors(form, formset, exc)
    return None


@login_required
def create(request: AuthedHttpRequest) -> HttpResponse:
    if employee_of(request.user) is None and not permissions.can_manage_cycles(request.user):
        raise Http404
    return _goal_form_page(request, None)


@login_required
def edit(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_get(actor=request.user, goal_id=goal_id)
    if not permissions.can_edit(request.user, goal):
        raise Http404
    return _goal_form_page(request, goal)


def _rows_after_conflict(formset: Any, goal: Goal, exc: Conflict) -> Any:
    """The key-result rows after a stale save: each compared with its key result as saved now
    (by id), and the key results someone added meanwhile appended, so that saving again keeps them."""
    saved = {row["id"]: row for row in key_result_initial(goal, blanks=0)}
    data = formset.data.copy()
    listed = {id_param(data.get(f"kr-{i}-id")) for i in range(len(formset.forms))}
    added = [row for pk, row in saved.items() if pk not in listed]
    total = len(formset.forms)
    for row in added[: max(0, MAX_ROWS - total)]:
        for name, value in row.items():
            data[f"kr-{total}-{name}"] = "" if value is None else str(value)
        total += 1
    data["kr-TOTAL_FORMS"] = str(total)
    rows = KeyResultFormSet(data, prefix="kr")
    rows.is_valid()  # the rows were valid; this gives the appended ones their cleaned data
    for index, row_form in enumerate(rows.forms):
        pk = id_param(data.get(f"kr-{index}-id"))
        if index >= len(formset.forms):
            row_form.add_error(
                None, _("Someone added this key result meanwhile. Empty its title to remove it.")
            )
        elif pk is not None and pk not in saved:
            row_form.add_error(
                None, _("Someone removed this key result meanwhile. Saving again adds it back.")
            )
        elif pk is not None:
            row_form.initial = saved[pk]
            row_form.show_conflict(exc, message=None)
    return rows
