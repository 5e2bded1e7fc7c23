# (django-htmx sets request.htmx, which django-stubs does not know)
"""1:1 pages. Every page works without JavaScript (forms post and redirect back); with htmx the
agenda and action items are swapped in place."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import Conflict, django_errors
from cadence.core.forms import form_errors_from, form_submit, show_conflict
from cadence.core.http import AuthedHttpRequest, id_param, public_url
from cadence.core.i18n import language_of
from cadence.core.permissions import is_hr
from cadence.people.permissions import employee_of, is_manager, require_employee

from . import action_items, agenda_templates, calendar_feed, ical, selectors, services
from .forms import (
    ActionItemForm,
    PrivateNoteForm,
    RescheduleForm,
    ScheduleForm,
    SeriesEditForm,
    SeriesForm,
    SharedNoteForm,
    TalkingPointForm,
    TemplateForm,
)
from .models import DEFAULT_TEMPLATE_POINTS, AgendaTemplate, Meeting, Series, SharedNote
from .permissions import can_change_series, can_change_template, can_edit_agenda, is_participant


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def webcal_url(url: str) -> str:
    """The same feed address with the webcal scheme, which calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


@login_required
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """My 1:1s: upcoming meetings, my series and my calendar feed."""
    feed_url = request.session.pop("meetings_feed_url", None)  # just made: shown this once
    series = list(
        selectors.series_list(actor=request.user, person=getattr(employee_of(request.user), "pk", -1))
    )
    return render(
        request,
        "meetings/pages/mine.html",
        {
            "series_list": series,
            "upcoming": selectors.my_upcoming(actor=request.user),
            "open_items": list(selectors.action_item_list(actor=request.user, open=True, mine=True)[:20]),
            "has_feed": selectors.has_calendar_feed(actor=request.user),
            "feed_url": feed_url,
            "feed_webcal_url": webcal_url(feed_url) if feed_url else "",
            "can_overview": is_manager(request.user) or is_hr(request.user),
            "me": employee_of(request.user),
        },
    )


@login_required
def series_new(request: AuthedHttpRequest) -> HttpResponse:
    me = require_employee(request.user)
    form = SeriesForm(
        request.POST or None,
        actor=request.user,
        templates=selectors.template_list(actor=request.user),
        initial=request.GET.dict(),
    )

    def create(data: dict[str, Any]) -> Series:
        other = data["person"]
        leads = other.pk == me.manager_id  # with my manager: they lead, I am the employee
        return services.series_create(
            actor=request.user,
            manager=other if leads else me,
            employee=me if leads else other,
            cadence=data["cadence"],
            duration_minutes=data["duration_minutes"],
            first_meeting_at=data["first_meeting_at"],
            template=data["template"],
        )

    done = form_submit(
        request,
        form,
        create,
        success=lambda series: reverse("meetings:series", args=[series.pk]),
        message=_("1:1 set up. The first agenda is ready."),
    )
    return done or render(request, "meetings/pages/series_new.html", {"form": form})


@login_required
def series_detail(request: AuthedHttpRequest, series_id: int) -> HttpResponse:
    series = selectors.series_get(actor=request.user, series_id=series_id)
    participant = is_participant(request.user, series)
    page = Paginator(selectors.meeting_list(series=series), 25).get_page(request.GET.get("page"))
    templates = selectors.template_list(actor=request.user)
    edit_form = SeriesEditForm(
        request.POST or None,
        templates=templates,
        initial={
            "version": series.version,
            "cadence": series.cadence,
            "duration_minutes": series.duration_minutes,
            "template": series.template,
        },
    )
    can_change = can_change_series(request.user, series)
    if request.method == "POST" and not can_change:
        raise Http404
    done = form_submit(
        request,
        edit_form,
        lambda data: services.series_update(
            actor=request.user,
            series=series,
            version=data["version"],
            cadence=data["cadence"],
            duration_minutes=data["duration_minutes"],
            template=data["template"],
            clear_template=data["template"] is None,
        ),
        success=reverse("meetings:series", args=[series.pk]),
        message=_("Saved."),
    )
    if done:
        return done
    return render(
        request,
        "meetings/pages/series.html",
        {
            "series": series,
            "page": page,
            "participant": participant,
            "can_change": can_change,
            "overdue": selectors.is_overdue(series),
            "open_items": list(selectors.action_item_list(actor=request.user, series=series.pk, open=True))
            if participant
            else [],
            "edit_form": edit_form,
            "schedule_form": ScheduleForm(),
        },
    )


def _series_action(
    request: AuthedHttpRequest, series_id: int, action: Callable[..., Any], done: str
) -> HttpResponse:
    series = selectors.series_get(actor=request.user, series_id=series_id)
    if not can_change_series(request.user, series):
        raise Http404
    try:
        result = action(actor=request.user, series=series)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in django_errors(exc).values() for m in ms))
        return redirect("meetings:series", series.pk)
    messages.success(request, done)
    if isinstance(result, Meeting):
        return redirect("meetings:meeting", result.pk)
    return redirect("meetings:series", series.pk)


@login_required
@require_POST
def series_end(request: AuthedHttpRequest, series_id: int) -> HttpResponse:
    return _series_action(
        request, series_id, services.series_end, _("The series has ended; its history stays.")
    )


@login_required
@require_POST
def meeting_new(request: AuthedHttpRequest, series_id: int) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid date and time."))
        return redirect("meetings:series", series_id)
    when = form.cleaned_data["scheduled_at"]

    def schedule(*, actor: Any, series: Any) -> Meeting:
        return services.meeting_schedule(actor=actor, series=series, scheduled_at=when)

    return _series_action(request, series_id, schedule, _("Meeting scheduled."))


def shared_note_initial(note: SharedNote) -> dict[str, Any]:
    return {"text": note.text, "version": note.version}


def meeting_context(request: AuthedHttpRequest, meeting_id: int) -> dict[str, Any]:
    page = selectors.meeting_page(actor=request.user, meeting_id=meeting_id)
    meeting = page.meeting
    return {
        "page": page,
        "meeting": meeting,
        "series": meeting.series,
        "me": employee_of(request.user),
        "can_edit": can_edit_agenda(request.user, meeting),
        "point_form": TalkingPointForm(),
        "item_form": ActionItemForm(meeting=meeting, initial={"owner": meeting.series.employee_id}),
        "note_form": PrivateNoteForm(prefix="note", initial={"text": page.note.text if page.note else ""}),
        "shared_form": SharedNoteForm(prefix="shared", initial=shared_note_initial(page.shared_note)),
        "schedule_form": RescheduleForm(
            initial={"scheduled_at": meeting.scheduled_at, "version": meeting.version}
        ),
    }


@login_required
def meeting_detail(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    return render(request, "meetings/pages/meeting.html", meeting_context(request, meeting_id))


@login_required
def meeting_ics(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    content = ical.calendar_for([meeting], name=str(meeting.series), request=request)
    return _ics_response(content, f"one-on-one-{meeting.pk}.ics", attachment=True)


def back_to_meeting(
    request: AuthedHttpRequest, meeting_id: int, partial: str, anchor: str, **extra: Any
) -> HttpResponse:
    """htmx gets the changed section back; a plain form post goes back to the page."""
    if request.htmx:
        context = meeting_context(request, meeting_id)
        context.update(extra)
        return render(request, f"meetings/partials/{partial}.html", context)
    return redirect(f"{reverse('meetings:meeting', args=[meeting_id])}#{anchor}")


def run_action(request: AuthedHttpRequest, action: Callable[[], Any]) -> ValidationError | Conflict | None:
    """Do a page action; a refusal of the service is said in a message (htmx: by the caller)."""
    try:
        action()
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(m for ms in django_errors(exc).values() for m in ms))
        return exc
    except Conflict as exc:  # the page shows what is saved now, with the reason
        if not request.htmx:
            messages.error(request, exc.detail)
        return exc
    return None


def _notice(exc: ValidationError | Conflict | None) -> dict[str, Any]:
    """For a section swapped by htmx: the stale-edit message above it."""
    return {"notice": exc.detail} if isinstance(exc, Conflict) else {}


@login_required
@require_POST
def meeting_finish(request: AuthedHttpRequest, meeting_id: int, outcome: str) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    finish = services.meeting_complete if outcome == "complete" else services.meeting_cancel
    run_action(request, lambda: finish(actor=request.user, meeting=meeting))
    upcoming = selectors.next_scheduled(actor=request.user, series=meeting.series)
    if outcome == "complete":
        messages.success(request, _("Meeting completed. Open talking points moved to the next one."))
    else:
        messages.success(request, _("Meeting cancelled. Its talking points moved to the next one."))
    return redirect("meetings:meeting", upcoming.pk if upcoming else meeting.pk)


@login_required
@require_POST
def meeting_reschedule(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    form = RescheduleForm(
        request.POST, initial={"scheduled_at": meeting.scheduled_at, "version": meeting.version}
    )
    if not form.is_valid():
        messages.error(request, _("Choose a valid date and time."))
        return redirect("meetings:meeting", meeting.pk)
    try:
        services.meeting_reschedule(actor=request.user, meeting=meeting, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in django_errors(exc).values() for m in ms))
    except Conflict as exc:  # the page again, with the date typed and the one saved meanwhile
        show_conflict(form, exc)
        context = {**meeting_context(request, meeting_id), "schedule_form": form}
        return render(request, "meetings/pages/meeting.html", context, status=409)
    else:
        messages.success(request, _("Rescheduled."))
    return redirect("meetings:meeting", meeting.pk)


@login_required
@require_POST
def point_add(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    form = TalkingPointForm(request.POST)
    if form.is_valid():
        exc = run_action(
            request,
            lambda: services.talking_point_add(
                actor=request.user, meeting=meeting, text=form.cleaned_data["text"]
            ),
        )
        if isinstance(exc, ValidationError):  # adding cannot be stale
            form_errors_from(form, exc)
        else:
            form = TalkingPointForm()
    elif not request.htmx:
        messages.error(request, _("Write a talking point first (up to 500 characters)."))
    return back_to_meeting(request, meeting_id, "agenda", "agenda", point_form=form)


def _point_action(
    request: AuthedHttpRequest, point_id: int, action: Callable[..., Any], **kwargs: Any
) -> HttpResponse:
    point = selectors.talking_point_get(actor=request.user, point_id=point_id)
    exc = run_action(request, lambda: action(actor=request.user, point=point, **kwargs))
    return back_to_meeting(request, point.meeting_id, "agenda", "agenda", **_notice(exc))


@login_required
@require_POST
def point_move(request: AuthedHttpRequest, point_id: int, direction: str) -> HttpResponse:
    return _point_action(request, point_id, services.talking_point_move, direction=direction)


@login_required
@require_POST
def point_discussed(request: AuthedHttpRequest, point_id: int) -> HttpResponse:
    return _point_action(
        request,
        point_id,
        services.talking_point_update,
        version=id_param(request.POST.get("version")),
        discussed=request.POST.get("discussed") == "1",
    )


@login_required
@require_POST
def point_delete(request: AuthedHttpRequest, point_id: int) -> HttpResponse:
    return _point_action(request, point_id, services.talking_point_delete)


@login_required
@require_POST
def point_reorder(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    """Drag and drop sends the whole order; without JavaScript the up/down buttons do the job."""
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    order, previous = (
        [pk for v in request.POST.getlist(name) if (pk := id_param(v)) is not None]
        for name in ("order", "previous")
    )
    exc = run_action(
        request,
        lambda: services.talking_point_reorder(
            actor=request.user, meeting=meeting, order=order, previous=previous
        ),
    )
    return back_to_meeting(request, meeting_id, "agenda", "agenda", **_notice(exc))


@login_required
@require_POST
def item_add(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        series = meeting.series
        owner = series.employee if form.cleaned_data["owner"] == series.employee_id else series.manager
        exc = run_action(
            request,
            lambda: action_items.action_item_add(
                actor=request.user, meeting=meeting, title=form.cleaned_data["title"], owner=owner,
                due_date=form.cleaned_data["due_date"],
            ),
        )  # fmt: skip
        if isinstance(exc, ValidationError):  # adding cannot be stale
            form_errors_from(form, exc)
        else:
            form = ActionItemForm(meeting=meeting, initial={"owner": series.employee_id})
    elif not request.htmx:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return back_to_meeting(request, meeting_id, "action_items", "action-items", item_form=form)


@login_required
@require_POST
def item_done(request: AuthedHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.action_item_get(actor=request.user, item_id=item_id)
    done, version = request.POST.get("done") == "1", id_param(request.POST.get("version"))
    exc = run_action(
        request,
        lambda: action_items.action_item_update(actor=request.user, item=item, version=version, done=done),
    )
    back = request.POST.get("meeting")
    meeting_id = id_param(back) or item.meeting_id
    return back_to_meeting(request, meeting_id, "action_items", "action-items", **_notice(exc))


@login_required
@require_POST
def note_save(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    form = PrivateNoteForm(request.POST, prefix="note")
    if form.is_valid():
        if (
            run_action(
                request,
                lambda: services.private_note_save(
                    actor=request.user, meeting=meeting, text=form.cleaned_data["text"]
                ),
            )
            is None
        ):
            messages.success(request, _("Private notes saved."))
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect(f"{reverse('meetings:meeting', args=[meeting_id])}#private-notes")


@login_required
def team(request: AuthedHttpRequest) -> HttpResponse:
    """Per report: the last 1:1, the next one and whether the cadence is kept."""
    everyone = request.GET.get("scope") == "all"
    page = Paginator(selectors.team_overview(actor=request.user, everyone=everyone), 50).get_page(
        request.GET.get("page")
    )
    rows = selectors.overview_rows(actor=request.user, people=list(page.object_list))
    return render(
        request,
        "meetings/pages/team.html",
        {
            "page": page,
            "rows": rows,
            "everyone": everyone,
            "overdue_count": sum(r.overdue for r in rows),
            "me": employee_of(request.user),
        },
    )


@login_required
def templates(request: AuthedHttpRequest) -> HttpResponse:
    require_employee(request.user)
    form = TemplateForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda data: agenda_templates.agenda_template_create(
            actor=request.user,
            name=data["name"],
            points=data["points"],
            shared=is_hr(request.user) and request.POST.get("shared") == "1",
        ),
        success=reverse("meetings:templates"),
        message=_("Template saved."),
    )
    if done:
        return done
    templates = list(selectors.template_list(actor=request.user))
    return render(
        request,
        "meetings/pages/templates.html",
        {
            "form": form,
            "templates": templates,
            "editable": {t.pk for t in templates if can_change_template(request.user, t)},
            "default_points": DEFAULT_TEMPLATE_POINTS,
            "can_share": is_hr(request.user),
        },
    )


def _changeable_template(request: AuthedHttpRequest, template_id: int) -> AgendaTemplate:
    """A template the user may change; one they may only use (or not see) answers 404."""
    template = selectors.template_get(actor=request.user, template_id=template_id)
    if not can_change_template(request.user, template):
        raise Http404
    return template


@login_required
def template_edit(request: AuthedHttpRequest, template_id: int) -> HttpResponse:
    template = _changeable_template(request, template_id)
    initial = {"version": template.version, "name": template.name, "points": "\n".join(template.points)}
    form = TemplateForm(request.POST or None, initial=initial)
    done = form_submit(
        request,
        form,
        lambda data: agenda_templates.agenda_template_update(
            actor=request.user,
            template=template,
            version=data["version"],
            name=data["name"],
            points=data["points"],
        ),
        success=reverse("meetings:templates"),
        message=_("Template saved."),
    )
    return done or render(request, "meetings/pages/template_edit.html", {"form": form, "template": template})


@login_required
@require_POST
def template_delete(request: AuthedHttpRequest, template_id: int) -> HttpResponse:
    template = _changeable_template(request, template_id)
    agenda_templates.agenda_template_delete(actor=request.user, template=template)
    messages.success(request, _("Template deleted. 1:1s that used it start from the default questions."))
    return redirect("meetings:templates")


@login_required
@require_POST
def feed_regenerate(request: AuthedHttpRequest) -> HttpResponse:
    raw = calendar_feed.calendar_feed_regenerate(actor=request.user)
    # Shown once: only the token's hash is stored.
    request.session["meetings_feed_url"] = public_url(reverse("meetings:feed", args=[raw]), request)
    messages.success(request, _("New calendar address created. The previous one no longer works."))
    return redirect(f"{reverse('meetings:mine')}#calendar")


@login_required
@require_POST
def feed_revoke(request: AuthedHttpRequest) -> HttpResponse:
    calendar_feed.calendar_feed_revoke(actor=request.user)
    messages.success(request, _("Calendar address turned off."))
    return redirect(f"{reverse('meetings:mine')}#calendar")


def feed(request: AuthedHttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: no login, the secret URL is the key. ?series=ID narrows it."""
    user = selectors.calendar_feed_user(token=token)
    if user is None:
        raise Http404
    series = request.GET.get("series", "")
    meetings = selectors.feed_meetings(user=user, series_id=id_param(series))
    with language_of(user):  # calendar apps send no language; the feed is its owner's
        content = ical.calendar_for(
            meetings,
            name=_("1:1s of %(name)s") % {"name": user.get_full_name() or user.email},
            request=request,
        )
    return _ics_response(content, "one-on-ones.ics", attachment=False)
