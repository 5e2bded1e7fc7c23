from django.conf import settings
from django.http import HttpRequest

from cadence.notifications.selectors import unread_count
from cadence.people.permissions import employee_of

from .navigation import navigation_for


def shell(request: HttpRequest) -> dict:
    """What the app shell needs on every page: navigation, the organisation's name, the unread count
    and the signed-in person's profile (for "Your profile" links; none for a login without a person)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"org_name": settings.CADENCE_ORG_NAME, "nav_items": []}
    return {
        "org_name": settings.CADENCE_ORG_NAME,
        "nav_items": navigation_for(user, request.path),
        "unread_notifications": unread_count(actor=user),
        # A callable: templates call it only where they use it, so other pages pay no query for it.
        "my_person_id": lambda: getattr(employee_of(user), "pk", None),
    }
