"""Forms for the check-in pages: the check-in itself, skipping, comments and HR's settings."""

import json
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import LIST_MAX_LENGTH
from cadence.people.models import Department
from cadence.people.permissions import Actor
from cadence.people.selectors import department_choices

from .models import CheckIn, CheckInCadence, CheckInPriority, CheckInQuestion

MOOD_CHOICES = [(1, "1 😞"), (2, "2 🙁"), (3, "3 😐"), (4, "4 🙂"), (5, "5 😄")]
CONFIDENCE_CHOICES = [
    ("", _("No update")),
    ("on_track", _("On track")),
    ("at_risk", _("At risk")),
    ("off_track", _("Off track")),
]
CARRY_CHOICES = [
    (CheckInPriority.Status.DONE, _("Done")),
    (CheckInPriority.Status.CARRIED, _("Carry forward")),
    (CheckInPriority.Status.DROPPED, _("Drop")),
]


def _initial(checkin: CheckIn, questions: list[CheckInQuestion], previous: list[CheckInPriority]) -> dict:
    """What the form starts from: a draft's saved choices, or a submitted check-in as it was sent.
    Last time's priorities start undecided in a new check-in (the author chooses each)."""
    if checkin.status == CheckIn.Status.SUBMITTED:
        sent = {a.get("question"): a.get("answer", "") for a in checkin.answers}
        # Its own new priorities still open (one a later check-in decided on is kept as it is).
        own = [
            p.text
            for p in checkin.priorities.all()
            if p.carried_from_id is None and p.status == CheckInPriority.Status.OPEN
        ]
        return (
            {"mood": checkin.mood, "priorities": "\n".join(own)}
            | {f"q_{q.pk}": sent.get(q.text, "") for q in questions}
            | {f"prev_{p.pk}": p.status for p in previous if p.status != CheckInPriority.Status.OPEN}
        )
    draft = checkin.draft or {}
    initial: dict[str, Any] = {"mood": checkin.mood, "priorities": "\n".join(draft.get("priorities", []))}
    initial |= {f"q_{pk}": text for pk, text in draft.get("answers", {}).items()}
    initial |= {f"prev_{pk}": status for pk, status in draft.get("carried", {}).items()}
    for pk, (confidence, comment) in draft.get("goals", {}).items():
        initial |= {f"goal_{pk}_confidence": confidence, f"goal_{pk}_comment": comment}
    return initial


class CheckInForm(forms.Form):
    """Mood, one answer per question, what happened to last time's priorities, new priorities and
    optional goal updates — all on one page. Saved as a draft (`draft=True`), nothing is required."""

    mood = forms.TypedChoiceField(
        label=_("How did you feel at work since your last check-in?"),
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        questions: list[CheckInQuestion],
        previous: list[CheckInPriority],
        goals: list[Any],
        checkin: CheckIn | None = None,
        draft: bool = False,
        **kwargs: Any,
    ) -> None:
        if checkin is not None:
            kwargs.setdefault("initial", _initial(checkin, questions, previous))
        super().__init__(*args, **kwargs)
        self.questions, self.previous, self.goals = questions, previous, goals
        self.fields["mood"].required = not draft
        for q in questions:
            self.fields[f"q_{q.pk}"] = forms.CharField(
                label=q.text, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
            )
        for p in previous:
            self.fields[f"prev_{p.pk}"] = forms.ChoiceField(
                label=p.text,
                choices=CARRY_CHOICES,
                widget=forms.RadioSelect,
                required=not draft,
                error_messages={"required": _("Choose done, carry forward or drop.")},
            )
        self.fields["priorities"] = forms.CharField(
            label=_("Priorities until the next check-in"),
            required=False,
            max_length=LIST_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("One per line."),
        )
        for g in goals:
            self.fields[f"goal_{g.pk}_confidence"] = forms.ChoiceField(
                label=g.title, choices=CONFIDENCE_CHOICES, required=False
            )
            self.fields[f"goal_{g.pk}_comment"] = forms.CharField(
                label=_("Comment on “%(goal)s”") % {"goal": g.title}, required=False, max_length=1000
            )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}", "") for q in self.questions}

    def carried(self) -> dict[int, str]:
        return {p.pk: v for p in self.previous if (v := self.cleaned_data.get(f"prev_{p.pk}"))}

    def new_priorities(self) -> list[str]:
        return self.cleaned_data.get("priorities", "").splitlines()

    def goal_updates(self) -> list[tuple[Any, str, str]]:
        return [
            (
                g,
                self.cleaned_data[f"goal_{g.pk}_confidence"],
                self.cleaned_data.get(f"goal_{g.pk}_comment", ""),
            )
            for g in self.goals
            if self.cleaned_data.get(f"goal_{g.pk}_confidence")
        ]

    def goal_choices(self) -> dict[int, tuple[str, str]]:
        """The goal statuses chosen so far, for a draft (recorded only when it is submitted)."""
        return {g.pk: (confidence, comment) for g, confidence, comment in self.goal_updates()}


class SkipForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=200, required=False, help_text=_("For example: on leave.")
    )


class CommentForm(forms.Form):
    """A comment on a check-in (praise has its own, in the feedback app)."""

    body = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class _DepartmentForm(forms.Form):
    """A setting for everyone or for one department (the choices come from people.selectors)."""

    department: "forms.ModelChoiceField[Department]" = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("Everyone")
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = department_choices(actor=actor)


class QuestionForm(_DepartmentForm):
    text = forms.CharField(label=_("Question"), max_length=300)
    field_order = ("text", "department")


class CadenceForm(_DepartmentForm):
    every_weeks = forms.TypedChoiceField(label=_("Cadence"), choices=CheckInCadence.Every.choices, coerce=int)
    # The version of each cadence row the page listed, by department id (0: everyone), so that a
    # cadence set or changed meanwhile is not overwritten unseen (checkin_cadence_set).
    shown = forms.CharField(widget=forms.HiddenInput, required=False, max_length=5000)

    def __init__(self, *args: Any, rows: Iterable[CheckInCadence] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shown"].initial = json.dumps({str(r.department_id or 0): r.version for r in rows})

    def service_fields(self) -> dict[str, Any]:
        """The department and cadence, and the version of that department's row as shown."""
        try:
            shown = json.loads(self.cleaned_data["shown"] or "{}")
        except ValueError:
            shown = {}
        department = self.cleaned_data["department"]
        version = shown.get(str(department.pk if department else 0)) if isinstance(shown, dict) else None
        return {
            "department": department,
            "every_weeks": self.cleaned_data["every_weeks"],
            "version": version if isinstance(version, int) else None,
        }
