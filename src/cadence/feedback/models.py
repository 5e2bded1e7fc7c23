"""Praise, feedback and feedback requests.

Privacy is decided when something is written and never widened later: praise is public or private,
feedback carries the visibility its author chose, and peer feedback written while protection was on
keeps `protected=True` even if HR switches protection off again."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.core.versioning import VersionedModel
from cadence.people.models import Employee

MAX_PRAISE_RECIPIENTS = 10


class Reaction(models.TextChoices):
    CLAP = "clap", "👏"
    HEART = "heart", "❤️"
    PARTY = "party", "🎉"
    STAR = "star", "⭐"


class FeedbackSettings(VersionedModel):
    """The organisation's feedback settings: one row (pk=1), edited by HR from the version shown."""

    protected_peer_feedback = models.BooleanField(
        _("protect peer feedback"),
        default=False,
        help_text=_(
            "Peer feedback is readable only by the person it is about. Managers and HR see that "
            "feedback was exchanged, never what it says."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    edit_fields = ("protected_peer_feedback",)

    class Meta:
        verbose_name = _("feedback settings")
        verbose_name_plural = _("feedback settings")

    def __str__(self) -> str:
        return str(_("Feedback settings"))


class CompanyValue(VersionedModel, TimeStampedModel):
    """A value praise can be tagged with. HR defines them; retired values stay on old praise. HR
    retires and reactivates one from the version the page showed."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    edit_fields = ("is_active",)

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
    # What feedback written before frameworks named as free text: kept, shown read-only.
    competency = models.CharField(_("competency (before frameworks)"), max_length=120, blank=True)
    # The competency row of the version the feedback was written against (its text stays that one),
    # picked from the recipient's framework, and optionally the level of their track it showed.
    framework_competency = models.ForeignKey(
        "competencies.Competency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competency"),
    )
    shown_level = models.ForeignKey(
        "competencies.Level",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level they showed"),
    )
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
