"""One error shape for the API: {"detail": ..., "errors": {"field": ["message"]}}, and for a 409
also what is saved now: {"detail": ..., "errors": {}, "current": {"field": value}, "version": 4}.

Services raise Django's PermissionDenied and ValidationError; the handlers here turn them into 403
and 422 for every route, so API modules never catch them. Pages: see core.middleware."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ConflictOut(ErrorOut):
    current: dict[str, Any] = Field(
        {}, description="For a stale edit: what is saved now, by field (see docs/api.md)"
    )
    version: int | None = Field(None, description="For a stale edit: the version saved now")


class Conflict(Exception):
    """The write met a newer state than the one it was made from (someone else acted first, or the
    same form was sent twice): 409 in the API, a message on the form in pages. Nothing was written.
    A stale edit (core.versioning) carries the current values and version of what it edited."""

    def __init__(self, detail: str, *, current: dict[str, Any] | None = None, version: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.current = current or {}
        self.version = version


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _ninja_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        # loc looks like ("body", "payload", "email") or ("query", "limit"); the last part names the field.
        loc = [
            str(part) for part in err.get("loc", ()) if part not in {"body", "query", "path", "form", "file"}
        ]
        field = loc[-1] if loc else "__all__"
        if field == "payload" or field.startswith("payload"):
            field = "__all__"
        errors.setdefault(field, []).append(str(err.get("msg", _("Invalid value."))))
    return errors


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Invalid input."), "errors": _ninja_errors(exc)}, status=422
        )

    @api.exception_handler(DjangoValidationError)
    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Invalid input."), "errors": django_errors(exc)}, status=422
        )

    @api.exception_handler(OverflowError)
    def number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An id beyond 64 bits cannot reach SQLite ("Python int too large to convert"), and a date
        # computed from a huge number overflows: bad input, not a server error.
        errors = {"__all__": [_("A number is out of range.")]}
        return api.create_response(request, {"detail": _("Invalid input."), "errors": errors}, status=422)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found."), "errors": {}}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # Selectors answer 404 for what the caller may not see, so a refusal that gets this far is
        # about a visible object (or a role gate): say why, with 403.
        return api.create_response(
            request, {"detail": str(exc) or _("Not allowed."), "errors": {}}, status=403
        )

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        body = {"detail": exc.detail, "errors": {}, "current": exc.current, "version": exc.version}
        return api.create_response(request, body, status=409)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Authentication required."), "errors": {}}, status=401
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "errors": {}}, status=exc.status_code)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error responses a route declares besides its success: the statuses it really answers.
    400 and 401 are always among them: any request may carry a NUL character (core.middleware
    answers 400, as it does for a body that is not JSON) and every route needs a signed-in caller.
    The others (docs/api.md): 403 a refused action (or an unsafe method sent with a session but
    without its CSRF token), 404 an object that is missing or hidden, 409 a conflicting write
    (core.errors.Conflict), 422 invalid input."""
    return {status: ConflictOut if status == 409 else ErrorOut for status in sorted({400, 401, *statuses})}
