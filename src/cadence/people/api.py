"""People API: the directory, profiles, HR edits and the HRIS import."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.models import User
from cadence.core.pagination import LimitOffsetPagination
from cadence.core.selectors import resolve_refs
from cadence.core.versioning import sent_version, with_etag

from . import importing, selectors, services
from .filters import PeopleFilters
from .models import Department, Employee
from .permissions import can_edit_people, is_manager, people_visible_to
from .schemas import DepartmentOut, ImportReportOut, PersonIn, PersonOut, PersonPatch

router = Router(tags=["people"])


class MeOut(Schema):
    id: int
    email: str
    role: str
    is_hr: bool
    is_manager: bool
    person: PersonOut | None


@router.get("/me", response={200: MeOut, **errors()}, tags=["me"])
def me(request: ApiRequest) -> dict:
    """The signed-in login: its role and, where it has one, its person."""
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "role": user.role,
        "is_hr": user.is_hr,
        "is_manager": is_manager(user),
        "person": selectors.person_for_user(user=user),
    }


def _require_editor(request: ApiRequest) -> None:
    if not can_edit_people(request.auth):
        raise PermissionDenied(_("Only HR admins can change people."))


def _resolve_refs(data: dict[str, Any], actor: User) -> dict[str, Any]:
    """Turn *_id fields into objects, answering 422 for ids that do not exist."""
    sources = {
        "department": selectors.department_choices(actor=actor),
        "team": selectors.team_list(actor=actor),
        "manager": people_visible_to(actor),
    }
    data = resolve_refs(data, sources)
    # null clears an optional text field; the column itself is NOT NULL.
    for name in ("gender", "job_title", "job_level", "location"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.get("/people", response={200: list[PersonOut], **errors(422)})
@paginate(LimitOffsetPagination)
def people_list(request: ApiRequest, filters: Query[PeopleFilters]) -> QuerySet[Employee]:
    return selectors.person_list(actor=request.auth, **filters.dict())


@router.get("/people/{int:person_id}", response={200: PersonOut, **errors(404, 422)})
def people_get(request: ApiRequest, person_id: int, response: HttpResponse) -> Employee:
    return with_etag(response, selectors.person_get(actor=request.auth, person_id=person_id))


@router.post("/people", response={201: PersonOut, **errors(403, 422)})
def people_create(request: ApiRequest, payload: PersonIn) -> Status[Employee]:
    _require_editor(request)
    data = _resolve_refs(payload.dict(), request.auth)
    person = services.person_create(actor=request.auth, **data)
    return Status(201, selectors.person_get(actor=request.auth, person_id=person.pk))


@router.patch("/people/{int:person_id}", response={200: PersonOut, **errors(403, 404, 409, 422)})
def people_update(
    request: ApiRequest, person_id: int, payload: PersonPatch, response: HttpResponse
) -> Employee:
    """Change a person (HR): send the `version` you edited, or If-Match with the ETag you got."""
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    _require_editor(request)
    data = _resolve_refs(payload.dict(exclude_unset=True), request.auth)
    status = data.pop("status", None)
    role = data.pop("role", None)
    version = sent_version(request, data.pop("version", None))
    services.person_update(actor=request.auth, person=person, version=version, role=role, **data)
    if status == Employee.Status.INACTIVE:
        services.person_deactivate(actor=request.auth, person=person)
    elif status == Employee.Status.ACTIVE:
        services.person_reactivate(actor=request.auth, person=person)
    return with_etag(response, selectors.person_get(actor=request.auth, person_id=person_id))


@router.get("/departments", response={200: list[DepartmentOut], **errors()})
def departments_list(request: ApiRequest) -> QuerySet[Department]:
    return selectors.department_list(actor=request.auth)


@router.post("/people/import", response={200: ImportReportOut, **errors(403, 422)})
def people_import(request: ApiRequest, file: File[UploadedFile], dry_run: bool = True) -> dict[str, Any]:
    """Import or update people from an HRIS export (CSV or XLSX). With `dry_run=true` (the default)
    nothing is written; otherwise the file is applied only if every row is valid."""
    _require_editor(request)
    report = importing.people_import(
        actor=request.auth, content=file.read(), filename=file.name or "", dry_run=dry_run
    )
    return report.as_dict()
