"""Deployment checks (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.urls, deploy=True)
def base_url_is_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    # Emails are sent by the worker, which has no request to learn the served address from.
    if settings.BASE_URL_SET:
        return []
    return [
        Warning(
            f"CADENCE_BASE_URL is not set: links in emails point to {settings.BASE_URL}.",
            hint="Set it to the address people open Cadence at, e.g. https://cadence.example.com.",
            id="cadence.W001",
        )
    ]
