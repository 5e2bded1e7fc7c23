"""1:1s: a series between two people, its meetings, the shared agenda (talking points), action items,
private notes and calendar feed tokens.

Who sees what is decided in permissions.py; the one rule the models carry is that a private note
belongs to exactly one author and is never joined into anything another person reads."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.core.versioning import VersionedModel
from cadence.people.models import Employee

# The questions a new 1:1 starts from when its series has no template of its own.
DEFAULT_TEMPLATE_POINTS = (
    _("What is going well?"),
    _("What is challenging right now?"),
    _("What do you need from me?"),
    _("What are you learning, or wanting to grow in?"),
)


class AgendaTemplate(VersionedModel, TimeStampedModel):
    """Talking points a new meeting starts with. Without an owner the template is shared."""

    name = models.CharField(_("name"), max_length=120)
    points = models.JSONField(_("talking points"), default=list, blank=True)
    owner = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )

    edit_fields = ("name", "points")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.points, list) or not all(isinstance(p, str) for p in self.points):
            raise ValidationError({"points": _("Give the talking points as a list of texts.")})
        self.points = [p.strip()[:500] for p in self.points if p.strip()]
        if not self.points:
            raise ValidationError({"points": _("A template needs at least one talking point.")})
        if len(self.points) > 20:
            raise ValidationError({"points": _("A template has at most 20 talking points.")})


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    ONCE = "once", _("One-off")


# Days between meetings; monthly is approximated for the overdue check, scheduled by calendar month.
CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 31}


class Series(VersionedModel, TimeStampedModel):
    """A recurring 1:1 between a manager (or mentor, or skip-level) and an employee."""

    manager = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="one_on_ones_led", verbose_name=_("manager")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="one_on_ones", verbose_name=_("employee")
    )
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    template = models.ForeignKey(
        AgendaTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agenda template"),
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    edit_fields = ("cadence", "duration_minutes", "template", "ended_at")

    class Meta:
        ordering = ["employee__last_name", "employee__first_name", "id"]
        verbose_name = _("1:1 series")
        verbose_name_plural = _("1:1 series")
        constraints = [
            models.CheckConstraint(condition=~Q(manager=models.F("employee")), name="series_two_people"),
            models.UniqueConstraint(
                fields=["manager", "employee"],
                condition=Q(ended_at__isnull=True),
                name="series_one_active_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"1:1 {self.manager} / {self.employee}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def is_recurring(self) -> bool:
        return self.cadence != Cadence.ONCE

    def participant_ids(self) -> tuple[int, int]:
        return (self.manager_id, self.employee_id)

    def clean(self) -> None:
        if self.manager_id and self.manager_id == self.employee_id:
            raise ValidationError({"employee": _("A 1:1 needs two different people.")})
        if not 10 <= (self.duration_minutes or 0) <= 240:
            raise ValidationError({"duration_minutes": _("Choose a length between 10 and 240 minutes.")})


class Meeting(VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="meetings")
    scheduled_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    completed_at = models.DateTimeField(null=True, blank=True)
    # When each reminder went out; rescheduling clears them so the new date is reminded too.
    employee_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    manager_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    edit_fields = ("scheduled_at", "status")

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            # One meeting per slot: creating the next instance twice (tick and completion) is harmless.
            models.UniqueConstraint(fields=["series", "scheduled_at"], name="meeting_once_per_slot")
        ]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="meeting_status_when")]

    def __str__(self) -> str:
        return f"{self.series} · {self.scheduled_at:%Y-%m-%d}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.scheduled_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED


class TalkingPoint(VersionedModel, TimeStampedModel):
    """A point on a meeting's agenda. Its version counts edits of its text and of whether it was
    discussed; its place in the agenda is the agenda's order (reordering checks the order itself)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="talking_points")
    author = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("talking point"), max_length=500)
    position = models.PositiveIntegerField(default=0)
    discussed = models.BooleanField(_("discussed"), default=False)
    # The undiscussed point of an earlier meeting this one continues; unique so carrying is idempotent.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A goal or feedback item the point is about (core.links: the kind names the module's source).
    # Its title and address are looked up for each viewer, shown only to one who may see it.
    link_kind = models.CharField(max_length=20, blank=True, default="")
    link_id = models.PositiveBigIntegerField(null=True, blank=True)

    edit_fields = ("text", "discussed")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "carried_from"], name="talking_point_carried_once"),
            models.CheckConstraint(
                condition=Q(link_kind="", link_id__isnull=True)
                | (~Q(link_kind="") & Q(link_id__isnull=False)),
                name="talking_point_link_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ActionItem(VersionedModel, TimeStampedModel):
    """Something one participant will do. It belongs to the series, so an open item stays on every
    following meeting until it is done."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    created_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("action item"), max_length=300)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Bumped whenever the item goes back on a to-do list it was taken off (reopened, or handed back to
    # an earlier owner): notify() is idempotent per event key, so each round needs a key of its own.
    todo_round = models.PositiveIntegerField(default=0, editable=False)

    edit_fields = ("title", "owner", "due_date", "done_at")

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["series", "done_at"], name="action_item_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def todo_key(self) -> str:
        return f"meetings.action_item.{self.pk}"

    @property
    def owner_todo_key(self) -> str:
        """The event key of the current owner's to-do; round 0 keeps the key items always had."""
        key = f"{self.todo_key}.{self.owner_id}"
        return f"{key}.r{self.todo_round}" if self.todo_round else key


class PrivateNote(TimeStampedModel):
    """A participant's own notes on a meeting. Readable by the author only: not the other
    participant, not their managers, not HR; never in the admin, the API of others or an export."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private notes"), blank=True, max_length=20000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "author"], name="private_note_per_author")]

    def __str__(self) -> str:
        # Never the text: this string may end up in logs or audit labels.
        return f"Private note #{self.pk}"


class SharedNote(VersionedModel, TimeStampedModel):
    """The notes both participants keep together on a meeting (Markdown), unlike private notes.
    Read and edited by the two participants only: not their managers, not HR, never in the admin,
    the calendar, notifications or the audit log. One per meeting, made on its first save."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("shared notes"), blank=True, max_length=20000)
    edited_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    edit_fields = ("text",)

    def __str__(self) -> str:
        # Never the text: this string may end up in logs or audit labels.
        return f"Shared note #{self.pk}"


class CalendarFeed(models.Model):
    """A person's secret calendar URL. Only the token's hash is stored; the URL is shown once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
