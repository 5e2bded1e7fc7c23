"""Forms for the feedback pages. Colleagues are typed as work emails or full names (comma separated),
so the forms stay light in an organisation of 50,000."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import REF_MAX_LENGTH, ModelMultipleChoiceField, VersionedForm
from cadence.goals.models import Goal
from cadence.goals.permissions import goals_visible_to
from cadence.people.models import Employee
from cadence.people.permissions import Actor, people_visible_to

from .models import CompanyValue, Feedback, Praise

# Twenty of the longest references (emails), comma-separated.
PEOPLE_MAX_LENGTH = 20 * (REF_MAX_LENGTH + 2)


def resolve_people(actor: Actor, text: str) -> tuple[list[Employee], list[str]]:
    """People named by email or full name, and the names nobody matched."""
    found: list[Employee] = []
    missing: list[str] = []
    visible = people_visible_to(actor).filter(status=Employee.Status.ACTIVE)
    for ref in [part.strip() for part in text.replace(";", ",").split(",") if part.strip()][:25]:
        if "@" in ref:
            person = visible.filter(email__iexact=ref).first()
        else:
            first, _sep, last = ref.rpartition(" ")
            matches = list(visible.filter(Q(first_name__iexact=first, last_name__iexact=last))[:2])
            person = matches[0] if len(matches) == 1 else None
        if person is None:
            missing.append(ref)
        else:
            found.append(person)
    return found, missing


class PeopleField(forms.CharField):
    """A comma-separated list of colleagues; resolved by the form, which knows the actor."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=PEOPLE_MAX_LENGTH, **kwargs)


class PeopleFormMixin:
    actor: Actor
    cleaned_data: dict[str, Any]

    def _clean_people(self, name: str) -> list[Employee]:
        people, missing = resolve_people(self.actor, self.cleaned_data.get(name, ""))
        if missing:
            raise forms.ValidationError(
                _("Nobody active matches %(refs)s. Use their work email or full name.")
                % {"refs": ", ".join(f"“{m}”" for m in missing)}
            )
        return people


class PraiseForm(PeopleFormMixin, forms.Form):
    recipients = PeopleField(
        label=_("Colleagues"), help_text=_("Work emails or full names, separated by commas (up to 10).")
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
        fields: dict[str, Any] = self.fields
        fields["values"].queryset = CompanyValue.objects.filter(is_active=True)

    def clean_recipients(self) -> list[Employee]:
        return self._clean_people("recipients")


class FeedbackForm(PeopleFormMixin, forms.Form):
    recipient = PeopleField(label=_("For"), help_text=_("Their work email or full name."))
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
    competency = forms.CharField(label=_("Competency (optional)"), max_length=120, required=False)
    # Quoted: ModelChoiceField is generic only in django-stubs. The queryset is set in __init__.
    goal: "forms.ModelChoiceField[Goal]" = forms.ModelChoiceField(
        label=_("Goal (optional)"), queryset=None, required=False
    )

    def __init__(self, *args: Any, actor: Actor, about: Employee | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        # Goals are offered only for a known recipient: listing every visible goal would not scale.
        if about is not None:
            fields: dict[str, Any] = self.fields
            fields["goal"].queryset = goals_visible_to(actor).filter(owner_employee=about, state="active")
        else:
            del self.fields["goal"]

    def clean_recipient(self) -> Employee:
        people = self._clean_people("recipient")
        if len(people) != 1:
            raise forms.ValidationError(_("Name exactly one person."))
        return people[0]


class AnswerForm(forms.Form):
    body = FeedbackForm.base_fields["body"]
    visibility = FeedbackForm.base_fields["visibility"]
    competency = FeedbackForm.base_fields["competency"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class FeedbackRequestForm(PeopleFormMixin, forms.Form):
    about = forms.ChoiceField(label=_("Feedback about"))
    respondents = PeopleField(label=_("Ask"), help_text=_("Work emails or full names, separated by commas."))
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
        reports = me.reports.filter(status=Employee.Status.ACTIVE).order_by("last_name", "first_name")
        fields: dict[str, Any] = self.fields
        fields["about"].choices = [(str(me.pk), _("Myself"))] + [(str(p.pk), p.full_name) for p in reports]

    def clean_respondents(self) -> list[Employee]:
        return self._clean_people("respondents")


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
