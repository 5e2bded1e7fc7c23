from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadence.core.http import AuthedHttpRequest
from cadence.core.permissions import require_hr_page

from . import selectors, services
from .audit import audit_action_labels
from .forms import LanguageForm
from .permissions import is_hr


def root(request: AuthedHttpRequest) -> HttpResponse:
    return redirect("home" if request.user.is_authenticated else "account_login")


@login_required
def account(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "core/pages/account.html",
        {
            "tokens": list(selectors.api_token_list(actor=request.user)),
            "new_token": request.session.pop("new_api_token", None),
            "language_form": LanguageForm(initial={"language": request.user.language}),
        },
    )


@login_required
@require_POST
def account_language(request: AuthedHttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            services.user_language_set(
                actor=request.user, user=request.user, language=form.cleaned_data["language"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("account")
        # The confirmation already speaks the new language (or the browser's, for "as my browser says").
        with translation.override(request.user.language or translation.get_language_from_request(request)):
            messages.success(request, _("Language saved."))
    else:
        messages.error(request, _("Choose one of the languages offered."))
    return redirect("account")


@login_required
@require_POST
def api_token_create(request: AuthedHttpRequest) -> HttpResponse:
    try:
        _token, raw = services.api_token_create(
            actor=request.user, user=request.user, name=request.POST.get("name", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("account")
    # Shown once, on the next page, then gone: it is stored only as a hash.
    request.session["new_api_token"] = raw
    return redirect("account")


@login_required
@require_POST
def api_token_revoke(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_get(actor=request.user, token_id=token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("account")


@login_required
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    require_hr_page(is_hr(request.user))
    filters = {k: request.GET.get(k, "").strip() for k in ("action", "target_type", "search")}
    events = selectors.audit_event_list(actor=request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    labels = audit_action_labels()
    rows = [(event, labels.get(event.action, event.action)) for event in page]
    actions = sorted(labels.items(), key=lambda item: item[1])
    context = {"page": page, "rows": rows, "filters": filters, "actions": actions}
    return render(request, "core/pages/audit_log.html", context)
