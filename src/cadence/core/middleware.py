"""Request hygiene shared by every page and API route."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .error_views import bad_text
from .permissions import RoleRequired
from .text import cleaned_titles_and_names

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _json_strings(body: bytes) -> Iterator[str]:
    # The API parses a body as JSON whatever its Content-Type says.
    try:
        document = json.loads(body)
    except ValueError:
        return
    yield from _strings(document)


def _submitted_text(request: HttpRequest) -> Iterator[str]:
    yield request.path
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            yield key
            yield from values
    # Multipart uploads are streamed, never read whole; any other body may reach the API's JSON parser.
    if request.content_type != "multipart/form-data" and request.body:
        yield from _json_strings(request.body)


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text_problem(request: HttpRequest) -> str | None:
    """Why the request's text cannot be stored, if it cannot: PostgreSQL text holds neither NUL
    characters nor unpaired surrogates (JSON's "\\ud800"), so they are refused up front instead of
    failing deep inside a query."""
    try:
        for text in _submitted_text(request):
            if "\x00" in text:
                return _("Text may not contain NUL characters.")
            if _has_lone_surrogate(text):
                return _("Text may not contain unpaired surrogate characters.")
    except RecursionError:
        # JSON nested deeper than Python's recursion limit, which the API's parser would trip on too.
        return _("The JSON document is nested too deeply.")
    return None


class RejectUnstorableTextMiddleware:
    """Refuses text the database cannot store, and answers an over-large API body in the API's
    error shape (pages get the 400 page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            problem = _text_problem(request)
        except RequestDataTooBig:
            if not request.path.startswith("/api/"):
                raise
            message = _("The request body is too large.")
            return JsonResponse({"detail": message, "errors": {}}, status=413)
        if problem:
            return bad_text(request, problem)
        return self.get_response(request)


class TitlesAndNamesWithoutBidiControlsMiddleware:
    """Removes bidirectional control characters from the titles and names of a form post (core.text
    says why and which fields); API bodies get the same from core.schemas.InputSchema."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            sent = dict(request.POST.lists())
            cleaned = cleaned_titles_and_names(sent.items())
            if cleaned != sent:
                post = request.POST.copy()
                for key, values in cleaned.items():
                    post.setlist(key, values)
                post._mutable = False
                request.POST = post  # type: ignore[assignment]
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
    Role gates (core.permissions.RoleRequired: HR-only pages) keep their 403. Only Cadence's own
    pages: the Django admin keeps its 403, and the API maps PermissionDenied to 403 (core.errors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        refused_object = isinstance(exception, PermissionDenied) and not isinstance(exception, RoleRequired)
        if not refused_object or not _is_cadence_page(request):
            return None
        return response_for_exception(request, Http404(str(exception)))


def _is_cadence_page(request: HttpRequest) -> bool:
    """Cadence's own views; not the Django admin, whose site class lives in core but whose refusal
    (a signed-in person without admin rights) is a plain 403."""
    match = request.resolver_match
    module = match.func.__module__ if match is not None else ""
    return module.startswith("cadence.") and module != "cadence.core.admin_site"
