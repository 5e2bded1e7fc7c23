"""Request hygiene shared by every page and API route."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

# How a NUL character is written in each kind of text body.
NUL_IN_BODY = {
    "application/json": (b"\x00", b"\\u0000"),
    "application/x-www-form-urlencoded": (b"\x00", b"%00"),
}


def _has_nul(request: HttpRequest) -> bool:
    # PostgreSQL text cannot hold NUL characters; refuse them up front instead of failing deep inside a query.
    if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
        return True
    markers = NUL_IN_BODY.get(request.content_type or "", ())
    return any(marker in request.body for marker in markers)


class RejectNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("Text may not contain NUL characters.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "errors": {"__all__": [message]}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class UserLanguageMiddleware:
    """After sign-in, pages speak the language the person chose on their account page; without a
    choice, LocaleMiddleware's pick from the browser stands. Runs after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = getattr(getattr(request, "user", None), "language", "")
        if not language:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        # override, not activate: the thread returns to its language when the response is done.
        with translation.override(language):
            response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response


class PermissionDeniedAsNotFoundMiddleware:
    """Pages answer 404 when a service refuses (PermissionDenied), as for an object the person may
    not see, so a page never tells apart "forbidden" from "not there" and views need no try blocks.
    Role-gated pages (HR only) raise Http404 themselves, as before. Only Cadence's own pages:
    the Django admin keeps its 403, and the API maps PermissionDenied to 403 (core.errors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PermissionDenied) or not _is_cadence_page(request):
            return None
        return response_for_exception(request, Http404(str(exception)))


def _is_cadence_page(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.func.__module__.startswith("cadence.")
