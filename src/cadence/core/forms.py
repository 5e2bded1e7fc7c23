from collections.abc import Callable
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, django_errors

# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1
# A person typed as an email (at most 254 characters) or an employee ID.
REF_MAX_LENGTH = 254
# Free text typed one item per line (milestones, key results, talking points, priorities).
LIST_MAX_LENGTH = 5000


def _beyond_any_id(pk: Any) -> bool:
    try:
        return abs(int(str(pk))) > MAX_ID
    except ValueError:
        return False


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no column can hold before it reaches the `in` lookup, where
    SQLite raises OverflowError (a 500)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if _beyond_any_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with plain labels ("Email", not "Email:") and our wording."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["login"].label = _("Work email")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name, so whoever cannot read the current one still finds theirs.
        own_names = [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("As my browser says")), *own_names]


def form_errors_from(form: BaseForm, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError next to the form fields it concerns; `rename` maps a
    model field to the form field that edits it (e.g. "manager" -> "manager_ref")."""
    for field, field_messages in django_errors(exc).items():
        target = (rename or {}).get(field, field)
        for message in field_messages:
            form.add_error(target if target in form.fields else None, message)


def form_submit[T](
    request: HttpRequest,
    form: BaseForm,
    action: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    message: str | Callable[[T], str] = "",
    rename: dict[str, str] | None = None,
) -> HttpResponse | None:
    """The POST half of a form page: validate the form, call the service with the cleaned data, then
    show `message` and redirect to `success` (each a string, or made from the service's result).
    None means "show the form again": a GET, an invalid form, or a ValidationError from the service,
    whose messages are then next to their fields, or a Conflict (shown above the form).
    PermissionDenied is left to core.middleware (404)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        form_errors_from(form, exc, rename)
        return None
    except Conflict as exc:  # what the person typed stays in the form, with the reason above it
        form.add_error(None, exc.detail)
        return None
    text = message(result) if callable(message) else message
    if text:
        messages.success(request, text)
    return redirect(success(result) if callable(success) else success)
