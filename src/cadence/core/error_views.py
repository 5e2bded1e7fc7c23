"""What a refused or failed request answers: the API's JSON error shape under /api/, and a page
inside the app shell elsewhere (templates 400.html, 403.html, 403_csrf.html, 404.html, 500.html).

The 500 page is rendered without the request: whatever broke (the database, a context processor,
the session) must not break the error page too, so it gets only what settings say."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .permissions import RoleRequired


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def _back_url(request: HttpRequest) -> str:
    """The page the person came from, for a "Back" link: only an address on this site, only for
    someone signed in (a visitor may have come from anywhere), never the failing page itself."""
    user = getattr(request, "user", None)
    referer = request.META.get("HTTP_REFERER", "")
    if user is None or not user.is_authenticated or not referer:
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts=set(settings.ALLOWED_HOSTS) | {request.get_host()}, require_https=False
    )
    return referer if safe and referer != request.build_absolute_uri() else ""


def _page(request: HttpRequest, template: str, status: int, **context: object) -> HttpResponse:
    body = render_to_string(template, {"back_url": _back_url(request), **context}, request=request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(_("Bad request."), 400)
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A role gate (an HR-only page: its reason is shown), the Django admin's refusal, and anything
    else outside Cadence's views; a refused object answers 404 instead (core.middleware)."""
    if _is_api(request):
        return _api_error(str(exception) or _("Not allowed."), 403)
    return _page(
        request, "403.html", 403, reason=str(exception) if isinstance(exception, RoleRequired) else ""
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(_("Not found."), 404)
    return _page(request, "404.html", 404, request_path=request.path)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _api_error(_("Server error."), 500)
    # No request: no context processor, no session or database look-up can run.
    return HttpResponse(render_to_string("500.html", {"org_name": settings.CADENCE_ORG_NAME}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent with an expired or missing token (a page left open across a
    sign-out, or cookies blocked). Reloading the page gives the form a fresh token."""
    if _is_api(request):
        return _api_error(_("CSRF check failed: reload the page and try again."), 403)
    return _page(request, "403_csrf.html", 403)


def bad_text(request: HttpRequest, message: str) -> HttpResponse:
    """Text the database cannot store (core.middleware): the 400 page saying what was wrong. It runs
    before sessions and sign-in, so the page knows nobody and offers only the way home."""
    if _is_api(request):
        return JsonResponse({"detail": message, "errors": {"__all__": [message]}}, status=400)
    return _page(request, "400.html", 400, message=message)
