"""HR's structure editor of a draft: its tracks with their levels, its themes with their
competencies (and the tracks a competency is limited to). Each row is a form of its own: save,
move up or down, delete; each list ends with a form to add one. Plain forms that work without
JavaScript; a save that fails shows the page again with that row's form and its errors."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import Conflict, django_errors
from cadence.core.forms import form_submit
from cadence.core.http import AuthedHttpRequest, id_param

from . import framework_editing, selectors
from .framework_views import draft_of
from .models import Competency, Framework, FrameworkVersion, Level, Theme, Track
from .selectors import VersionContent
from .structure_forms import CompetencyForm, LevelForm, RowForm, ThemeForm, TrackForm

Row = Track | Level | Theme | Competency


@dataclass(frozen=True)
class Kind:
    model: type[Row]
    form: type[RowForm]


KINDS = {
    "track": Kind(Track, TrackForm),
    "level": Kind(Level, LevelForm),
    "theme": Kind(Theme, ThemeForm),
    "competency": Kind(Competency, CompetencyForm),
}


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404
    return KINDS[name]


def _structure_url(framework_id: int, anchor: str = "") -> str:
    address = reverse("competencies:framework_structure", args=[framework_id])
    return f"{address}#{anchor}" if anchor else address


def _add_url(framework_id: int, kind: str, parent_id: int) -> str:
    """Where a level is added to a track, a competency to a theme."""
    return f"{reverse('competencies:framework_row_add', args=[framework_id, kind])}?in={parent_id}"


def _form(content: VersionContent, kind: str, form_id: str, bound: RowForm | None, **options: Any) -> RowForm:
    """The form of one row (or of a new one): the one that was just posted where it failed."""
    if bound is not None and bound.form_id == form_id:
        return bound
    if kind == "competency":
        options.update(themes=content.themes, tracks=content.tracks)
    return KINDS[kind].form(form_id=form_id, **options)


def _structure_page(
    request: AuthedHttpRequest,
    framework: Framework,
    content: VersionContent,
    bound: RowForm | None = None,
    status: int = 200,
) -> HttpResponse:
    def form(kind: str, form_id: str, **options: Any) -> RowForm:
        return _form(content, kind, form_id, bound, **options)

    tracks = [
        {
            "row": track,
            "form": form("track", f"track-{track.pk}", row=track),
            "levels": [(lv, form("level", f"level-{lv.pk}", row=lv)) for lv in track.level_list],  # type: ignore[attr-defined]
            "add": form("level", f"new-level-{track.pk}"),
            "add_url": _add_url(framework.pk, "level", track.pk),
        }
        for track in content.tracks
    ]
    themes = [
        {
            "row": theme,
            "form": form("theme", f"theme-{theme.pk}", row=theme),
            "competencies": [(c, form("competency", f"competency-{c.pk}", row=c)) for c in competencies],
            "add": form("competency", f"new-competency-{theme.pk}", theme=theme),
            "add_url": _add_url(framework.pk, "competency", theme.pk),
        }
        for theme, competencies in content.by_theme()
    ]
    return render(
        request,
        "competencies/pages/framework_structure.html",
        {
            "framework": framework,
            "content": content,
            "tracks": tracks,
            "themes": themes,
            "add_track": form("track", "new-track"),
            "add_theme": form("theme", "new-theme"),
        },
        status=status,
    )


@login_required
def framework_structure(request: AuthedHttpRequest, framework_id: int) -> HttpResponse:
    framework, draft = draft_of(request, framework_id)
    return _structure_page(request, framework, selectors.version_content(draft))


def _parent[P: (Track, Theme)](rows: list[P], pk: int | None) -> P:
    parent = next((row for row in rows if row.pk == pk), None)
    if parent is None:
        raise Http404
    return parent


def _creator(
    request: AuthedHttpRequest, kind: str, draft: FrameworkVersion, content: VersionContent
) -> tuple[str, dict[str, Any], Callable[[dict[str, Any]], Row]]:
    """For a kind of row: its add form's id, the form's options, and the service call that adds it."""
    actor, parent_id = request.user, id_param(request.GET.get("in"))
    if kind == "level":
        track = _parent(content.tracks, parent_id)
        return (
            f"new-level-{track.pk}",
            {},
            lambda d: framework_editing.level_create(actor=actor, track=track, **d),
        )
    if kind == "competency":
        theme = _parent(content.themes, parent_id)
        return (
            f"new-competency-{theme.pk}",
            {"theme": theme, "themes": content.themes, "tracks": content.tracks},
            lambda d: framework_editing.competency_create(actor=actor, framework_version=draft, **d),
        )
    create = framework_editing.track_create if kind == "track" else framework_editing.theme_create
    return f"new-{kind}", {}, lambda d: create(actor=actor, framework_version=draft, **d)


@login_required
@require_POST
def framework_row_add(request: AuthedHttpRequest, framework_id: int, kind: str) -> HttpResponse:
    spec = _kind(kind)
    framework, draft = draft_of(request, framework_id)
    content = selectors.version_content(draft)
    form_id, options, create = _creator(request, kind, draft, content)
    form = spec.form(request.POST, form_id=form_id, **options)
    done = form_submit(
        request,
        form,
        create,
        success=lambda row: _structure_url(framework.pk, f"row-{kind}-{row.pk}"),
        message=_("Added."),
    )
    return done or _structure_page(request, framework, content, bound=form, status=422)


def _attempt(request: AuthedHttpRequest, action: Callable[[], object], message: str) -> None:
    """A move or a delete: done (with `message`), or why not, as a message on the next page."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in django_errors(exc).values() for m in ms))
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, message)


def _save(actor: Any, row: Row) -> Callable[[dict[str, Any]], object]:
    if isinstance(row, Competency):
        return lambda d: framework_editing.competency_update(
            actor=actor,
            competency=row,
            version=d.pop("version"),
            tracks=d.pop("tracks"),
            values=d,
        )
    return lambda d: framework_editing.row_update(actor=actor, row=row, version=d.pop("version"), values=d)


@login_required
@require_POST
def framework_row_edit(request: AuthedHttpRequest, kind: str, row_id: int) -> HttpResponse:
    """Save a row (`action` save), move it (up, down) or delete it (delete)."""
    spec = _kind(kind)
    row = selectors.structure_row_for_editing(actor=request.user, model=spec.model, row_id=row_id)
    version = framework_editing.version_of(row)
    framework = version.framework
    if not version.is_editable:
        messages.error(request, _("This version is no longer a draft: start a new draft to change it."))
        return redirect("competencies:framework_detail", framework.pk)
    form_id, action = f"{kind}-{row.pk}", request.POST.get("action", "save")
    back = _structure_url(framework.pk, f"row-{kind}-{row.pk}")
    if action in ("up", "down"):
        by = -1 if action == "up" else 1
        _attempt(request, lambda: framework_editing.row_move(actor=request.user, row=row, by=by), _("Moved."))
        return redirect(back)
    if action == "delete":
        sent = id_param(request.POST.get(f"{form_id}-version"))
        _attempt(
            request,
            lambda: framework_editing.row_delete(actor=request.user, row=row, version=sent),
            _("Deleted."),
        )
        return redirect(_structure_url(framework.pk))
    content = selectors.version_content(version)
    options = {"themes": content.themes, "tracks": content.tracks} if kind == "competency" else {}
    form = spec.form(request.POST, form_id=form_id, row=row, **options)
    done = form_submit(request, form, _save(request.user, row), success=back, message=_("Saved."))
    return done or _structure_page(
        request, framework, content, bound=form, status=409 if form.changed_meanwhile else 422
    )
