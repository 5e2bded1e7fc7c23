import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import LIST_MAX_LENGTH, MAX_ID, VersionedForm
from cadence.people.models import Department, Employee
from cadence.people.permissions import Actor, employee_of
from cadence.people.picker import PersonPicker, TeamPicker, bind_people_pickers
from cadence.people.selectors import department_choices

from . import selectors
from .cycles import dates_to_confirm
from .models import Goal, GoalCycle, GoalTemplate, KeyResult, KeyResultUpdate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


MAX_CONTRIBUTORS = 20
DESCRIPTION_MAX_LENGTH = 10_000
GOAL_NUMBER = re.compile(r"^(?:.*/goals/)?#?(\d{1,11})/?$")


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:  # type: ignore[override]
        return f"{obj.get_level_display()}: {obj.title} · {obj.owner_label} ({obj.cycle.name})"


class GoalForm(VersionedForm, forms.Form):
    """The objective itself. The owner and contributors are people pickers (people.picker), so that
    the form stays light in an organisation of 50,000; no owner means "me"."""

    cycle = forms.ModelChoiceField(label=_("Cycle"), queryset=GoalCycle.objects.none())
    title = forms.CharField(label=_("Objective"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    level = forms.ChoiceField(label=_("Level"), choices=Goal.Level.choices, initial=Goal.Level.INDIVIDUAL)
    owner = PersonPicker(
        label=_("Owner (individual objectives)"),
        scope="people",
        required=False,
        help_text=_("Type a name or work email and choose. Leave empty for yourself."),
    )
    # Choices set per actor in __init__, from people.selectors.
    owner_team = TeamPicker(label=_("Team (team objectives)"), required=False)  # not 1,378 options
    owner_department: "forms.ModelChoiceField[Department]" = forms.ModelChoiceField(
        label=_("Department (department objectives)"), queryset=None, required=False
    )
    parent = GoalChoiceField(
        label=_("Aligns to"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_(
            "Company objectives, your department’s and team’s, and those of the people above you. "
            "For another objective, give its number below."
        ),
    )
    parent_ref = forms.CharField(
        label=_("…or aligns to objective number"),
        required=False,
        max_length=200,
        help_text=_("The number in the objective’s address, like 123 in /goals/123/. Wins over the list."),
    )
    contributors = PersonPicker(
        label=_("Contributors"),
        scope="people",
        multiple=True,
        max_count=MAX_CONTRIBUTORS,
        required=False,
        help_text=_("The people who help: type a name or work email and choose. They can check in too."),
    )
    goal_type = forms.ChoiceField(label=_("Type"), choices=Goal.Type.choices, initial=Goal.Type.PERFORMANCE)
    # Choices (the owner's framework) set in __init__; the service checks them against the owner saved.
    develops = forms.TypedChoiceField(
        label=_("Develops competency (optional)"),
        choices=(),
        required=False,
        empty_value=None,
        help_text=_("A competency of the owner's framework this objective helps them grow in."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Goal.Visibility.choices,
        initial=Goal.Visibility.PUBLIC,
        help_text=_("Private objectives are seen only by the owner, their managers and HR."),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    weight = forms.DecimalField(
        label=_("Weight in the parent"),
        initial=Decimal("1"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Equal by default."),
    )

    rollup = forms.ChoiceField(
        label=_("Progress comes"),
        required=False,
        choices=[("", _("Automatically: from its key results if it has any")), *Goal.Rollup.choices],
        help_text=_(
            "From its key results only, also from the objectives aligned to it (each counts by its "
            "weight), or set by hand at each check-in."
        ),
    )

    def __init__(self, *args: Any, actor: Actor, exclude_goal: Goal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if exclude_goal is not None:  # an edit keeps a choice; "automatically" is for new objectives
            self.fields["rollup"].choices = Goal.Rollup.choices  # type: ignore[attr-defined]
        self.actor = actor
        self.exclude_goal = exclude_goal
        bind_people_pickers(self, actor)
        fields: dict[str, Any] = self.fields
        fields["cycle"].queryset = selectors.cycle_list(actor=actor).exclude(status=GoalCycle.Status.CLOSED)
        fields["owner_department"].queryset = department_choices(actor=actor)
        parents = selectors.parent_choices(actor=actor, include=[self._initial_parent()])
        fields["parent"].queryset = self._without_own_subtree(parents)
        self._bind_develops(exclude_goal)

    def _bind_develops(self, goal: Goal | None) -> None:
        """The competencies of the owner's framework by theme (the general one without an owner);
        an edited goal keeps the one it develops, even of an earlier version."""
        choices = selectors.develops_choices(
            goal.owner_employee if goal is not None else employee_of(self.actor)
        )
        if goal is not None and goal.develops is not None and goal.develops not in choices:
            choices.append(goal.develops)
        if not choices:
            del self.fields["develops"]
            return
        by_theme: dict[str, list[tuple[str, str]]] = {}
        for competency in choices:
            by_theme.setdefault(competency.theme.name, []).append((str(competency.pk), competency.name))
        field: Any = self.fields["develops"]
        field.choices = [("", "---------"), *by_theme.items()]
        by_id = {c.pk: c for c in choices}
        field.coerce = lambda value: by_id[int(value)]

    def _initial_parent(self) -> int | None:
        value = self.initial.get("parent")
        return value if isinstance(value, int) else None

    def _without_own_subtree(self, goals: QuerySet[Goal]) -> QuerySet[Goal]:
        """An objective cannot align below itself: its own subtree is left out of the choices."""
        if self.exclude_goal is None:
            return goals
        return goals.exclude(path__startswith=self.exclude_goal.path)

    def clean_parent_ref(self) -> Goal | None:
        ref = self.cleaned_data["parent_ref"].strip()
        if not ref:
            return None
        match = GOAL_NUMBER.match(ref)
        goal = None
        if match:
            candidates = self._without_own_subtree(selectors.open_parents(actor=self.actor))
            goal = candidates.filter(pk=int(match.group(1))).select_related("cycle").first()
        if goal is None:
            raise forms.ValidationError(
                _("No objective you can align to has this number (it must be active and in an open cycle).")
            )
        return goal

    def clean_owner(self) -> Employee | None:
        return self.cleaned_data["owner"] or employee_of(self.actor)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["owner_employee"] = data.pop("owner")
        parent_ref = data.pop("parent_ref")
        if parent_ref is not None:
            data["parent"] = parent_ref
        return data


MILESTONE_HELP = _("Milestones: one per line.")


class KeyResultForm(VersionedForm, forms.Form):
    sends_version = False  # the goal's version covers its key results
    id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Key result"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KeyResult.Kind.choices, initial=KeyResult.Kind.NUMBER)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=KeyResult.Direction.choices, initial=KeyResult.Direction.INCREASE
    )
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=16, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    weight = forms.DecimalField(
        label=_("Weight"),
        initial=Decimal("1"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        required=False,
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        max_length=LIST_MAX_LENGTH,
        help_text=MILESTONE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def row(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data or not data.get("title"):
            return None
        return {
            "id": data.get("id"),
            "title": data["title"],
            "kind": data["kind"],
            "direction": data["direction"],
            "baseline": data.get("baseline"),
            "target": data.get("target"),
            "currency": (data.get("currency") or "").upper(),
            "weight": data.get("weight") or Decimal("1"),
            "milestones": [
                line.strip() for line in (data.get("milestones") or "").splitlines() if line.strip()
            ],
        }


KeyResultFormSet = forms.formset_factory(KeyResultForm, extra=0, max_num=12, absolute_max=12)


def key_result_initial(
    goal: Goal | None = None, template: GoalTemplate | None = None, blanks: int = 3
) -> list[dict]:
    rows: list[dict] = []
    if goal is not None:
        rows = [
            {
                "id": kr.pk,
                "title": kr.title,
                "kind": kr.kind,
                "direction": kr.direction,
                "baseline": kr.baseline,
                "target": kr.target,
                "currency": kr.currency,
                "weight": kr.weight,
                "milestones": "\n".join(m.title for m in kr.milestones.all()),
            }
            for kr in goal.key_results.all()
        ]
    elif template is not None:
        rows = [
            {**item, "milestones": "\n".join(item.get("milestones", []))} for item in template.key_results
        ]
    return rows + [{} for _ in range(blanks)]


class KeyResultUpdateForm(forms.Form):
    value = forms.DecimalField(label=_("New value"), required=False, max_digits=16, decimal_places=2)
    done = forms.BooleanField(label=_("Done"), required=False)
    milestones_done = forms.TypedMultipleChoiceField(
        label=_("Milestones done"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    progress = forms.DecimalField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=KeyResultUpdate.Confidence.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, key_result: KeyResult | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_result = key_result
        fields: dict[str, Any] = self.fields
        keep = {"confidence", "comment"}
        if key_result is None:
            keep.add("progress")
        elif key_result.is_measured:
            keep.add("value")
            self.fields["value"].required = True
            self.fields["value"].initial = key_result.current
        elif key_result.kind == KeyResult.Kind.BINARY:
            keep.add("done")
            self.fields["done"].initial = key_result.done
        else:
            keep.add("milestones_done")
            milestones = list(key_result.milestones.all())
            fields["milestones_done"].choices = [(m.pk, m.title) for m in milestones]
            fields["milestones_done"].initial = [m.pk for m in milestones if m.done]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class CycleForm(VersionedForm, forms.ModelForm):
    """A cycle's dates and cadence. Its status moves on to active here; a new cycle is planned until
    HR opens it for drafting (cycle_open). Dates in the past or far from today are confirmed with
    a checkbox that appears with the warning."""

    confirm_dates = forms.BooleanField(
        label=_("Yes, these dates are right"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = GoalCycle
        fields = ["name", "kind", "start_date", "end_date", "status", "checkin_cadence"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        now = self.instance.status if self.instance.pk else GoalCycle.Status.PLANNED
        keep = {now, GoalCycle.Status.ACTIVE}
        fields["status"].choices = [c for c in GoalCycle.Status.choices if c[0] in keep]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        dates_changed = not self.instance.pk or {"start_date", "end_date"} & set(self.changed_data)
        errors = dates_to_confirm(data.get("start_date"), data.get("end_date")) if dates_changed else []
        if errors and not data.get("confirm_dates"):
            self.fields["confirm_dates"].widget = forms.CheckboxInput()
            self.add_error("confirm_dates", errors)
        return data


class CycleCloseForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Carry unfinished goals over into"),
        queryset=GoalCycle.objects.none(),
        required=False,
        help_text=_("Leave empty to close without carrying anything over."),
    )

    def __init__(self, *args: Any, cycle: GoalCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["into"].queryset = GoalCycle.objects.exclude(status=GoalCycle.Status.CLOSED).exclude(
            pk=cycle.pk
        )


class TemplateForm(VersionedForm, forms.ModelForm):
    key_results_text = forms.CharField(
        label=_("Key results"),
        required=False,
        max_length=LIST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line: title | kind | direction | baseline | target, for example "
            "“Reduce churn (%) | percentage | decrease | 8 | 5”."
        ),
    )

    # The model's text field has no length of its own.
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea
    )

    class Meta:
        model = GoalTemplate
        fields = ["function", "level", "title", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key_results_text"].initial = "\n".join(
                " | ".join(
                    str(item.get(k, "")) for k in ("title", "kind", "direction", "baseline", "target")
                ).rstrip(" |")
                for item in self.instance.key_results
            )

    def clean_key_results_text(self) -> list[dict]:
        rows = []
        for number, line in enumerate(self.cleaned_data["key_results_text"].splitlines(), start=1):
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            parts += [""] * (5 - len(parts))
            kind = parts[1] or "number"
            if kind not in KeyResult.Kind.values:
                raise forms.ValidationError(
                    _("Line %(n)s: the kind must be one of %(kinds)s.")
                    % {"n": number, "kinds": ", ".join(KeyResult.Kind.values)}
                )
            rows.append(
                {
                    "title": parts[0][:200],
                    "kind": kind,
                    "direction": parts[2] or "increase",
                    "baseline": parts[3] or None,
                    "target": parts[4] or None,
                }
            )
        return rows


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Add a comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mention someone with @first.last (their work email before the @) or their whole work email, "
            "like @ann.lee@example.com. They are notified if they can see this objective."
        ),
    )
