"""Feedback and praise pages. Thin: parse, check, call a service or selector, render. Every page
works without JavaScript; htmx swaps partials (reactions, coaching, filtered lists)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import Conflict
from cadence.core.forms import form_errors_from, form_submit
from cadence.core.http import AuthedHttpRequest, id_param, parse_query, safe_next
from cadence.core.permissions import require_hr_page
from cadence.people.models import Employee
from cadence.people.permissions import employee_of, is_manager, require_employee
from cadence.people.selectors import department_choices, person_get

from . import permissions, selectors, services
from .coaching import feedback_coach
from .filters import PraiseFilters
from .forms import (
    AnswerForm,
    CommentForm,
    DeclineForm,
    FeedbackForm,
    FeedbackRequestForm,
    PraiseForm,
    SettingsForm,
    ValueForm,
)
from .models import FeedbackRequest, Praise

PAGE_SIZE = 20


def _posted(request: AuthedHttpRequest) -> object:
    """The POST data for a bound form, even when empty (an empty QueryDict is falsy)."""
    return request.POST if request.method == "POST" else None


def _back(request: AuthedHttpRequest, fallback: str) -> HttpResponse:
    return redirect(safe_next(request, fallback))


def _person_or_none(request: AuthedHttpRequest, pk: int | None) -> Employee | None:
    if pk is None:
        return None
    try:
        return person_get(actor=request.user, person_id=pk)
    except Http404:
        return None


# Praise ---------------------------------------------------------------------------------------


@login_required
def wall(request: AuthedHttpRequest) -> HttpResponse:
    filters = parse_query(request, PraiseFilters)
    items = selectors.praise_pages(actor=request.user, **filters.dict())
    page: Page[Praise] = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    selectors.with_reactions(page.object_list, request.user)
    context = {"page": page, "filters": filters, "can_give": permissions.can_give_praise(request.user)}
    if request.htmx and request.htmx.target == "praise-results":
        return render(request, "feedback/partials/praise_list.html", context)
    context.update(
        {
            "values": selectors.company_value_list(active_only=False),
            "departments": department_choices(actor=request.user),
            "person": _person_or_none(request, filters.person),
        }
    )
    return render(request, "feedback/pages/wall.html", context)


@login_required
def praise_new(request: AuthedHttpRequest) -> HttpResponse:
    require_employee(request.user)
    initial = {}
    if to := _person_or_none(request, id_param(request.GET.get("to"))):
        initial["recipients"] = [to]
    form = PraiseForm(_posted(request), actor=request.user, initial=initial)
    done = form_submit(
        request,
        form,
        lambda data: services.praise_create(actor=request.user, **data),
        success=lambda praise: reverse("feedback:praise_detail", args=[praise.pk]),
        message=_("Your praise was sent."),
    )
    return done or render(
        request,
        "feedback/pages/praise_form.html",
        {"form": form, "has_values": selectors.company_values_exist()},
    )


@login_required
def praise_detail(request: AuthedHttpRequest, praise_id: int) -> HttpResponse:
    praise = selectors.praise_get(actor=request.user, praise_id=praise_id)
    return render(
        request, "feedback/pages/praise_detail.html", {"praise": praise, "comment_form": CommentForm()}
    )


def _react(
    request: AuthedHttpRequest,
    load: Callable[[], Any],
    react: Callable[..., Any],
    react_url: str,
    fallback: HttpResponse,
) -> HttpResponse:
    """Toggle a reaction on praise; htmx gets the refreshed reactions bar."""
    try:
        react(actor=request.user, kind=request.POST.get("kind", ""))
    except (ValidationError, PermissionDenied):
        messages.error(request, _("That reaction is not available."))
    if request.htmx:
        return render(request, "feedback/partials/reactions.html", {"item": load(), "react_url": react_url})
    return fallback


@login_required
@require_POST
def praise_react(request: AuthedHttpRequest, praise_id: int) -> HttpResponse:
    def load() -> Any:
        return selectors.praise_get(actor=request.user, praise_id=praise_id)

    praise = load()
    return _react(
        request,
        load,
        partial(services.praise_react, praise=praise),
        reverse("feedback:praise_react", args=[praise_id]),
        _back(request, reverse("feedback:praise_detail", args=[praise_id])),
    )


@login_required
@require_POST
def praise_comment(request: AuthedHttpRequest, praise_id: int) -> HttpResponse:
    praise = selectors.praise_get(actor=request.user, praise_id=praise_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.praise_comment(actor=request.user, praise=praise, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return redirect("feedback:praise_detail", praise_id)
    return render(
        request, "feedback/pages/praise_detail.html", {"praise": praise, "comment_form": form}, status=422
    )


# Feedback -------------------------------------------------------------------------------------


FEEDBACK_BOXES = ("received", "given", "team")


@login_required
def feedback_home(request: AuthedHttpRequest) -> HttpResponse:
    box = request.GET.get("box", "received")
    box = box if box in FEEDBACK_BOXES else "received"
    items = selectors.feedback_list(actor=request.user, box=box)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_body_access(page.object_list, request.user)
    return render(
        request,
        "feedback/pages/feedback_home.html",
        {
            "page": page,
            "box": box,
            "to_answer": list(selectors.feedback_request_list(actor=request.user, box="to_answer")[:20]),
            "sent": list(selectors.feedback_request_list(actor=request.user, box="sent")[:20]),
            "is_manager": employee_of(request.user) is not None and is_manager(request.user),
        },
    )


def _coaching_context(text: str) -> dict:
    return {"coaching": feedback_coach(text), "text": text}


@login_required
def feedback_give(request: AuthedHttpRequest) -> HttpResponse:
    require_employee(request.user)
    about = _person_or_none(request, id_param(request.GET.get("to") or request.POST.get("to")))
    initial = {"recipient": about} if about else {}
    form = FeedbackForm(_posted(request), actor=request.user, about=about, initial=initial)
    coaching = None
    if request.method == "POST":
        coaching = feedback_coach(request.POST.get("body", ""))
        # "Check" re-shows the form with advice: the no-JavaScript path of the live coaching.
        if request.POST.get("action") != "check" and form.is_valid():
            try:
                feedback = services.feedback_give(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Your feedback was sent."))
                return redirect("feedback:feedback_detail", feedback.pk)
        elif about is None and form.is_valid():
            # "Check" with a colleague chosen: now their framework's competencies can be offered.
            about = form.cleaned_data["recipient"]
            form = FeedbackForm(request.POST, actor=request.user, about=about)
    return render(
        request,
        "feedback/pages/feedback_form.html",
        {"form": form, "about": about, "coaching": coaching, "protection_on": selectors.protection_on()},
    )


@login_required
@require_POST
def feedback_coach_partial(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request, "feedback/partials/coaching.html", _coaching_context(request.POST.get("body", "")[:5000])
    )


@login_required
def feedback_detail(request: AuthedHttpRequest, feedback_id: int) -> HttpResponse:
    feedback = selectors.feedback_get(actor=request.user, feedback_id=feedback_id)
    me = employee_of(request.user)
    is_author = me is not None and feedback.author_id == me.pk
    return render(
        request,
        "feedback/pages/feedback_detail.html",
        {
            "feedback": feedback,
            "coaching": feedback_coach(feedback.body) if is_author else None,
            "expectation": selectors.shown_expectation(feedback) if feedback.readable else "",  # type: ignore[attr-defined]
        },
    )


@login_required
def request_new(request: AuthedHttpRequest) -> HttpResponse:
    me = require_employee(request.user)
    initial = {"about": request.GET.get("about", str(me.pk))}
    form = FeedbackRequestForm(_posted(request), actor=request.user, me=me, initial=initial)

    def send(data: dict[str, Any]) -> list[FeedbackRequest]:
        subject = _person_or_none(request, id_param(data["about"]))
        if subject is None:
            raise ValidationError({"about": [_("Choose someone.")]})
        return services.feedback_request_create(
            actor=request.user, subject=subject, respondents=data["respondents"], questions=data["questions"]
        )

    done = form_submit(
        request,
        form,
        send,
        success=f"{reverse('feedback:mine')}?box=received",
        message=_("Your request was sent."),
    )
    return done or render(request, "feedback/pages/request_form.html", {"form": form})


def _request_page(request: AuthedHttpRequest, fb_request: FeedbackRequest, **forms: Form) -> HttpResponse:
    answerable = permissions.can_respond(request.user, fb_request)
    context = {
        "fb_request": fb_request,
        "answerable": answerable,
        # Only who may answer needs the form (and the subject's framework it reads).
        "answer_form": forms.get("answer_form")
        or (AnswerForm(about=fb_request.subject) if answerable else None),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "protection_on": selectors.protection_on(),
    }
    status = 422 if any(f.errors for f in forms.values()) else 200
    return render(request, "feedback/pages/request_detail.html", context, status=status)


@login_required
def request_detail(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    fb_request = selectors.feedback_request_get(actor=request.user, request_id=request_id)
    return _request_page(request, fb_request)


@login_required
@require_POST
def request_answer(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    fb_request = selectors.feedback_request_get(actor=request.user, request_id=request_id)
    form = AnswerForm(request.POST, about=fb_request.subject)
    if form.is_valid():
        try:
            feedback = services.feedback_request_answer(
                actor=request.user, request=fb_request, **form.cleaned_data
            )
        except Conflict as exc:  # answered a moment ago, in another tab or by a double click
            messages.error(request, exc.detail)
            return redirect("feedback:request_detail", request_id)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Thank you: your feedback was sent."))
            return redirect("feedback:feedback_detail", feedback.pk)
    return _request_page(request, fb_request, answer_form=form)


@login_required
@require_POST
def request_decline(request: AuthedHttpRequest, request_id: int) -> HttpResponse:
    fb_request = selectors.feedback_request_get(actor=request.user, request_id=request_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_request_decline(
                actor=request.user, request=fb_request, reason=form.cleaned_data["reason"]
            )
        except Conflict as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("You declined the request."))
        return redirect("feedback:request_detail", request_id)
    return _request_page(request, fb_request, decline_form=form)


@login_required
def feedback_settings(request: AuthedHttpRequest) -> HttpResponse:
    """HR: company values and protected peer feedback."""
    require_hr_page(permissions.can_configure(request.user))
    kind = request.POST.get("kind")
    saved = selectors.feedback_settings_get()
    settings_form = SettingsForm(
        request.POST if kind == "settings" else None,
        initial={"protected_peer_feedback": saved.protected_peer_feedback, "version": saved.version},
    )
    value_form = ValueForm(request.POST if kind == "value" else None, prefix="v")
    if kind == "settings":
        done = form_submit(
            request,
            settings_form,
            lambda data: services.feedback_settings_update(actor=request.user, **data),
            success=reverse("feedback:settings"),
            message=_("Saved."),
        )
        if done:
            return done
    if kind == "value" and value_form.is_valid():
        try:
            services.company_value_create(actor=request.user, **value_form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(value_form, exc)
        else:
            messages.success(request, _("Value added."))
            return redirect("feedback:settings")
    if kind == "toggle_value":
        _toggle_value(request)
        return redirect("feedback:settings")
    return render(
        request,
        "feedback/pages/settings.html",
        {
            "settings_form": settings_form,
            "value_form": value_form,
            "values": selectors.company_value_list(active_only=False),
        },
    )


def _toggle_value(request: AuthedHttpRequest) -> None:
    """Retire or reactivate a value as its button says, from the version the page showed."""
    value_id = id_param(request.POST.get("value"))
    value = selectors.company_value_find(value_id=value_id)
    if value is None:
        return
    try:
        services.company_value_set_active(
            actor=request.user,
            value=value,
            version=id_param(request.POST.get("version")),
            is_active=request.POST.get("is_active") == "1",
        )
    except Conflict as exc:  # the page shows the value as it is now
        messages.error(request, exc.detail)
