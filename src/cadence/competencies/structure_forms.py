"""Forms of the structure editor: one per track, level, theme and competency of a draft, to add
one or to edit it. A page holds dozens of them, so each has a prefix of its own (`form_id`, also
its <form>'s id): the ids of their fields stay unique."""

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import VersionedForm

from .models import Competency, Level, Theme, Track

Row = Track | Level | Theme | Competency

KEY_HELP = _("Optional: made from the name. It matches the row across versions and in YAML, and stays.")


class RowForm(VersionedForm, forms.Form):
    """Adds a row (`row` None: with a `key`) or edits one (its version travels with the form)."""

    text_fields: tuple[str, ...] = ()
    key_from = "name"  # the field a new row's key is made from when none is typed

    def __init__(self, data: Any = None, *, form_id: str, row: Row | None = None) -> None:
        initial = {name: getattr(row, name) for name in self.text_fields} if row else {}
        if row is not None:
            initial["version"] = row.version
        self.form_id = form_id
        super().__init__(
            data, prefix=form_id, initial={**initial, **self.extra_initial(row)}, label_suffix=""
        )
        if row is not None:  # a row being edited: its key is fixed, and the add form explains the fields
            del self.fields["key"]
            for field in self.fields.values():
                field.help_text = ""

    def extra_initial(self, row: Row | None) -> dict[str, Any]:
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "key" in self.fields and not data.get("key") and "key" not in self.errors:
            data["key"] = slugify(data.get(self.key_from) or "")[:60]
        return data


def _key() -> forms.CharField:
    return forms.CharField(label=_("Key"), max_length=60, required=False, help_text=KEY_HELP)


def _name() -> forms.CharField:
    return forms.CharField(label=_("Name"), max_length=150)


def _description(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TrackForm(RowForm):
    text_fields = ("name", "description")
    name = _name()
    description = _description()
    key = _key()


class ThemeForm(TrackForm):
    pass


class LevelForm(RowForm):
    text_fields = ("code", "title", "summary")
    key_from = "code"
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Short, such as IC3 or M2."))
    title = forms.CharField(label=_("Title"), max_length=150)
    summary = _description(_("Summary"))
    key = _key()


class CompetencyForm(RowForm):
    """A competency: its theme and the tracks it is limited to are picked from the draft's, which
    the page has loaded once (`themes`, `tracks`), not queried again for each row."""

    text_fields = ("name", "description")
    name = _name()
    description = _description()
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int)
    tracks = forms.TypedMultipleChoiceField(
        label=_("Only for these tracks"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: it applies to every track."),
    )
    key = _key()

    def __init__(
        self,
        data: Any = None,
        *,
        form_id: str,
        themes: list[Theme],
        tracks: list[Track],
        row: Competency | None = None,
        theme: Theme | None = None,
    ) -> None:
        self.default_theme = theme
        super().__init__(data, form_id=form_id, row=row)
        self.theme_rows = {t.pk: t for t in themes}
        self.track_rows = {t.pk: t for t in tracks}
        self.fields["theme"].choices = [(t.pk, t.name) for t in themes]  # type: ignore[attr-defined]
        self.fields["tracks"].choices = [(t.pk, t.name) for t in tracks]  # type: ignore[attr-defined]

    def extra_initial(self, row: Row | None) -> dict[str, Any]:
        if isinstance(row, Competency):
            return {"theme": row.theme_id, "tracks": [t.pk for t in row.tracks.all()]}
        return {"theme": self.default_theme.pk if self.default_theme else None, "tracks": []}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "theme" in data:
            data["theme"] = self.theme_rows[data["theme"]]
        data["tracks"] = [self.track_rows[pk] for pk in data.get("tracks", [])]
        return data
