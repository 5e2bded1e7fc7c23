"""Forms for the feedback pages. Colleagues are chosen with the people picker (people.picker), so the
forms stay light in an organisation of 50,000."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import ModelMultipleChoiceField, VersionedForm
from cadence.goals.models import Goal
from cadence.goals.permissions import goals_visible_to
from cadence.people.models import Employee
from cadence.people.permissions import Actor
from cadence.people.picker import PersonPicker, bind_people_pickers

from .models import CompanyValue, Feedback, Praise
from .selectors import competency_scope

MAX_RECIPIENTS = 10


class PraiseForm(forms.Form):
    recipients = PersonPicker(
        label=_("Colleagues"),
        multiple=True,
        max_count=MAX_RECIPIENTS,
        help_text=_("Type a name or work email and choose; up to 10 people."),
    )
    values = ModelMultipleChoiceField(
        label=_("Company values"), queryset=CompanyValue.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("What did they do?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"),
        choices=Praise.Visibility.choices,
        initial=Praise.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        bind_people_pickers(self, actor)
        fields: dict[str, Any] = self.fields
        fields["values"].queryset = CompanyValue.objects.filter(is_active=True)


class FeedbackForm(forms.Form):
    recipient = PersonPicker(label=_("For"), help_text=_("Type their name or work email and choose."))
    body = forms.CharField(
        label=_("Your feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Situation, behaviour, impact: when it happened, what they did, what it led to."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Feedback.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Feedback.Visibility.RECIPIENT,
        help_text=_("Chosen now and never widened later."),
    )
    # Choices (and what they stand for) come from the recipient's framework, set in __init__.
    framework_competency = forms.TypedChoiceField(
        label=_("Competency (optional)"), choices=(), required=False, empty_value=None
    )
    shown_level = forms.TypedChoiceField(
        label=_("Level they showed (optional)"),
        choices=(),
        required=False,
        empty_value=None,
        help_text=_("Recorded as an assessed level of the competency; your text stays with the feedback."),
    )
    # Quoted: ModelChoiceField is generic only in django-stubs. The queryset is set in __init__.
    goal: "forms.ModelChoiceField[Goal]" = forms.ModelChoiceField(
        label=_("Goal (optional)"), queryset=None, required=False
    )

    def __init__(self, *args: Any, actor: Actor, about: Employee | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        bind_people_pickers(self, actor)
        bind_competency_fields(self, about)
        # Goals are offered only for a known recipient: listing every visible goal would not scale.
        if about is not None:
            fields: dict[str, Any] = self.fields
            fields["goal"].queryset = goals_visible_to(actor).filter(owner_employee=about, state="active")
        else:
            del self.fields["goal"]


def bind_competency_fields(form: forms.Form, about: Employee | None) -> None:
    """Offer the competencies of the recipient's framework and the levels of their track; with no
    recipient known yet (or nothing to offer) the fields are left out."""
    scope = competency_scope(about) if about is not None else None
    fields: dict[str, Any] = form.fields
    if scope is None or not scope.competencies:
        del fields["framework_competency"], fields["shown_level"]
        return
    by_theme: dict[str, list[tuple[str, str]]] = {}
    for competency in scope.competencies:
        by_theme.setdefault(competency.theme.name, []).append((str(competency.pk), competency.name))
    competency_field = fields["framework_competency"]
    competency_field.choices = [("", "---------"), *by_theme.items()]
    competency_field.coerce = lambda value: scope.competency(int(value))
    if scope.levels:
        level_field = fields["shown_level"]
        level_field.choices = [("", "---------")] + [
            (str(lv.pk), f"{lv.code} {lv.title}") for lv in scope.levels
        ]
        level_field.coerce = lambda value: scope.level(int(value))
    else:
        del fields["shown_level"]


class AnswerForm(forms.Form):
    body = FeedbackForm.base_fields["body"]
    visibility = FeedbackForm.base_fields["visibility"]
    framework_competency = FeedbackForm.base_fields["framework_competency"]
    shown_level = FeedbackForm.base_fields["shown_level"]

    def __init__(self, *args: Any, about: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_competency_fields(self, about)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class FeedbackRequestForm(forms.Form):
    about = forms.ChoiceField(label=_("Feedback about"))
    respondents = PersonPicker(
        label=_("Ask"),
        multiple=True,
        help_text=_("Type a name or work email and choose; several people allowed."),
    )
    questions = forms.CharField(
        label=_("Guiding questions (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    def __init__(self, *args: Any, actor: Actor, me: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        bind_people_pickers(self, actor)
        reports = me.reports.filter(status=Employee.Status.ACTIVE).order_by("last_name", "first_name")
        fields: dict[str, Any] = self.fields
        fields["about"].choices = [(str(me.pk), _("Myself"))] + [(str(p.pk), p.full_name) for p in reports]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(VersionedForm, forms.Form):
    protected_peer_feedback = forms.BooleanField(
        label=_("Protect peer feedback"),
        required=False,
        help_text=_(
            "Peer feedback is readable only by the person it is about. Managers and HR see that "
            "feedback was exchanged, never its text."
        ),
    )


class ValueForm(forms.Form):
    name = forms.CharField(label=_("Value"), max_length=80)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
