"""The organisation: departments (a tree), teams, employees and their reporting lines.

Reporting lines and the department tree are stored as materialised paths ("/1/5/23/", see
`core.tree`) so that "everyone under this manager" is one indexed prefix query at any depth and any size."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.models import TimeStampedModel
from cadence.core.text import fold
from cadence.core.tree import TreePathMixin
from cadence.core.versioning import VersionedModel

SEARCHED_FIELDS = {"first_name", "last_name", "email", "employee_id"}


class Department(TreePathMixin, TimeStampedModel):
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="department_unique_name_per_parent")
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    name = models.CharField(_("name"), max_length=150)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        verbose_name=_("department"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="team_unique_name_per_department")
        ]

    def __str__(self) -> str:
        return self.name


class Employee(TreePathMixin, VersionedModel, TimeStampedModel):
    # What HR's form and PATCH change (core.versioning).
    edit_fields = (
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "job_title",
        "job_level",
        "department",
        "team",
        "location",
        "manager",
        "start_date",
        "employment_type",
        "gender",
        "birth_year",
    )

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        CONTRACTOR = "contractor", _("Contractor")
        INTERN = "intern", _("Intern")
        TEMPORARY = "temporary", _("Temporary")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        SELF_DESCRIBED = "self_described", _("Self-described")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="employee"
    )
    employee_id = models.CharField(_("employee ID"), max_length=50, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("work email"), unique=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    job_level = models.CharField(_("job level"), max_length=30, blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name=_("team")
    )
    location = models.CharField(_("location"), max_length=100, blank=True)
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("manager"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # Optional and only used in aggregate: pay-equity and rating-bias analytics need them.
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # The names, email and employee ID folded (core.text.fold: lower case, no accents), for search
    # as you type on both databases; kept by save() and by the bulk writes of the import and seeding.
    search_name = models.CharField(max_length=520, blank=True, editable=False, default="")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["path"], name="employee_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["manager", "status"], name="employee_manager_status"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def folded_search_text(self) -> str:
        return fold(f"{self.first_name} {self.last_name} {self.email} {self.employee_id}")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = self.folded_search_text()
        fields = kwargs.get("update_fields")
        if fields is not None and SEARCHED_FIELDS & set(fields):
            kwargs["update_fields"] = [*fields, "search_name"]
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        return (self.first_name[:1] + self.last_name[:1]).upper()

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        if self.manager_id and self.pk and self.manager_id == self.pk:
            raise ValidationError({"manager": _("A person cannot be their own manager.")})
        if self.birth_year is not None and not 1900 <= self.birth_year <= 2100:
            raise ValidationError({"birth_year": _("Enter a four-digit year.")})
        if self.team and self.department_id and self.team.department_id not in (None, self.department_id):
            raise ValidationError({"team": _("This team belongs to another department.")})


class PeopleImport(models.Model):
    """An uploaded HRIS file, kept so that HR can review the dry run and then apply the same bytes."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    report = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
