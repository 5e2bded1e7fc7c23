"""Cadence's URLs plus views that fail, for the error page tests (core/tests/test_error_pages.py)."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from cadence.config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged request")


urlpatterns = [
    path("test-errors/broken/", broken),
    path("api/v1/test-errors/broken/", broken),
    path("test-errors/suspicious/", suspicious),
    *urlpatterns,
]
