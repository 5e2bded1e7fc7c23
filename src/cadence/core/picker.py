"""One picker for every "choose a colleague (or a team)" field: a form field and its widget.

The page shows the chosen ones as chips (checked checkboxes named like the field, whose values are
ids) and a search box named `<field>_search`. With JavaScript (core/static/cadence/picker.js) the
box searches as you type through htmx (a combobox with a listbox of matches, arrow keys, Enter,
Escape) and a chosen match becomes a chip with a remove button. Without it, what is typed in the box
is resolved when the form is sent: each comma-separated name that matches one person (or one exactly)
is chosen; a name that matches several shows the form again with those matches to tick, keeping
everything else typed. The ids themselves are what the form receives, as the API takes them.

What can be picked comes from a `PickerSource` (people.picker holds them: colleagues, people,
1:1 partners, teams); it answers matches from what the actor may see, never more than
PICKER_LIMIT. core imports no domain module, so the sources are given to the field by whoever
builds the form (people.picker's fields do)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .http import id_param

PICKER_LIMIT = 20  # matches shown at once; typing more narrows them
MAX_TERMS = 25  # names typed into one box
MAX_TEXT = 2000  # characters of them read
MAX_IDS = 200  # ids read from one field (a field's own limit is usually far lower)


@dataclass(frozen=True)
class PickerOption:
    id: int
    label: str
    detail: str = ""


class PickerSource(Protocol):
    """What a picker chooses from, for one actor."""

    @property
    def search_url(self) -> str: ...

    def find(self, actor: Any, text: str, limit: int) -> list[Any]:
        """Matches of `text` (partial, case- and accent-insensitive), exact ones first."""

    def is_exact(self, obj: Any, text: str) -> bool:
        """Whether `obj` is exactly what `text` names (its full name, email or ID)."""

    def by_ids(self, actor: Any, ids: Sequence[int]) -> list[Any]:
        """The objects with these ids the actor may choose, in any order."""

    def option(self, obj: Any) -> PickerOption: ...


@dataclass
class PickerValue:
    """What the browser sent: the chosen ids and the text of the search box."""

    ids: list[int] = field(default_factory=list)
    text: str = ""
    known: dict[int, Model] = field(default_factory=dict, compare=False)  # objects loaded, by id

    def __str__(self) -> str:
        """Stable for the same choice (core.forms fingerprints a field's value by its text)."""
        return "\x1f".join([*sorted(str(pk) for pk in dict.fromkeys(self.ids)), self.text])


@dataclass
class Ambiguous:
    term: str
    options: list[PickerOption]
    more: bool


class PickerWidget(forms.Widget):
    template_name = "core/widgets/picker.html"

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # chips may hold the choice while the box is empty

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.source: PickerSource | None = None
        self.actor: Any = None
        self.multiple = False
        # Set by the field's clean(): what the text resolved to, for the form shown again.
        self.outcome: PickerValue | None = None
        self.ambiguous: list[Ambiguous] = []

    def value_from_datadict(self, data: Any, files: Any, name: str) -> PickerValue:
        values = data.getlist(name) if hasattr(data, "getlist") else _as_list(data.get(name))
        ids, words = [], []
        for value in values:
            pk = id_param(str(value).strip())
            if pk is not None:
                ids.append(pk)
            elif str(value).strip():
                words.append(str(value).strip())  # an email or a name sent instead of an id
        words.append(str(data.get(f"{name}_search") or "").strip())
        return PickerValue(ids=ids[:MAX_IDS], text=", ".join(w for w in words if w)[:MAX_TEXT])

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_search" not in data

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        shown = self.outcome or as_picker_value(value)
        chosen = self._options(shown.ids, shown.known)
        widget = context["widget"]
        widget.update(
            {
                "chosen": chosen,
                "text": shown.text,
                "ambiguous": self.ambiguous,
                "multiple": self.multiple,
                "search_name": f"{name}_search",
                "search_url": self.source.search_url if self.source else "",
                "limit": PICKER_LIMIT,
            }
        )
        return context

    def _options(self, ids: list[int], known: dict[int, Model] | None = None) -> list[PickerOption]:
        if not ids or self.source is None:
            return []
        found = dict(known or {})
        if missing := [pk for pk in ids if pk not in found]:
            found.update({obj.pk: obj for obj in self.source.by_ids(self.actor, missing)})
        return [self.source.option(found[pk]) for pk in dict.fromkeys(ids) if pk in found]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def as_picker_value(value: Any) -> PickerValue:
    """A field's initial value (an object, a list of them, ids, or text) as the widget shows it."""
    if isinstance(value, PickerValue):
        return value
    ids, words, known = [], [], {}
    for item in _as_list(value):
        if isinstance(item, Model):
            ids.append(item.pk)
            known[item.pk] = item
        elif isinstance(item, int) or id_param(str(item)) is not None:
            ids.append(int(item))
        elif item:
            words.append(str(item))
    return PickerValue(ids=ids, text=", ".join(words), known=known)


class PickerField(forms.Field):
    """A field that chooses one (`multiple=False`) or several objects of a PickerSource. Its cleaned
    value is the object (or None) or the list of objects, in the order chosen."""

    widget = PickerWidget
    default_error_messages = {
        "required": _("Choose someone."),
        "gone": _("Someone you chose is no longer available to choose."),
        "missing": _("Nobody matches %(terms)s."),
        "several": _("Several match %(terms)s: choose below."),
        "one": _("Choose only one."),
        "too_many": _("Choose at most %(n)s."),
    }

    def __init__(self, *, multiple: bool = False, max_count: int = PICKER_LIMIT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiple = multiple
        self.max_count = max_count if multiple else 1
        self.widget.multiple = multiple  # type: ignore[attr-defined]

    placeholder: Any = _("Name or work email")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "placeholder": self.placeholder}

    def bind(self, source: PickerSource, actor: Any) -> None:
        self.source, self.actor = source, actor
        widget: Any = self.widget
        widget.source, widget.actor = source, actor

    def prepare_value(self, value: Any) -> PickerValue:
        return as_picker_value(value)

    def shown_value(self, value: Any) -> str:
        """A saved value as a person reads it (for "changed meanwhile")."""
        widget: Any = self.widget
        shown = as_picker_value(value)
        return ", ".join(option.label for option in widget._options(shown.ids, shown.known))

    def data_for(self, value: Any) -> dict[str, list[str]]:
        """A saved value as the browser would send it, key by key."""
        return {"": [str(pk) for pk in as_picker_value(value).ids], "_search": [""]}

    def clean(self, value: Any) -> Any:
        sent = as_picker_value(value)
        chosen = self._chosen(sent.ids)
        found, missing, several = self._resolve(_terms(sent.text))
        if not self.multiple and found:
            chosen = []  # a name typed into the box replaces the chip
        chosen = list({obj.pk: obj for obj in [*chosen, *found]}.values())
        widget: Any = self.widget
        widget.outcome = as_picker_value(chosen)
        widget.outcome.text = ", ".join(missing)
        widget.ambiguous = several
        self._check(chosen, missing, several)
        return chosen if self.multiple else (chosen[0] if chosen else None)

    def _chosen(self, ids: list[int]) -> list[Model]:
        if not ids:
            return []
        assert self.source is not None, "bind() the picker to its source first"
        found = {obj.pk: obj for obj in self.source.by_ids(self.actor, ids)}
        if any(pk not in found for pk in ids):
            raise ValidationError(self.error_messages["gone"], code="gone")
        return [found[pk] for pk in dict.fromkeys(ids)]

    def _resolve(self, terms: Iterable[str]) -> tuple[list[Model], list[str], list[Ambiguous]]:
        found: list[Model] = []
        missing: list[str] = []
        several: list[Ambiguous] = []
        for term in terms:
            assert self.source is not None, "bind() the picker to its source first"
            matches = self.source.find(self.actor, term, PICKER_LIMIT + 1)
            exact = [obj for obj in matches if self.source.is_exact(obj, term)]
            if len(matches) == 1 or len(exact) == 1:
                found.append(exact[0] if len(exact) == 1 else matches[0])
            elif not matches:
                missing.append(term)
            else:
                options = [self.source.option(obj) for obj in matches[:PICKER_LIMIT]]
                several.append(Ambiguous(term, options, more=len(matches) > PICKER_LIMIT))
        return found, missing, several

    def _check(self, chosen: list[Model], missing: list[str], several: list[Ambiguous]) -> None:
        errors = []
        if missing:
            errors.append(
                ValidationError(
                    self.error_messages["missing"], code="missing", params={"terms": _quoted(missing)}
                )
            )
        if several:
            terms = _quoted([group.term for group in several])
            errors.append(
                ValidationError(self.error_messages["several"], code="several", params={"terms": terms})
            )
        if errors:
            raise ValidationError(errors)
        if not chosen and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(chosen) > self.max_count:
            if not self.multiple:
                raise ValidationError(self.error_messages["one"], code="one")
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"n": self.max_count}
            )


def _terms(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()][:MAX_TERMS]


def _quoted(terms: list[str]) -> str:
    return ", ".join(gettext("“%(term)s”") % {"term": term} for term in terms)


def bind_pickers(form: forms.BaseForm, sources: Callable[[PickerField], PickerSource], actor: Any) -> None:
    """Give each picker field of `form` its source and the actor it searches for."""
    for form_field in form.fields.values():
        if isinstance(form_field, PickerField):
            form_field.bind(sources(form_field), actor)
