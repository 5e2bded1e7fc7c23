# (django-htmx sets request.htmx, which django-stubs does not know)
"""The meeting page's shared notes and the agenda's links to goals and feedback. Like the rest of
the page, each works without JavaScript (the form posts and the page comes back); with htmx the
section is swapped in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import Conflict
from cadence.core.forms import form_errors_from, show_conflict
from cadence.core.http import AuthedHttpRequest, id_param

from . import selectors, services
from .forms import SharedNoteForm
from .shared_notes import shared_note_save
from .views import back_to_meeting, meeting_context, run_action, shared_note_initial


@login_required
@require_POST
def shared_note(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    """Save the shared notes from the version the page showed. A stale save keeps what was typed
    and shows what the other person saved (409 for a whole page; htmx swaps the section in)."""
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    note = selectors.shared_note_get(actor=request.user, meeting=meeting)
    form = SharedNoteForm(request.POST, prefix="shared", initial=shared_note_initial(note))
    status = 422
    if form.is_valid():
        try:
            note = shared_note_save(
                actor=request.user, meeting=meeting, version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )  # fmt: skip
        except ValidationError as exc:
            form_errors_from(form, exc)
        except Conflict as exc:
            show_conflict(form, exc)
            status = 409
        else:
            status = 200
    if status == 200 and not request.htmx:
        messages.success(request, _("Shared notes saved."))
        return redirect(f"{reverse('meetings:meeting', args=[meeting_id])}#shared-notes")
    context = meeting_context(request, meeting_id)
    if status == 200:
        context["saved"] = True  # the fresh form from the context carries the new version
    else:
        context["shared_form"] = form
    if request.htmx:  # htmx swaps only 2xx answers: the section says what happened itself
        return render(request, "meetings/partials/shared_notes.html", context)
    return render(request, "meetings/pages/meeting.html", context, status=status)


@login_required
@require_POST
def point_link(request: AuthedHttpRequest, meeting_id: int) -> HttpResponse:
    """Put a goal or feedback item on the agenda ("goal:12" from the picker)."""
    meeting = selectors.meeting_get(actor=request.user, meeting_id=meeting_id)
    kind, _sep, target = request.POST.get("link", "").partition(":")
    exc = run_action(
        request,
        lambda: services.talking_point_link(
            actor=request.user, meeting=meeting, kind=kind, target_id=id_param(target)
        ),
    )
    extra = {"link_error": " ".join(exc.messages)} if isinstance(exc, ValidationError) else {}
    return back_to_meeting(request, meeting_id, "agenda", "agenda", **extra)
