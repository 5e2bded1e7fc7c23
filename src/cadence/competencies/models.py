"""Competency frameworks and where people stand in them.

A `Framework` is a named thing HR keeps (e.g. "Engineering"); its content lives in numbered
`FrameworkVersion`s. A version holds tracks (each with ordered levels), themes, competencies and one
`Expectation` per competency x level. Publishing freezes a version; editing a published framework
works on a draft copy (the next number), so anything rated against a version keeps pointing at the
text it was written against.

Rows of different versions that are "the same" track, level, theme or competency share a `key`
(a slug, unique within the version): that is how a placement or an assessment made against version 2
is read against version 3, and how YAML/JSON import and export match rows.

People's side, all append-only history (nothing is edited in place, so history is never lost):
`Placement` (track and level from a date), `Assessment` (an assessed level per competency, with its
source), `PromotionReadiness` (a manager's mark with evidence)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.core.versioning import VersionedModel


class Framework(VersionedModel, TimeStampedModel):
    edit_fields = ("name", "description", "is_general")

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    # The general framework applies to anyone whose track, team or department has none of its own.
    is_general = models.BooleanField(_("general framework"), default=False)
    # People in these departments (and below) use this framework when they are on no track of their own.
    departments = models.ManyToManyField(
        "people.Department", blank=True, related_name="competency_frameworks", verbose_name=_("departments")
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_general"], condition=Q(is_general=True), name="one_general_framework"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")  # an earlier published version, kept for what was rated against it

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique_number"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="draft"), name="framework_one_draft"
            ),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="published"), name="framework_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Track(VersionedModel, TimeStampedModel):
    """A career track (Engineering IC, Engineering Management, Sales, ...) with ordered levels."""

    edit_fields = ("name", "description", "position")

    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="tracks")
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework_version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework_version", "key"], name="track_unique_key_per_version")
        ]

    def __str__(self) -> str:
        return self.name


class Level(VersionedModel, TimeStampedModel):
    """One step of a track. `position` orders the levels: a higher position is a more senior level."""

    edit_fields = ("code", "title", "summary", "position")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="levels")
    key = models.SlugField(_("key"), max_length=60)
    code = models.CharField(_("code"), max_length=20)  # "IC3", "M2"
    title = models.CharField(_("title"), max_length=150)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["track", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["track", "key"], name="level_unique_key_per_track"),
            models.UniqueConstraint(fields=["track", "code"], name="level_unique_code_per_track"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Theme(VersionedModel, TimeStampedModel):
    """A group of competencies: Impact, Craft, Collaboration, Leadership, ..."""

    edit_fields = ("name", "description", "position")

    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework_version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework_version", "key"], name="theme_unique_key_per_version")
        ]

    def __str__(self) -> str:
        return self.name


class Competency(VersionedModel, TimeStampedModel):
    edit_fields = ("name", "description", "theme", "position")

    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="competencies"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="competencies", verbose_name=_("theme")
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Empty: the competency applies to every track of the framework; otherwise only to these.
    tracks = models.ManyToManyField(
        Track, blank=True, related_name="specific_competencies", verbose_name=_("tracks")
    )

    class Meta:
        ordering = ["framework_version", "theme__position", "position", "id"]
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(
                fields=["framework_version", "key"], name="competency_unique_key_per_version"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Expectation(VersionedModel, TimeStampedModel):
    """What a competency expects at one level (Markdown, rendered sanitised)."""

    edit_fields = ("text",)

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="expectations")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="expectations")
    text = models.TextField(_("expectation"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"], name="expectation_unique_per_competency_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency} @ {self.level}"


class Placement(TimeStampedModel):
    """A person on a track and level from a date. The latest effective one is where they are now."""

    class Reason(models.TextChoices):
        HIRE = "hire", _("Hired")
        PROMOTION = "promotion", _("Promotion")
        TRANSFER = "transfer", _("Move to another track")
        CORRECTION = "correction", _("Correction")
        INITIAL = "initial", _("First placement")

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="placements")
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="placements", verbose_name=_("level")
    )
    effective_from = models.DateField(_("effective from"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.INITIAL)
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["employee", "-effective_from", "-id"]
        indexes = [models.Index(fields=["employee", "-effective_from", "-id"], name="placement_latest")]

    def __str__(self) -> str:
        return f"{self.employee} {self.level} from {self.effective_from}"


class Assessment(TimeStampedModel):
    """An assessed level of one competency for one person at one time, and where it came from."""

    class Source(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        MANAGER = "manager", _("Manager assessment")
        REVIEW = "review", _("Review")

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="competency_assessments"
    )
    # The competency row of the version it was assessed against: its text stays what the assessor read.
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("assessed level")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed"))
    # The record it came from, where there is one (a feedback's id, later a review answer's).
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The person's latest assessment (by assessed_at, then id) of this competency's key in its
    # framework, against any version: what the heatmap counts. Stored, not derived, so reading it is
    # a filter rather than an anti-join; every write of assessments keeps it true through
    # services.assessment_record or services.assessments_refresh_current. False until then: a row
    # written past those is counted nowhere rather than twice.
    is_current = models.BooleanField(_("current"), default=False, editable=False)

    class Meta:
        ordering = ["employee", "-assessed_at", "-id"]
        indexes = [
            models.Index(fields=["employee", "competency", "-assessed_at"], name="assessment_latest"),
            models.Index(fields=["source", "source_id"], name="assessment_source"),
            models.Index(
                # is_current among the columns too: SQLite then reads the index alone (covering).
                fields=["employee", "is_current", "competency", "level"],
                condition=Q(is_current=True),
                name="assessment_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.competency}: {self.level}"


class PromotionReadiness(TimeStampedModel):
    """A manager's mark: is this person ready for the next level? The latest one counts."""

    class Readiness(models.TextChoices):
        READY_NOW = "ready_now", _("Ready now")
        READY_SOON = "ready_soon", _("Ready in 6-12 months")
        NOT_YET = "not_yet", _("Not yet")

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="promotion_readiness"
    )
    readiness = models.CharField(_("readiness"), max_length=12, choices=Readiness.choices)
    # The level they would move to; empty means the next level of their track.
    target_level = models.ForeignKey(
        Level,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target level"),
    )
    evidence = models.TextField(_("evidence"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"))

    class Meta:
        ordering = ["employee", "-marked_at", "-id"]
        verbose_name_plural = _("promotion readiness marks")
        indexes = [models.Index(fields=["employee", "-marked_at", "-id"], name="readiness_latest")]

    def __str__(self) -> str:
        return f"{self.employee}: {self.get_readiness_display()}"
