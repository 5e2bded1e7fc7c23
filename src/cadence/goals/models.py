"""Goals and OKRs: cycles, objectives at four levels aligned in a tree, key results, check-ins.

Objectives form a tree through `parent`, stored also as a materialised path ("/1/5/23/", see
`core.tree`) so that the ancestors of a goal are one query and its subtree one prefix query, at
50,000 goals. Each goal stores its progress (0..1); the service recomputes it up the ancestor chain
on every change, so pages only read it."""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.core.tree import TreePathMixin
from cadence.core.versioning import VersionedModel
from cadence.people.models import Department, Employee, Team

DEFAULT_STALE_DAYS = 14
CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def stale_days() -> int:
    """Days without a check-in after which a goal shows as "needs update"."""
    return int(getattr(settings, "CADENCE_GOALS_STALE_DAYS", DEFAULT_STALE_DAYS))


class GoalCycle(VersionedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEAR = "half_year", _("Half-year")
        ANNUAL = "annual", _("Annual")
        CUSTOM = "custom", _("Custom")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DRAFTING = "drafting", _("Drafting")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUARTERLY)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    checkin_cadence = models.CharField(
        _("check-in reminders"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    edit_fields = ("name", "kind", "start_date", "end_date", "status", "checkin_cadence")

    class Meta:
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def cadence_days(self) -> int:
        return {"weekly": 7, "biweekly": 14, "monthly": 30}[self.checkin_cadence]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The cycle must end after it starts.")})


class Goal(TreePathMixin, VersionedModel, TimeStampedModel):
    """An objective. Its owner is a person, a team, a department, or the company (no owner).
    Its version counts edits of the objective with its key results and contributors, which its
    form and PATCH edit together; check-ins, archiving and approval are no edits of it."""

    class Level(models.TextChoices):
        COMPANY = "company", _("Company")
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Team")
        INDIVIDUAL = "individual", _("Individual")

    class Type(models.TextChoices):
        PERFORMANCE = "performance", _("Performance goal")
        DEVELOPMENT = "development", _("Development goal")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        DONE = "done", _("Done")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    class Approval(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PENDING = "pending", _("Waiting for approval")

    class Rollup(models.TextChoices):
        KEY_RESULTS = "key_results", _("From its key results only")
        KEY_RESULTS_AND_CHILDREN = "with_children", _("From its key results and aligned objectives")
        MANUAL = "manual", _("Set by hand")

    cycle = models.ForeignKey(
        GoalCycle, on_delete=models.PROTECT, related_name="goals", verbose_name=_("cycle")
    )
    title = models.CharField(_("objective"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.INDIVIDUAL)
    owner_employee = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("owner"),
    )
    owner_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="goals", verbose_name=_("team")
    )
    owner_department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("department"),
    )
    contributors = models.ManyToManyField(
        Employee, blank=True, related_name="contributed_goals", verbose_name=_("contributors")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("aligns to"),
    )
    # The competency of the owner's framework (published version) the goal develops, if any.
    develops = models.ForeignKey(
        "competencies.Competency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("develops competency"),
    )
    goal_type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.PERFORMANCE)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE, db_index=True)
    approval = models.CharField(max_length=10, choices=Approval.choices, default=Approval.APPROVED)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight in parent"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("How much this objective counts towards the one it aligns to. Equal by default."),
    )
    progress = models.FloatField(default=0.0)
    manual_progress = models.FloatField(default=0.0)
    rollup = models.CharField(
        _("progress comes"), max_length=16, choices=Rollup.choices, default=Rollup.KEY_RESULTS_AND_CHILDREN
    )
    # Set by the parent's owner (an edit of the parent, under the parent's version): this objective
    # does not count in its parent's progress. Cleared when it moves to another parent.
    rollup_excluded = models.BooleanField(default=False)
    last_checkin_at = models.DateTimeField(null=True, blank=True, db_index=True)
    final_score = models.FloatField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    edit_fields = (
        "cycle", "title", "description", "level", "owner_employee", "owner_team", "owner_department",
        "parent", "goal_type", "visibility", "due_date", "weight", "rollup", "develops",
    )  # fmt: skip

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["path"], name="goal_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["cycle", "level", "state"], name="goal_cycle_level"),
            models.Index(fields=["owner_employee", "cycle"], name="goal_owner_cycle"),
            models.Index(fields=["parent", "state"], name="goal_parent_state"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        return round(self.progress * 100)

    @property
    def needs_update(self) -> bool:
        """No check-in for the configured number of days, whatever the last status."""
        if self.state != self.State.ACTIVE or self.status == self.Status.DONE or self.final_score is not None:
            return False
        last = self.last_checkin_at or self.created_at
        return bool(last and last < timezone.now() - datetime.timedelta(days=stale_days()))

    @property
    def owner_label(self) -> str:
        owner = self.owner_employee or self.owner_team or self.owner_department
        return str(owner) if owner else str(_("Company"))

    def clean(self) -> None:
        errors: dict[str, object] = {}
        owners: dict[str, tuple[str, int | None]] = {
            self.Level.INDIVIDUAL: ("owner_employee", self.owner_employee_id),
            self.Level.TEAM: ("owner_team", self.owner_team_id),
            self.Level.DEPARTMENT: ("owner_department", self.owner_department_id),
        }
        if self.level in owners and not owners[self.level][1]:
            errors[owners[self.level][0]] = _("Choose who owns this objective.")
        if self.due_date and self.cycle_id:
            cycle = self.cycle
            if not cycle.start_date <= self.due_date <= cycle.end_date:
                errors["due_date"] = _("The due date must fall within the cycle (%(start)s – %(end)s).") % {
                    "start": cycle.start_date,
                    "end": cycle.end_date,
                }
        if self.parent_id:
            errors.update(self._parent_errors())
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self) -> dict[str, object]:
        parent = self.parent
        assert parent is not None
        if parent.is_within(self):
            return {"parent": _("An objective cannot align to itself or to one of its own sub-objectives.")}
        covers = (
            parent.cycle.start_date <= self.cycle.start_date and parent.cycle.end_date >= self.cycle.end_date
        )
        if parent.cycle_id != self.cycle_id and not covers:
            return {"parent": _("The parent's cycle must cover this objective's cycle.")}
        if self.due_date and parent.due_date and self.due_date > parent.due_date:
            return {
                "due_date": _("The due date must not be later than the parent's (%(due)s).")
                % {"due": parent.due_date}
            }
        return {}


class KeyResult(TimeStampedModel):
    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")
        CURRENCY = "currency", _("Amount of money")
        BINARY = "binary", _("Done / not done")
        MILESTONES = "milestones", _("Milestones")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    MEASURED = (Kind.NUMBER, Kind.PERCENTAGE, Kind.CURRENCY)

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("key result"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    current = models.DecimalField(_("current"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    done = models.BooleanField(default=False)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal("1"))
    progress = models.FloatField(default=0.0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        return round(self.progress * 100)

    @property
    def is_measured(self) -> bool:
        return self.kind in self.MEASURED

    def clean(self) -> None:
        if self.is_measured:
            errors = {
                name: _("Enter a number.") for name in ("baseline", "target") if getattr(self, name) is None
            }
            if errors:
                raise ValidationError(errors)
            if self.baseline == self.target:
                raise ValidationError({"target": _("The target must differ from the baseline.")})
            increase = self.direction == self.Direction.INCREASE
            if (self.target > self.baseline) != increase:  # type: ignore[operator]
                raise ValidationError(
                    {
                        "direction": _("The target is below the baseline: choose “decrease”, or swap them.")
                        if increase
                        else _("The target is above the baseline: choose “increase”, or swap them.")
                    }
                )
        if self.kind == self.Kind.CURRENCY and not CURRENCY_CODE.fullmatch(self.currency or ""):
            raise ValidationError({"currency": _("Enter the currency as three letters, like EUR.")})
        if self.weight is not None and self.weight <= 0:
            raise ValidationError({"weight": _("The weight must be more than zero.")})


class Milestone(models.Model):
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    done = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class KeyResultUpdate(models.Model):
    """One update of a key result (new value) or of the objective itself. Kept forever. People call
    it a check-in on the objective page, and the API publishes it as `KeyResultCheckIn`; the name here
    keeps it apart from the weekly check-ins of the checkins app."""

    class Confidence(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    key_result = models.ForeignKey(
        KeyResult, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    previous_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    done = models.BooleanField(null=True, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.ON_TRACK)
    comment = models.TextField(blank=True)
    key_result_progress = models.FloatField(null=True, blank=True)
    goal_progress = models.FloatField(default=0.0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.goal} @ {self.created_at:%Y-%m-%d}"


class ProgressPoint(models.Model):
    """The progress of a goal after each change, for its timeline (also written for ancestors)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress_points")
    progress = models.FloatField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["goal", "recorded_at"], name="goal_progress_point")]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.progress:.0%}"


class GoalTemplate(VersionedModel, TimeStampedModel):
    class Function(models.TextChoices):
        ENGINEERING = "engineering", _("Engineering")
        SALES = "sales", _("Sales")
        SUPPORT = "support", _("Support")
        PEOPLE = "people", _("People")
        GENERAL = "general", _("General")

    function = models.CharField(_("function"), max_length=20, choices=Function.choices)
    title = models.CharField(_("objective"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Goal.Level.choices, default=Goal.Level.TEAM)
    key_results = models.JSONField(
        _("key results"),
        default=list,
        blank=True,
        help_text=_("A list of key results: title, kind, direction, baseline, target."),
    )

    edit_fields = ("function", "title", "description", "level", "key_results")

    class Meta:
        ordering = ["function", "title"]

    def __str__(self) -> str:
        return self.title


class ApprovalPolicy(models.Model):
    """A manager's choice to approve their reports' goals before they count."""

    manager = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="goal_policy")
    require_approval = models.BooleanField(_("approve my reports' goals"), default=False)

    def __str__(self) -> str:
        return f"{self.manager}: {'approval' if self.require_approval else 'auto'}"


class GoalComment(models.Model):
    """A comment on an objective. `mentioned` holds the people its @mentions resolved to when it was
    written, so that the page links them without parsing against the whole directory again."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    mentioned = models.ManyToManyField(Employee, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["goal", "created_at"], name="goal_comment_goal")]

    def __str__(self) -> str:
        return f"{self.goal_id} @ {self.created_at:%Y-%m-%d}"
