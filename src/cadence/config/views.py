"""Pages that bring several modules together (the home page), so that no module depends on the others."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from cadence.core.http import AuthedHttpRequest
from cadence.core.permissions import is_hr, require_hr_page
from cadence.notifications.selectors import notification_list, todo_list
from cadence.people.permissions import is_manager

from .admin_hub import ADMIN_SECTIONS


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    """What needs me now: open to-dos first, then recent notifications."""
    return render(
        request,
        "core/pages/home.html",
        {
            "todos": list(todo_list(actor=request.user)[:20]),
            "recent": list(notification_list(actor=request.user, notices_only=True)[:8]),
            "is_manager": is_manager(request.user),
        },
    )


@login_required
def admin_hub(request: AuthedHttpRequest) -> HttpResponse:
    """Every HR setting in one place (config/admin_hub.py lists them)."""
    require_hr_page(is_hr(request.user))
    return render(request, "core/pages/admin_hub.html", {"sections": ADMIN_SECTIONS})
