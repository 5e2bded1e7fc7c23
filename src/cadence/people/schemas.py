import datetime

from ninja import Field, Schema
from pydantic import EmailStr, StrictInt

from cadence.core.schemas import InputSchema, IsoDate, VersionedInput
from cadence.people.models import Employee
from cadence.people.permissions import can_view_fairness_data


class OrgUnitRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class DepartmentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    path: str
    headcount: int = 0


class PersonOut(Schema):
    id: int
    version: int
    employee_id: str
    first_name: str
    last_name: str
    full_name: str
    email: str
    job_title: str
    job_level: str
    department: OrgUnitRef | None
    team: OrgUnitRef | None
    location: str
    manager: PersonRef | None
    start_date: datetime.date | None
    employment_type: str
    status: str
    gender: str | None = Field(None, description="Only for HR admins and the person themselves.")
    birth_year: int | None = Field(None, description="Only for HR admins and the person themselves.")

    @staticmethod
    def resolve_gender(obj: Employee, context: dict) -> str | None:
        return obj.gender or None if can_view_fairness_data(context["request"].auth, obj) else None

    @staticmethod
    def resolve_birth_year(obj: Employee, context: dict) -> int | None:
        return obj.birth_year if can_view_fairness_data(context["request"].auth, obj) else None


class PersonIn(InputSchema):
    employee_id: str = Field(..., min_length=1, max_length=50)
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    email: EmailStr
    job_title: str = Field("", max_length=150)
    job_level: str = Field("", max_length=30)
    department_id: StrictInt | None = None
    team_id: StrictInt | None = None
    location: str = Field("", max_length=100)
    manager_id: StrictInt | None = None
    start_date: IsoDate | None = None
    employment_type: Employee.EmploymentType = Employee.EmploymentType.FULL_TIME
    gender: Employee.Gender | None = None
    birth_year: StrictInt | None = Field(None, ge=1900, le=2100)
    role: str = "employee"


class PersonPatch(VersionedInput):
    employee_id: str | None = Field(None, min_length=1, max_length=50)
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    email: EmailStr | None = None
    job_title: str | None = Field(None, max_length=150)
    job_level: str | None = Field(None, max_length=30)
    department_id: StrictInt | None = None
    team_id: StrictInt | None = None
    location: str | None = Field(None, max_length=100)
    manager_id: StrictInt | None = None
    start_date: IsoDate | None = None
    employment_type: Employee.EmploymentType | None = None
    gender: Employee.Gender | None = None
    birth_year: StrictInt | None = Field(None, ge=1900, le=2100)
    status: Employee.Status | None = None
    role: str | None = None


class ImportRowOut(Schema):
    row: int
    action: str
    employee_id: str
    name: str
    changes: dict[str, list[str | None]]
    errors: list[dict[str, str]]


class ImportReportOut(Schema):
    dry_run: bool
    valid: bool
    applied: bool
    counts: dict[str, int]
    errors: list[dict[str, str | int]]
    rows: list[ImportRowOut]
