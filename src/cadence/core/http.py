"""Request types for annotations (what middleware and authentication add to HttpRequest), and the
one way pages read what a request asks for: query-string filters and a `next` address."""

from typing import Annotated

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails
from ninja import Schema
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from .models import User

# A database id: positive and within 64 bits (a longer one cannot reach SQLite or PostgreSQL).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def public_url(path: str, request: HttpRequest | None = None) -> str:
    """An absolute link for emails and calendar files: on CADENCE_BASE_URL when it is set, else on
    the address the request came to (its Host is one of ALLOWED_HOSTS)."""
    if request is not None and not settings.BASE_URL_SET:
        return request.build_absolute_uri(path)
    return f"{settings.BASE_URL}{path}"


class AuthedHttpRequest(HttpRequest):
    """A page request behind @login_required."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


class ApiRequest(HttpRequest):
    """An API request; `auth` is the authenticated user (session or bearer token)."""

    auth: User


def parse_query[F: Schema](request: HttpRequest, filters: type[F]) -> F:
    """A page's filters, read with the same Schema as its API route (where a bad value answers 422).
    A page ignores each bad value instead and says so in a message; empty fields count as unset."""
    sent = {
        name: request.GET[name].strip() for name in filters.model_fields if request.GET.get(name, "").strip()
    }
    try:
        return filters.model_validate(sent)
    except PydanticValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors()}
    for name in sorted(bad):
        messages.warning(request, _("Ignored the filter “%(name)s”: not a valid value.") % {"name": name})
    return filters.model_validate({name: value for name, value in sent.items() if name not in bad})


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The posted `next` address if it stays on this site (never another host or scheme), else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


def id_param(value: str | None) -> int | None:
    """An id typed into a URL or a form, or None: ASCII digits only (str.isdigit() also takes "²",
    which int() refuses) and short enough for a 64-bit column."""
    if value and value.isascii() and value.isdecimal() and len(value) < 19:
        return int(value)
    return None
