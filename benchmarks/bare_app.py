"""The yardstick of benchmarks/pages.py: the smallest Django request there is (no middleware, no
database, one view that answers "ok"), served by the same gunicorn settings as Cadence, so each
page's time can be printed as a multiple of what any Django request costs on this machine."""

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, SECRET_KEY="bare", MIDDLEWARE=[])
django.setup()


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("", ok)]

from django.core.wsgi import get_wsgi_application  # noqa: E402  (after settings.configure)

application = get_wsgi_application()
