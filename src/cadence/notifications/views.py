from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cadence.core.http import AuthedHttpRequest

from . import selectors, services


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(actor=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/pages/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: AuthedHttpRequest) -> HttpResponse:
    services.notification_mark_read(actor=request.user)
    return redirect("notifications:list")
