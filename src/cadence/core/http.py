"""Request types for annotations: what middleware and authentication add to HttpRequest."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthedHttpRequest(HttpRequest):
    """A page request behind @login_required."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


class ApiRequest(HttpRequest):
    """An API request; `auth` is the authenticated user (session or bearer token)."""

    auth: User
