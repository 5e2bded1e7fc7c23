"""/api/v1/competency-frameworks: frameworks with their versions, tracks, levels, themes,
competencies and expectations; HR's drafts, expectation edits, publishing; import and export.
Everyone with a profile reads the published versions; HR reads every version and writes."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.versioning import sent_version

from . import exchange, framework_editing, permissions, selectors
from .framework_schemas import (
    ExpectationPatchIn,
    FrameworkExpectationOut,
    FrameworkExportOut,
    FrameworkImportIn,
    FrameworkImportOut,
    FrameworkIn,
    FrameworkOut,
    FrameworkPublishIn,
    FrameworkVersionOut,
)
from .models import Expectation, Framework, FrameworkVersion

router = Router(tags=["competency frameworks"])


def _require_reader(request: ApiRequest) -> None:
    if not permissions.can_read_frameworks(request.auth):
        raise Http404


def _framework_out(framework: Framework, actor: Any) -> dict[str, Any]:
    versions = framework.visible_versions  # type: ignore[attr-defined]
    published = next((v.number for v in versions if v.status == FrameworkVersion.Status.PUBLISHED), None)
    draft = next((v.number for v in versions if v.status == FrameworkVersion.Status.DRAFT), None)
    return {
        "id": framework.pk,
        "name": framework.name,
        "description": framework.description,
        "is_general": framework.is_general,
        "published_version": published,
        "draft_version": draft if permissions.can_edit_frameworks(actor) else None,
    }


def _version_out(request: ApiRequest, framework: Framework, version: FrameworkVersion) -> dict[str, Any]:
    content = selectors.version_content(version)
    levels = {lv.pk: (track, lv) for track in content.tracks for lv in track.level_list}  # type: ignore[attr-defined]
    themes = {t.pk: t.key for t in content.themes}

    def expectations(competency_id: int) -> list[dict[str, Any]]:
        cells = [(e, *levels[e.level_id]) for (c, _lv), e in content.cells.items() if c == competency_id]
        return [
            {"id": e.pk, "track_key": t.key, "level_key": lv.key, "text": e.text, "version": e.version}
            for e, t, lv in sorted(
                cells, key=lambda row: (row[1].position, row[1].pk, row[2].position, row[2].pk)
            )
        ]

    return {
        "framework": _framework_out(framework, request.auth),
        "number": version.number,
        "status": version.status,
        "notes": version.notes,
        "published_at": version.published_at,
        "tracks": [
            {**_fields(t, "id", "key", "name", "description"), "levels": t.level_list}  # type: ignore[attr-defined]
            for t in content.tracks
        ],
        "themes": content.themes,
        "competencies": [
            {
                **_fields(c, "id", "key", "name", "description"),
                "theme_key": themes[c.theme_id],
                "tracks": [t.key for t in c.tracks.all()],
                "expectations": expectations(c.pk),
            }
            for c in content.competencies
        ],
    }


def _fields(obj: Any, *names: str) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


@router.get("/competency-frameworks", response={200: list[FrameworkOut], **errors(404)})
def framework_list(request: ApiRequest) -> list[dict[str, Any]]:
    """The frameworks the caller may read, with the number of their published version (and, for HR,
    of their draft)."""
    _require_reader(request)
    return [_framework_out(f, request.auth) for f in selectors.framework_list(actor=request.auth)]


@router.post("/competency-frameworks/import", response={200: FrameworkImportOut, **errors(403, 422)})
def framework_import(request: ApiRequest, payload: FrameworkImportIn) -> dict[str, Any]:
    """HR: check a YAML or JSON document (`dry_run`, the default: what it would create, change and
    remove), or import it as a new framework or the draft of the one with its name. Problems answer
    422 with `errors` keyed by their place in the document, such as `tracks[0].levels[2].code`."""
    result = exchange.framework_import(actor=request.auth, text=payload.text, dry_run=payload.dry_run)
    return {
        "framework_name": result.framework_name,
        "new_framework": result.new_framework,
        "draft_number": result.draft_number,
        "dry_run": payload.dry_run,
        "framework_id": result.framework.pk if result.framework else None,
        "changes": result.changes,
    }


@router.get("/competency-frameworks/{framework_id}", response={200: FrameworkVersionOut, **errors(404, 422)})
def framework_get(
    request: ApiRequest, framework_id: int, version: int | None = Query(None, ge=1, le=2**31 - 1)
) -> dict[str, Any]:
    """The published version with everything in it; HR may ask for any `version` by its number."""
    framework = selectors.framework_get(actor=request.auth, framework_id=framework_id)
    found = selectors.version_for_reading(actor=request.auth, framework=framework, number=version)
    return _version_out(request, framework, found)


@router.post("/competency-frameworks", response={201: FrameworkOut, **errors(403, 422)})
def framework_create(request: ApiRequest, payload: FrameworkIn) -> Any:
    """HR: a new framework with an empty draft of version 1."""
    framework = framework_editing.framework_create(actor=request.auth, **payload.dict())
    return Status(
        201,
        _framework_out(selectors.framework_get(actor=request.auth, framework_id=framework.pk), request.auth),
    )


@router.post(
    "/competency-frameworks/{framework_id}/draft",
    response={200: FrameworkVersionOut, **errors(403, 404, 422)},
)
def framework_draft(request: ApiRequest, framework_id: int) -> dict[str, Any]:
    """HR: the framework's draft, started as a copy of the published version when there is none."""
    framework = _editable(request, framework_id)
    draft = framework_editing.draft_start(actor=request.auth, framework=framework)
    return _version_out(request, framework, draft)


def _editable(request: ApiRequest, framework_id: int) -> Framework:
    if not permissions.can_edit_frameworks(request.auth):
        raise PermissionDenied(_("Only HR admins edit competency frameworks."))
    return selectors.framework_get(actor=request.auth, framework_id=framework_id)


@router.patch(
    "/competency-frameworks/expectations/{expectation_id}",
    response={200: FrameworkExpectationOut, **errors(403, 404, 409, 422)},
)
def expectation_patch(
    request: ApiRequest, expectation_id: int, payload: ExpectationPatchIn
) -> dict[str, Any]:
    """HR: change what a competency expects at a level, in a draft (a published version is frozen:
    422). Send the version you read; a stale one answers 409 with the saved text."""
    if not permissions.can_edit_frameworks(request.auth):
        raise PermissionDenied(_("Only HR admins edit competency frameworks."))
    expectation = selectors.expectation_for_editing(actor=request.auth, expectation_id=expectation_id)
    saved = framework_editing.row_update(
        actor=request.auth,
        row=expectation,
        version=sent_version(request, payload.version),
        values={"text": payload.text},
    )
    assert isinstance(saved, Expectation)
    return {
        "id": saved.pk,
        "track_key": saved.level.track.key,
        "level_key": saved.level.key,
        "text": saved.text,
        "version": saved.version,
    }


@router.post(
    "/competency-frameworks/{framework_id}/publish",
    response={200: FrameworkVersionOut, **errors(403, 404, 422)},
)
def framework_publish(request: ApiRequest, framework_id: int, payload: FrameworkPublishIn) -> dict[str, Any]:
    """HR: publish the draft (the previous published version is retired); what stops it: 422."""
    framework = _editable(request, framework_id)
    draft = selectors.draft_version_of(framework.pk)
    if draft is None:
        raise Http404
    published = framework_editing.version_publish(actor=request.auth, version=draft, notes=payload.notes)
    return _version_out(request, framework, published)


@router.get(
    "/competency-frameworks/{framework_id}/export", response={200: FrameworkExportOut, **errors(404, 422)}
)
def framework_export(
    request: ApiRequest,
    framework_id: int,
    format: Literal["yaml", "json"] = "yaml",
    version: int | None = Query(None, ge=1, le=2**31 - 1),
) -> dict[str, Any]:
    """The published version (HR: any `version`) as the document the import reads, in the `document`
    field as text."""
    framework = selectors.framework_get(actor=request.auth, framework_id=framework_id)
    found = selectors.version_for_reading(actor=request.auth, framework=framework, number=version)
    return {
        "format": format,
        "filename": f"{framework.name}-v{found.number}.{format}",
        "document": exchange.version_export(actor=request.auth, version=found, fmt=format),
    }
