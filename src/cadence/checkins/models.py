"""Weekly check-ins: the questions and cadence HR sets, each person's check-in per period with its
priorities, and the comments and reactions on it.

The tables keep the names they had while check-ins lived in the feedback app (`feedback_checkin`
and so on): the move changed where the code lives, not where the data is."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.core.versioning import VersionedModel
from cadence.feedback.models import Reaction
from cadence.goals.models import KeyResultUpdate
from cadence.people.models import Department, Employee


class CheckInQuestion(VersionedModel, TimeStampedModel):
    """A question in everyone's check-in (department=None) or in one department's. HR turns it on
    and off from the version the settings page showed."""

    text = models.CharField(_("question"), max_length=300)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("Empty: everyone."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    edit_fields = ("is_active",)

    class Meta:
        db_table = "feedback_checkinquestion"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class CheckInCadence(VersionedModel):
    """How often check-ins are due: one row for everyone (department=None), optional rows per department.
    HR sets it from the versions the settings page showed (see checkin_cadence_set)."""

    class Every(models.IntegerChoices):
        WEEK = 1, _("Every week")
        TWO_WEEKS = 2, _("Every two weeks")

    department = models.OneToOneField(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    every_weeks = models.PositiveSmallIntegerField(choices=Every.choices, default=Every.WEEK)

    edit_fields = ("every_weeks",)

    class Meta:
        db_table = "feedback_checkincadence"
        constraints = [
            # One row for "everyone": NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(
                Coalesce("department", models.Value(0)), name="checkin_one_cadence_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department or 'Everyone'}: {self.get_every_weeks_display()}"


class CheckIn(TimeStampedModel):
    """One person's check-in for one period. Due until submitted or skipped; while due it may hold a
    saved draft (`draft_saved_at`). Its author can still change a submitted one until a manager has
    reviewed it (`edited_at`): only the author ever writes it, so it carries no version — the review
    that closes it is checked under a row lock (services.checkin_update)."""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        SKIPPED = "skipped", _("Skipped")

    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="checkins")
    period_start = models.DateField(_("period"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    mood = models.PositiveSmallIntegerField(
        _("How did you feel at work since your last check-in?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # [{"question": str, "answer": str}] — the question text is copied so later edits by HR
    # do not change what someone answered.
    answers = models.JSONField(default=list, blank=True)
    skip_reason = models.CharField(_("reason"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # A draft's choices that have no place of their own until it is submitted, by id as strings:
    # {"answers": {question: text}, "carried": {priority: status}, "priorities": [text],
    #  "goals": {goal: [confidence, comment]}}.
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The goal check-ins (goals app) recorded from this check-in's form, shown to the reviewer.
    goal_updates = models.ManyToManyField(
        KeyResultUpdate, blank=True, related_name="+", db_table="feedback_checkin_goal_updates"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "feedback_checkin"
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "period_start"], name="checkin_once_per_period")
        ]
        indexes = [models.Index(fields=["period_start", "status"], name="checkin_period_status")]

    def __str__(self) -> str:
        return f"Check-in of {self.author} for {self.period_start}"


class CheckInPriority(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CARRIED = "carried", _("Carried forward")
        DROPPED = "dropped", _("Dropped")

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="priorities")
    text = models.CharField(_("priority"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "feedback_checkinpriority"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class CheckInComment(TimeStampedModel):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)

    class Meta:
        db_table = "feedback_checkincomment"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on check-in #{self.checkin_id}"


class CheckInReaction(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Reaction.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "feedback_checkinreaction"
        constraints = [
            models.UniqueConstraint(fields=["checkin", "person", "kind"], name="checkin_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.checkin_id}"
