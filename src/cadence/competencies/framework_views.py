"""Pages of competency frameworks: the list, a framework's published version as a matrix per track
(HR: any version and the history), HR's matrix editor of the draft (one expectation saved at a time,
with htmx), publishing, and YAML/JSON import and export."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.errors import django_errors
from cadence.core.forms import form_submit
from cadence.core.http import AuthedHttpRequest, id_param
from cadence.core.permissions import require_hr_page
from cadence.people.permissions import require_employee

from . import exchange, framework_editing, permissions, selectors
from .framework_forms import ExpectationForm, FrameworkForm, ImportForm, PublishForm
from .models import Expectation, Framework, FrameworkVersion

EXPORT_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json; charset=utf-8"}


def _require_editor(request: AuthedHttpRequest) -> None:
    require_hr_page(permissions.can_edit_frameworks(request.user))


@login_required
def framework_list(request: AuthedHttpRequest) -> HttpResponse:
    is_editor = permissions.can_edit_frameworks(request.user)
    if not is_editor:
        require_employee(request.user)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST":
        _require_editor(request)
    done = form_submit(
        request,
        form,
        lambda d: framework_editing.framework_create(actor=request.user, **d),
        success=lambda framework: reverse("competencies:framework_editor", args=[framework.pk]),
        message=_("Framework created: fill in its first version."),
    )
    return done or render(
        request,
        "competencies/pages/framework_list.html",
        {"frameworks": selectors.framework_list(actor=request.user), "form": form, "is_editor": is_editor},
    )


@login_required
def framework_detail(request: AuthedHttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_get(actor=request.user, framework_id=framework_id)
    version = selectors.version_for_reading(
        actor=request.user, framework=framework, number=id_param(request.GET.get("version"))
    )
    is_editor = permissions.can_edit_frameworks(request.user)
    return render(
        request,
        "competencies/pages/framework_detail.html",
        {
            "framework": framework,
            "content": (content := selectors.version_content(version)),
            "matrices": [(track, content.rows_for(track)) for track in content.tracks],
            "is_editor": is_editor,
            "versions": selectors.framework_versions_for(actor=request.user, framework=framework)
            if is_editor
            else [],
            "draft": selectors.draft_version_of(framework.pk) if is_editor else None,
        },
    )


@login_required
@require_POST
def framework_draft(request: AuthedHttpRequest, framework_id: int) -> HttpResponse:
    _require_editor(request)
    framework = selectors.framework_get(actor=request.user, framework_id=framework_id)
    framework_editing.draft_start(actor=request.user, framework=framework)
    return redirect("competencies:framework_editor", framework.pk)


def draft_of(request: AuthedHttpRequest, framework_id: int) -> tuple[Framework, FrameworkVersion]:
    _require_editor(request)
    framework = selectors.framework_get(actor=request.user, framework_id=framework_id)
    draft = selectors.draft_version_of(framework.pk)
    if draft is None:
        raise Http404
    return framework, draft


@login_required
def framework_editor(request: AuthedHttpRequest, framework_id: int) -> HttpResponse:
    framework, draft = draft_of(request, framework_id)
    return _editor_page(request, framework, draft, PublishForm())


def _editor_page(
    request: AuthedHttpRequest,
    framework: Framework,
    draft: FrameworkVersion,
    publish_form: PublishForm,
    status: int = 200,
) -> HttpResponse:
    content = selectors.version_content(draft)
    matrices = [
        (
            track,
            [
                (c, [_cell(_placed(e, c, level)) for e, level in zip(cells, track.level_list, strict=True)])  # type: ignore[attr-defined]
                for c, cells in content.rows_for(track)
            ],
        )
        for track in content.tracks
    ]
    return render(
        request,
        "competencies/pages/framework_editor.html",
        {
            "framework": framework,
            "content": content,
            "matrices": matrices,
            "publish_form": publish_form,
            "view": "list" if request.GET.get("view") == "list" else "matrix",
            "problems": framework_editing.publish_problems(draft),
        },
        status=status,
    )


def _placed(expectation: Expectation | None, competency: Any, level: Any) -> Expectation | None:
    """The cell with its row and column as the content loaded them (its label names both)."""
    if expectation is not None:
        expectation.competency, expectation.level = competency, level
    return expectation


def _cell(
    expectation: Expectation | None, form: ExpectationForm | None = None, **extra: Any
) -> dict[str, Any]:
    if expectation is None:
        return {"expectation": None}
    return {"expectation": expectation, "form": form or ExpectationForm(expectation=expectation), **extra}


@login_required
@require_POST
def framework_expectation_save(request: AuthedHttpRequest, expectation_id: int) -> HttpResponse:
    """Save one cell of the draft. htmx gets the cell back ("Saved", or the conflict with what is
    saved now while the typed text stays); without JavaScript the editor page."""
    _require_editor(request)
    expectation = selectors.expectation_for_editing(actor=request.user, expectation_id=expectation_id)
    framework = expectation.competency.framework_version.framework
    form = ExpectationForm(request.POST, expectation=expectation)
    done = form_submit(
        request,
        form,
        lambda d: framework_editing.row_update(
            actor=request.user, row=expectation, version=d.get("version"), values={"text": d["text"]}
        ),
        success=f"{reverse('competencies:framework_editor', args=[framework.pk])}#cell-{expectation.pk}",
        message=_("Saved."),
    )
    if not request.htmx:
        return done or _cell_page(request, framework, expectation, form)
    if done is None:
        return render(request, "competencies/partials/matrix_cell.html", {"cell": _cell(expectation, form)})
    list(messages.get_messages(request))  # the cell says it; the message is not left for the next page
    saved = selectors.expectation_for_editing(actor=request.user, expectation_id=expectation_id)
    return render(request, "competencies/partials/matrix_cell.html", {"cell": _cell(saved, saved=True)})


def _cell_page(
    request: AuthedHttpRequest, framework: Framework, expectation: Expectation, form: ExpectationForm
) -> HttpResponse:
    """Without JavaScript, a cell that was not saved (a conflict, a too long text) on a page of its own."""
    return render(
        request,
        "competencies/pages/framework_cell.html",
        {"framework": framework, "cell": _cell(expectation, form)},
        status=409 if form.changed_meanwhile else 422,
    )


@login_required
@require_POST
def framework_publish(request: AuthedHttpRequest, framework_id: int) -> HttpResponse:
    framework, draft = draft_of(request, framework_id)
    form = PublishForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda d: framework_editing.version_publish(actor=request.user, version=draft, notes=d["notes"]),
        success=reverse("competencies:framework_detail", args=[framework.pk]),
        message=lambda version: _("Version %(number)s is published.") % {"number": version.number},
    )
    return done or _editor_page(request, framework, draft, form, status=422)


@login_required
def framework_export(request: AuthedHttpRequest, framework_id: int, file_format: str) -> HttpResponse:
    framework = selectors.framework_get(actor=request.user, framework_id=framework_id)
    version = selectors.version_for_reading(
        actor=request.user, framework=framework, number=id_param(request.GET.get("version"))
    )
    text = exchange.version_export(actor=request.user, version=version, fmt=file_format)
    response = HttpResponse(text, content_type=EXPORT_TYPES[file_format])
    name = f"{framework.name}-v{version.number}".replace('"', "").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@login_required
def framework_import(request: AuthedHttpRequest) -> HttpResponse:
    """Paste or upload a document: "Check" shows what importing it does or where it is wrong,
    "Import" does it."""
    _require_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        apply = request.POST.get("action") == "import"
        try:
            result = exchange.framework_import(
                actor=request.user, text=form.cleaned_data["text"], dry_run=not apply
            )
        except ValidationError as exc:
            context["errors"] = django_errors(exc)
        else:
            if apply and result.framework is not None:
                messages.success(
                    request,
                    _("Imported into the draft (version %(number)s) of %(name)s: check it and publish.")
                    % {"number": result.draft_number, "name": result.framework_name},
                )
                return redirect("competencies:framework_editor", result.framework.pk)
            context.update({"result": result, "text": form.cleaned_data["text"]})
    status = 422 if context.get("errors") or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "competencies/pages/framework_import.html", context, status=status)
