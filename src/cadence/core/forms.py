import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
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
    whose messages are then next to their fields, or a Conflict (shown above the form; on a
    VersionedForm with what changed meanwhile next to each field, see show_conflict).
    PermissionDenied is left to core.middleware (404)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        form_errors_from(form, exc, rename)
        return None
    except Conflict as exc:  # what the person typed stays in the form, with the reason above it
        show_conflict(form, exc)
        return None
    text = message(result) if callable(message) else message
    if text:
        messages.success(request, text)
    return redirect(success(result) if callable(success) else success)


# --- Edits of versioned objects (core.versioning) -----------------------------------------------

VERSION, SEEN = "version", "seen"
STALE_FORM = _(
    "Someone else saved this while you were editing it. Next to each field they changed you see what "
    "they saved; where you had typed something else, your text is kept. Save again to keep what the "
    "form shows now."
)
OUT_OF_DATE = {
    key: _("This form is out of date (it lacks the version it was opened at): open it again.")
    for key in ("required", "invalid", "min_value", "max_value")
}


@dataclass(frozen=True)
class ChangedMeanwhile:
    """A field someone else changed while the form was open: their value, and whether the form
    kept what the person typed there (else it now shows theirs)."""

    value: str
    kept_yours: bool


class VersionedForm(BaseForm):
    """A form that edits a versioned object. It carries two hidden fields: `version`, the version it
    was opened at (from `initial["version"]` or a ModelForm's instance), which the service checks;
    and `seen`, a short fingerprint of each field's value then, so that after a Conflict the form
    can tell which fields someone else changed (saved value ≠ seen) from those the person changed
    (typed ≠ seen). The form's `initial` must be the saved values, on a GET and on a POST alike.
    A form that creates something (no version in its initial, no saved instance) carries none.

    Used as the first base: `class SeriesEditForm(VersionedForm, forms.Form)`. A form that is part
    of a larger edit whose version another form carries (a key-result row) sets sends_version."""

    sends_version = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed_meanwhile: dict[str, ChangedMeanwhile] = {}
        self.initial = dict(self.initial)  # it is changed below; the caller's dict stays as it was
        self._editable_at_start = list(self.fields)
        instance = getattr(self, "instance", None)
        if VERSION not in self.initial and getattr(instance, "pk", None):
            self.initial[VERSION] = instance.version  # type: ignore[union-attr]
        # A form that creates something has no version to carry.
        self.sends_version = self.sends_version and self.initial.get(VERSION) is not None
        if self.sends_version:
            self.fields[VERSION] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, error_messages=OUT_OF_DATE
            )
        self.fields[SEEN] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=5000)
        self.initial[SEEN] = json.dumps(self._saved_fingerprints())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned.pop(SEEN, None)  # for the form only: the service gets the fields and `version`
        return cleaned

    @property
    def _editable(self) -> list[str]:
        """The fields the form edits: those it had before `version` and `seen` were added, less any
        a subclass removed after (a goal's competency where no framework applies)."""
        return [name for name in self._editable_at_start if name in self.fields]

    def _saved_fingerprints(self) -> dict[str, str]:
        return {
            name: _fingerprint(self.fields[name], self.get_initial_for_field(self.fields[name], name))
            for name in self._editable
        }

    def _seen(self) -> dict[str, str]:
        try:
            seen = json.loads(self.data.get(self.add_prefix(SEEN)) or "{}")
        except ValueError:
            return {}
        return seen if isinstance(seen, dict) else {}

    def _typed_fingerprint(self, name: str) -> str | None:
        field = self.fields[name]
        try:
            return _fingerprint(field, field.to_python(self[name].data))
        except ValidationError:
            return None

    def show_conflict(self, exc: Conflict, message: Any = STALE_FORM) -> None:
        """After a stale save: say so above the form (`message`; None for a row of a larger form
        that says it once); for each field someone else changed, keep what
        the person typed there if they changed it too (and show the saved value next to it), else
        fill in the saved value; and move `version` and `seen` on to what is saved now, so that
        saving again overwrites knowingly."""
        seen, saved = self._seen(), self._saved_fingerprints()
        data: Any = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
        for name in self._editable:
            field = self.fields[name]
            if field.disabled or seen.get(name) == saved[name]:
                continue  # not changed meanwhile (a form without fingerprints: everything may have been)
            current = self.get_initial_for_field(field, name)
            typed = self._typed_fingerprint(name)
            if typed == saved[name]:
                continue  # the person typed what is saved now
            kept_yours = name not in seen or typed != seen[name]
            if not kept_yours and hasattr(field, "data_for"):  # a field sent under several keys
                for suffix, values in field.data_for(current).items():
                    _set_data(data, self.add_prefix(name) + suffix, values)
            elif not kept_yours:
                _set_data(data, self.add_prefix(name), _as_data(field, current))
            self.changed_meanwhile[name] = ChangedMeanwhile(_shown(field, current), kept_yours)
        if self.sends_version:
            _set_data(data, self.add_prefix(VERSION), [str(self.initial.get(VERSION, ""))])
        _set_data(data, self.add_prefix(SEEN), [json.dumps(saved)])
        self.data = data
        if message:
            self.add_error(None, message)


def show_conflict(form: BaseForm, exc: Conflict) -> None:
    """Show a Conflict on a form: with the fields changed meanwhile on a VersionedForm, else (a
    double submit, or a form that edits nothing versioned) as the service's message."""
    if isinstance(form, VersionedForm) and exc.version is not None:
        form.show_conflict(exc)
    else:
        form.add_error(None, exc.detail)


def _fingerprint(field: forms.Field, value: Any) -> str:
    """Short, stable and the same for a saved value and the same value typed (None = empty)."""
    prepared = field.prepare_value(value)
    items = prepared if isinstance(prepared, list | tuple) else [prepared]
    text = "\x1f".join("" if item is None else str(item) for item in items)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _as_data(field: forms.Field, value: Any) -> list[str]:
    """A saved value as the form would post it."""
    if isinstance(field.widget, forms.CheckboxInput):
        return ["on"] if value else []
    shown = field.widget.format_value(field.prepare_value(value))
    if isinstance(shown, list | tuple):
        return [str(item) for item in shown]
    return ["" if shown is None else str(shown)]


def _set_data(data: Any, key: str, values: list[str]) -> None:
    if hasattr(data, "setlist"):
        data.setlist(key, values)
    else:
        data[key] = values[0] if len(values) == 1 else values


def _shown(field: Any, value: Any) -> str:
    """A saved value as a person reads it."""
    if hasattr(field, "shown_value"):
        return str(field.shown_value(value) or _("(empty)"))
    prepared = field.prepare_value(value)
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if prepared in (None, "", [], ()):
        return str(_("(empty)"))
    options: Any = getattr(field, "queryset", None)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(field.label_from_instance(obj) for obj in options.filter(pk__in=prepared))
    if isinstance(field, forms.ModelChoiceField):
        obj = value if isinstance(value, models.Model) else options.filter(pk=prepared).first()
        return field.label_from_instance(obj) if obj is not None else str(_("(one you cannot choose)"))
    if isinstance(field, forms.ChoiceField):
        choices: Any = field.choices
        labels = {str(key): str(label) for key, label in choices}
        return labels.get(str(prepared), str(prepared))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(prepared)
