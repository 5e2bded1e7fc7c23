from django.conf import settings
from django.http import HttpRequest

from cadence.config.navigation import navigation_for


def shell(request: HttpRequest) -> dict:
    """What the app shell needs on every page: navigation, the organisation's name, unread count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"org_name": settings.CADENCE_ORG_NAME, "nav_items": []}
    from cadence.notifications.selectors import unread_count

    return {
        "org_name": settings.CADENCE_ORG_NAME,
        "nav_items": navigation_for(user, request.path),
        "unread_notifications": unread_count(actor=user),
    }
