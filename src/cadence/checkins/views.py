"""Pages of the weekly check-ins: mine and my history, the current one, editing, skipping, the detail
with comments and reactions, review, an item for the next 1:1, the team view and HR's settings."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import Conflict
from cadence.core.forms import form_errors_from, form_submit, show_conflict
from cadence.core.http import AuthedHttpRequest, id_param, safe_next
from cadence.core.permissions import require_hr_page, require_role
from cadence.goals.selectors import goal_list
from cadence.people.permissions import employee_of, is_manager, require_employee

from . import charts, permissions, selectors, services
from .forms import CadenceForm, CheckInForm, CommentForm, QuestionForm, SkipForm
from .models import CheckIn

PAGE_SIZE = 20


@login_required
def checkins_home(request: AuthedHttpRequest) -> HttpResponse:
    me = employee_of(request.user)
    items = selectors.checkin_list(actor=request.user, mine=True)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "checkins/pages/checkins_home.html",
        {
            "page": page,
            "me": me,
            "is_manager": is_manager(request.user),
            "can_configure": permissions.can_configure(request.user),
        },
    )


@login_required
def checkin_current(request: AuthedHttpRequest) -> HttpResponse:
    require_employee(request.user)
    checkin = services.checkin_open_current(actor=request.user)
    if permissions.can_write_checkin(request.user, checkin):
        return redirect("checkins:checkin_edit", checkin.pk)
    return redirect("checkins:checkin_detail", checkin.pk)


def _goals_url() -> str:
    try:
        return reverse("goals:mine")
    except NoReverseMatch:
        return ""


def _save(request: AuthedHttpRequest, checkin: CheckIn, form: CheckInForm, draft: bool) -> Callable:
    """The service the pressed button asks for: keep a draft, submit, or change a submitted one."""
    if draft:
        return lambda data: services.checkin_save_draft(
            actor=request.user,
            checkin=checkin,
            mood=data["mood"],
            answers=form.answers(),
            carried=form.carried(),
            new_priorities=form.new_priorities(),
            goals=form.goal_choices(),
        )
    write = services.checkin_update if checkin.status == CheckIn.Status.SUBMITTED else services.checkin_submit
    return lambda data: write(
        actor=request.user,
        checkin=checkin,
        mood=data["mood"],
        answers=form.answers(),
        questions=form.questions,
        carried=form.carried(),
        new_priorities=form.new_priorities(),
        goal_updates=form.goal_updates(),
    )


def _saved_message(checkin: CheckIn, draft: bool) -> str:
    if draft:
        return _("Draft saved. Your manager sees it once you submit it.")
    if checkin.status == CheckIn.Status.SUBMITTED:
        return _("Changes saved.")
    return _("Check-in submitted.")


@login_required
def checkin_edit(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    """The check-in form: while due, save a draft or submit; once submitted, change it until reviewed."""
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    mine = checkin.author_id == getattr(employee_of(request.user), "pk", None)
    # An edit posted after the review still reaches the service, which refuses it (Conflict): the
    # form comes back with the reason and what the author typed.
    editing = permissions.can_edit_checkin(request.user, checkin) or (
        request.method == "POST" and mine and checkin.status == CheckIn.Status.SUBMITTED
    )
    if not (editing or permissions.can_write_checkin(request.user, checkin)):
        if checkin.reviewed_at and mine:
            messages.info(request, _("Your manager has reviewed this check-in; it can no longer be changed."))
        return redirect("checkins:checkin_detail", checkin.pk)
    questions = selectors.checkin_questions_for(checkin.author)
    previous = selectors.previous_open_priorities(checkin)
    goals = list(goal_list(actor=request.user, scope="mine")[:10])
    posted = request.POST if request.method == "POST" else None  # bound even when empty
    draft = not editing and request.POST.get("action") == "draft"
    form = CheckInForm(
        posted, questions=questions, previous=previous, goals=goals, checkin=checkin, draft=draft
    )
    done = form_submit(
        request,
        form,
        _save(request, checkin, form, draft),
        success=reverse("checkins:checkin_edit" if draft else "checkins:checkin_detail", args=[checkin.pk]),
        message=_saved_message(checkin, draft),
    )
    return done or render(
        request,
        "checkins/pages/checkin_form.html",
        {
            "form": form,
            "checkin": checkin,
            "editing": editing,
            "skip_form": SkipForm(),
            "goals_url": _goals_url(),
            "goal_fields": [(form[f"goal_{g.pk}_confidence"], form[f"goal_{g.pk}_comment"]) for g in goals],
            "question_fields": [form[f"q_{q.pk}"] for q in questions],
            "previous_fields": [form[f"prev_{p.pk}"] for p in previous],
        },
    )


@login_required
@require_POST
def checkin_skip(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    form = SkipForm(request.POST)
    # Someone who may not skip it (a manager, or the author once it is closed) gets a 404 and nothing changes.
    services.checkin_skip(actor=request.user, checkin=checkin, reason=form.data.get("reason", "")[:200])
    messages.success(request, _("Skipped. See you next time."))
    return redirect("checkins:checkin_detail", checkin_id)


@login_required
def checkin_detail(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    return render(
        request, "checkins/pages/checkin_detail.html", _checkin_context(request, checkin, CommentForm())
    )


def _checkin_context(request: AuthedHttpRequest, checkin: CheckIn, comment_form: Form) -> dict:
    can_review = permissions.can_review_checkin(request.user, checkin)
    return {
        "checkin": checkin,
        "comment_form": comment_form,
        "can_write": permissions.can_write_checkin(request.user, checkin),
        "can_edit": permissions.can_edit_checkin(request.user, checkin),
        "goal_updates": selectors.checkin_goal_updates(actor=request.user, checkin=checkin)
        if checkin.status == CheckIn.Status.SUBMITTED
        else [],
        "can_review": can_review,
        # "Add to next 1:1" on each answer and priority: for the author's managers only.
        "can_add_to_one_on_one": can_review and checkin.status == CheckIn.Status.SUBMITTED,
        "can_discuss": permissions.can_discuss_checkin(request.user, checkin)
        and checkin.status == CheckIn.Status.SUBMITTED,
        "react_url": reverse("checkins:checkin_react", args=[checkin.pk]),
    }


@login_required
@require_POST
def checkin_comment(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.checkin_comment(actor=request.user, checkin=checkin, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect("checkins:checkin_detail", checkin_id)
    return render(
        request, "checkins/pages/checkin_detail.html", _checkin_context(request, checkin, form), status=422
    )


@login_required
@require_POST
def checkin_react(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    """Toggle a reaction; htmx gets the refreshed reactions bar (the partial praise uses too)."""
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    try:
        services.checkin_react(actor=request.user, checkin=checkin, kind=request.POST.get("kind", ""))
    except (ValidationError, PermissionDenied):
        messages.error(request, _("That reaction is not available."))
    if not request.htmx:
        return redirect("checkins:checkin_detail", checkin_id)
    return render(
        request,
        "feedback/partials/reactions.html",
        {
            "item": selectors.checkin_get(actor=request.user, checkin_id=checkin_id),
            "react_url": reverse("checkins:checkin_react", args=[checkin_id]),
        },
    )


@login_required
@require_POST
def checkin_review(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    try:
        services.checkin_mark_reviewed(actor=request.user, checkin=checkin)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as reviewed."))
    return redirect(safe_next(request, reverse("checkins:checkin_detail", args=[checkin_id])))


@login_required
@require_POST
def checkin_talking_point(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    """Put one answer or priority on the next 1:1 with the author (the page's "Add to next 1:1")."""
    checkin = selectors.checkin_get(actor=request.user, checkin_id=checkin_id)
    try:
        point = services.checkin_item_to_talking_point(
            actor=request.user, checkin=checkin, text=request.POST.get("text", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("On the agenda of your next 1:1 with %(name)s.") % {"name": checkin.author.full_name},
                reverse("meetings:meeting", args=[point.meeting_id]),
                _("Open the meeting"),
            ),
        )
    return redirect("checkins:checkin_detail", checkin_id)


@login_required
def checkin_team(request: AuthedHttpRequest) -> HttpResponse:
    require_role(is_manager(request.user), _("This page is for managers."))
    summary = selectors.team_summary(actor=request.user)
    recent = Paginator(selectors.team_checkins(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "checkins/pages/checkin_team.html",
        {"summary": summary, "chart": charts.team_chart(request, summary.periods), "page": recent},
    )


@login_required
def checkin_settings(request: AuthedHttpRequest) -> HttpResponse:
    """HR: check-in questions and cadence, for everyone or per department."""
    require_hr_page(permissions.can_configure(request.user))
    kind = request.POST.get("kind")
    cadences = list(selectors.checkin_cadence_list())
    question_form = QuestionForm(request.POST if kind == "question" else None, actor=request.user, prefix="q")
    cadence_form = CadenceForm(
        request.POST if kind == "cadence" else None, actor=request.user, rows=cadences, prefix="c"
    )
    if kind == "question" and question_form.is_valid():
        services.checkin_question_create(actor=request.user, **question_form.cleaned_data)
        messages.success(request, _("Question added."))
        return redirect("checkins:checkin_settings")
    if kind == "cadence" and cadence_form.is_valid():
        try:
            services.checkin_cadence_set(actor=request.user, **cadence_form.service_fields())
        except Conflict as exc:  # the choice stays; the list and the versions are now the saved ones
            data = request.POST.copy()
            data["c-shown"] = CadenceForm(actor=request.user, rows=cadences).fields["shown"].initial
            cadence_form = CadenceForm(data, actor=request.user, rows=cadences, prefix="c")
            cadence_form.is_valid()
            show_conflict(cadence_form, exc)
        else:
            messages.success(request, _("Cadence saved."))
            return redirect("checkins:checkin_settings")
    if kind == "toggle_question":
        _toggle_question(request)
        return redirect("checkins:checkin_settings")
    return render(
        request,
        "checkins/pages/checkin_settings.html",
        {
            "question_form": question_form,
            "cadence_form": cadence_form,
            "questions": selectors.checkin_question_list(),
            "cadences": cadences,
        },
    )


def _toggle_question(request: AuthedHttpRequest) -> None:
    """Turn a question on or off as its button says, from the version the page showed."""
    question = selectors.checkin_question_find(question_id=id_param(request.POST.get("question")))
    if question is None:
        return
    try:
        services.checkin_question_set_active(
            actor=request.user,
            question=question,
            version=id_param(request.POST.get("version")),
            is_active=request.POST.get("is_active") == "1",
        )
    except Conflict as exc:  # the page shows the question as it is now
        messages.error(request, exc.detail)
