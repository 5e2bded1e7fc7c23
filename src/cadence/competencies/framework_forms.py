"""Forms of the framework pages: a new framework, one expectation cell of a draft, publishing, and
an import document."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import VersionedForm

from .models import Expectation

DOCUMENT_MAX_CHARACTERS = 2_000_000


class FrameworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_general = forms.BooleanField(
        label=_("General framework"),
        required=False,
        help_text=_("It applies to everyone whose track or department has no framework of its own."),
    )


class ExpectationForm(VersionedForm, forms.Form):
    """One cell of the matrix editor, labelled "<competency> at <level code>" for screen readers."""

    text = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data: Any = None, *, expectation: Expectation) -> None:
        super().__init__(
            data,
            prefix=f"e{expectation.pk}",
            initial={"text": expectation.text, "version": expectation.version},
        )
        label = _("%(competency)s at %(level)s") % {
            "competency": expectation.competency.name,
            "level": expectation.level.code,
        }
        self.fields["text"].label = label
        self.fields["text"].widget.attrs.update({"aria-label": label, "data-cell": "true"})


class PublishForm(forms.Form):
    notes = forms.CharField(
        label=_("What changed"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone placed on the framework reads this with the new version."),
    )


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("YAML or JSON"),
        required=False,
        max_length=DOCUMENT_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    file = forms.FileField(label=_("Or upload a file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > DOCUMENT_MAX_CHARACTERS:
                raise forms.ValidationError(_("The document is larger than 2 MB."))
            data["text"] = upload.read().decode("utf-8", errors="replace")
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a document or choose a file."))
        return data
