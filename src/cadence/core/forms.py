from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .errors import django_errors


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
    for field, messages in django_errors(exc).items():
        target = (rename or {}).get(field, field)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
