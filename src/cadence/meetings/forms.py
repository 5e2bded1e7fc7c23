from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import LIST_MAX_LENGTH, VersionedForm
from cadence.people.permissions import Actor
from cadence.people.picker import PersonPicker, bind_people_pickers

from .models import AgendaTemplate, Cadence, Meeting


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class SeriesForm(forms.Form):
    """Start a 1:1 with a report (you lead it) or with your manager (they lead it)."""

    person = PersonPicker(
        label=_("With"), scope="partners", help_text=_("One of your direct reports, or your manager.")
    )
    cadence = forms.ChoiceField(label=_("How often"), choices=Cadence.choices, initial=Cadence.WEEKLY)
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=10, max_value=240, initial=30
    )
    first_meeting_at = forms.DateTimeField(
        label=_("First meeting"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    template = forms.ModelChoiceField(
        label=_("Agenda template"),
        queryset=AgendaTemplate.objects.none(),
        required=False,
        empty_label=_("Default questions"),
        help_text=_("The talking points each new meeting starts with."),
    )

    def __init__(self, *args: Any, actor: Actor, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_people_pickers(self, actor)
        _choice(self, "template").queryset = templates


class SeriesEditForm(VersionedForm, forms.Form):
    cadence = forms.ChoiceField(label=_("How often"), choices=Cadence.choices)
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=240)
    template = forms.ModelChoiceField(
        label=_("Agenda template"), queryset=AgendaTemplate.objects.none(), required=False,
        empty_label=_("Default questions"),
    )  # fmt: skip

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "template").queryset = templates


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )


class RescheduleForm(VersionedForm, ScheduleForm):
    """Move a meeting, from the version the page showed."""


class TalkingPointForm(forms.Form):
    text = forms.CharField(label=_("New talking point"), max_length=500)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action item"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, choices=())
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        series = meeting.series
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            (p.pk, p.full_name) for p in (series.employee, series.manager)
        ]


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label=_("My private notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only you can ever read these: not the other person, not their managers, not HR."),
    )


class SharedNoteForm(VersionedForm, forms.Form):
    """The meeting's shared notes, saved from the version the page showed."""

    text = forms.CharField(
        label=_("Shared notes"),
        required=False,
        max_length=20000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Both of you read and edit these; nobody else does. Markdown works: **bold**, - lists, [links](https://…)."
        ),
    )


class TemplateForm(VersionedForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    points = forms.CharField(
        label=_("Talking points"),
        max_length=LIST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line."),
    )

    def clean_points(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["points"].splitlines() if line.strip()]
