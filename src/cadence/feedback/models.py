"""Praise, feedback, feedback requests and weekly check-ins.

Privacy is decided when something is written and never widened later: praise is public or private,
feedback carries the visibility its author chose, and peer feedback written while protection was on
keeps `protected=True` even if HR switches protection off again."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.people.models import Department, Employee

MAX_PRAISE_RECIPIENTS = 10


class Reaction(models.TextChoices):
    CLAP = "clap", "👏"
    HEART = "heart", "❤️"
    PARTY = "party", "🎉"
    STAR = "star", "⭐"


class FeedbackSettings(models.Model):
    """The organisation's feedback settings: one row (pk=1), edited by HR."""

    protected_peer_feedback = models.BooleanField(
        _("protect peer feedback"),
        default=False,
        help_text=_(
            "Peer feedback is readable only by the person it is about. Managers and HR see that "
            "feedback was exchanged, never what it says."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback settings")
        verbose_name_plural = _("feedback settings")

    def __str__(self) -> str:
        return str(_("Feedback settings"))


class CompanyValue(TimeStampedModel):
    """A value praise can be tagged with. HR defines them; retired values stay on old praise."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Praise(TimeStampedModel):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: on the praise wall")
        PRIVATE = "private", _("Private: the recipients and their managers")

    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="praise_given")
    recipients = models.ManyToManyField(Employee, related_name="praise_received")
    values = models.ManyToManyField(CompanyValue, related_name="praise", blank=True)
    message = models.TextField(_("message"), max_length=2000)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["visibility", "-created_at"], name="praise_wall")]

    def __str__(self) -> str:
        # Never the message: audit labels and admin lists must not leak private praise.
        return f"Praise #{self.pk} by {self.author}"


class PraiseReaction(models.Model):
    praise = models.ForeignKey(Praise, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Reaction.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["praise", "person", "kind"], name="praise_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.praise_id}"


class PraiseComment(TimeStampedModel):
    praise = models.ForeignKey(Praise, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=1000)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on praise #{self.praise_id}"


class Feedback(TimeStampedModel):
    class Visibility(models.TextChoices):
        RECIPIENT = "recipient", _("Only the recipient")
        RECIPIENT_AND_MANAGER = "recipient_manager", _("The recipient and their manager")
        MANAGER = "manager", _("Only their manager")

    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="feedback_given")
    recipient = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="feedback_received")
    body = models.TextField(_("feedback"), max_length=5000)
    visibility = models.CharField(_("who may read it"), max_length=20, choices=Visibility.choices)
    # Free text until the competencies app exists; then it becomes a link.
    competency = models.CharField(_("competency"), max_length=120, blank=True)
    goal = models.ForeignKey(
        "goals.Goal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("goal"),
    )
    # Peer = not written by someone above the recipient in the reporting line.
    is_peer = models.BooleanField(default=True, editable=False)
    protected = models.BooleanField(default=False, editable=False)
    request = models.OneToOneField(
        "FeedbackRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="answer"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        # Never the body: protected feedback must not leak through audit labels or the admin.
        return f"Feedback #{self.pk} from {self.author} to {self.recipient}"

    def clean(self) -> None:
        if self.author_id and self.author_id == self.recipient_id:
            raise ValidationError(
                {"recipient": _("Feedback is for someone else. Use a check-in for yourself.")}
            )


class FeedbackRequest(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    requester = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="feedback_requests_made")
    subject = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="feedback_requests_about")
    respondent = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="feedback_requests_received"
    )
    questions = models.TextField(_("guiding questions"), blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback request #{self.pk} about {self.subject}"

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class CheckInQuestion(TimeStampedModel):
    """A question in everyone's check-in (department=None) or in one department's."""

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

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class CheckInCadence(models.Model):
    """How often check-ins are due: one row for everyone (department=None), optional rows per department."""

    class Every(models.IntegerChoices):
        WEEK = 1, _("Every week")
        TWO_WEEKS = 2, _("Every two weeks")

    department = models.OneToOneField(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    every_weeks = models.PositiveSmallIntegerField(choices=Every.choices, default=Every.WEEK)

    class Meta:
        constraints = [
            # One row for "everyone": NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(
                Coalesce("department", models.Value(0)), name="checkin_one_cadence_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department or 'Everyone'}: {self.get_every_weeks_display()}"


class CheckIn(TimeStampedModel):
    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        SKIPPED = "skipped", _("Skipped")

    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="check_ins")
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
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
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

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="priorities")
    text = models.CharField(_("priority"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class CheckInComment(TimeStampedModel):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on check-in #{self.check_in_id}"


class CheckInReaction(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Reaction.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_in", "person", "kind"], name="checkin_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.check_in_id}"
