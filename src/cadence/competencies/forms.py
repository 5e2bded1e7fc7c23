"""Forms of the career pages: placing people (one by one and in bulk), a manager's assessment and
promotion readiness. Choices are built from rows the page has read already (no query per option)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .career import level_choice_label
from .models import Competency, Level, Placement, PromotionReadiness

COMMENT_MAX_LENGTH = 5000


class _Choice(forms.TypedChoiceField):
    """A choice among objects the page has loaded, by id; `cleaned_data` holds the object."""

    def __init__(self, objects: list[Any], label: Any, labeller: Any = str, **kwargs: Any) -> None:
        self.objects = {obj.pk: obj for obj in objects}
        super().__init__(
            label=label,
            choices=[("", "—"), *((obj.pk, labeller(obj)) for obj in objects)],
            coerce=lambda value: self.objects[int(value)],
            **kwargs,
        )

    def valid_value(self, value: Any) -> bool:
        return str(value).isdecimal() and len(str(value)) < 19 and int(value) in self.objects


class PlacementForm(forms.Form):
    level = forms.Field()  # replaced in __init__
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[
            ("", _("Work it out (promotion, move to another track or correction)")),
            *Placement.Reason.choices,
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("effective_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["level"] = _Choice(levels, _("Track and level"), level_choice_label)

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "level": data["level"],
            "effective_from": data["effective_from"],
            "reason": data["reason"] or None,
            "note": data["note"],
        }


class AssessmentForm(forms.Form):
    """A manager's assessment: which competency, at which level, and what it is based on."""

    competency = forms.Field()
    level = forms.Field()
    comment = forms.CharField(
        label=_("What it is based on"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Projects, feedback, examples. The person reads it on their career page."),
    )

    def __init__(
        self, *args: Any, competencies: list[Competency], levels: list[Level], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "assess")
        super().__init__(*args, **kwargs)
        self.fields["competency"] = _Choice(competencies, _("Competency"), lambda c: c.name)
        self.fields["level"] = _Choice(
            levels, _("Assessed level"), lambda lv: f"{lv.code} {lv.title} ({lv.track.name})"
        )


class ReadinessForm(forms.Form):
    readiness = forms.ChoiceField(
        label=_("Ready for the next level?"),
        choices=PromotionReadiness.Readiness.choices,
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: projects, feedback, results. HR and the managers above read it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ready")
        super().__init__(*args, **kwargs)
