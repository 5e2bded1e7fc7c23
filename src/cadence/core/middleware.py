"""Request hygiene shared by every page and API route."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
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
