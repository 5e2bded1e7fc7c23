"""Generate a believable organisation of any size, quickly, and the demo organisation.

Used by the demo, the benchmarks and tests. It writes with bulk_create/bulk_update and bypasses the
services (no audit events): this is set-up data, not an HR action. The organisation is planned in
Python first (people, reporting lines, names, dates) from `random.Random(seed)`, so the same seed
always gives the same people; only then is it written, level by level of the reporting tree."""

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cadence.core.models import User
from cadence.core.seeding import update_column
from cadence.core.text import ASCII_FOLD
from cadence.core.tree import tree_path

from .models import Department, Employee, Team
from .org_shape import (
    BUSINESS_LADDER,
    CHIEF_OF_STAFF_FROM,
    DEPARTMENTS,
    EMPLOYMENT_TYPES,
    ENGINEERING_LADDER,
    EXECUTIVE_OFFICE,
    FAIRNESS_DATA_SHARE,
    FEMALE_NAMES,
    GENDERS,
    IC_LEVELS,
    IC_WEIGHTS,
    LARGE_ORG,
    LAST_NAMES,
    LOCATIONS,
    MALE_NAMES,
    MIN_DEPARTMENT,
    NEUTRAL_NAMES,
    YOUNGEST_AT_LEVEL,
    DepartmentSpec,
    G,
    SubDepartmentSpec,
)

BATCH_SIZE = 1000
MAX_SPAN = 9  # most direct reports a manager gets
MIN_SPAN = 4  # fewest, where the headcount allows it
DEFAULT_DOMAIN = "northwind.example"

DEMO_PASSWORD = "cadence-demo"
DEMO_SIZE = 80
DEMO_SEED = 0

FT = Employee.EmploymentType

# --- The plan: who reports to whom, before anything touches the database ----------------------


@dataclass(eq=False)
class _DeptPlan:
    name: str
    spec: DepartmentSpec
    sub: SubDepartmentSpec | None = None
    parent: "_DeptPlan | None" = None
    team_count: int = 0
    obj: Department | None = None

    @property
    def roles(self) -> tuple[str, ...]:
        return (self.sub and self.sub.roles) or self.spec.roles

    @property
    def team_names(self) -> tuple[str, ...]:
        return (self.sub and self.sub.teams) or self.spec.teams

    @property
    def locations(self) -> tuple[tuple[str, int], ...]:
        return (self.sub and self.sub.locations) or LOCATIONS


@dataclass(eq=False)
class _TeamPlan:
    name: str
    dept: _DeptPlan
    home: str
    obj: Team | None = None


@dataclass(eq=False)
class _Person:
    manager: "_Person | None"
    dept: _DeptPlan
    level: str
    title: str
    below: int = 0  # people below in the reporting tree
    is_head: bool = False  # leads a department or sub-department
    team: _TeamPlan | None = None
    employment_type: str = FT.FULL_TIME
    depth: int = 0
    reports: list["_Person"] = field(default_factory=list)
    first_name: str = ""
    last_name: str = ""
    gender: str = ""
    birth_year: int | None = None
    start_date: date | None = None
    location: str = ""
    email: str = ""
    employee_id: str = ""
    obj: Employee | None = None

    @property
    def is_manager(self) -> bool:
        return self.below > 0


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` into parts proportional to `weights` (largest remainder), each at least `minimum`
    when the total allows it."""
    count = len(weights)
    floor = minimum if total >= minimum * count else 0
    rest = total - floor * count
    raw = [rest * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    by_remainder = sorted(range(count), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: rest - sum(parts)]:
        parts[i] += 1
    return [floor + p for p in parts]


def department_sizes(total: int) -> list[tuple[DepartmentSpec, int]]:
    """Headcount per top department. Departments too small to exist are folded into the others."""
    specs = list(DEPARTMENTS)
    while specs:
        sizes = apportion(total, [s.share for s in specs])
        smallest = min(range(len(specs)), key=lambda i: sizes[i])
        if sizes[smallest] >= MIN_DEPARTMENT:
            return list(zip(specs, sizes, strict=True))
        specs.pop(smallest)
    return [(DEPARTMENTS[0], total)] if total else []


class _Planner:
    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self.people: list[_Person] = []
        self.depts: list[_DeptPlan] = []
        self.teams: list[_TeamPlan] = []

    # Structure

    def plan(self) -> _Person:
        office = self._dept(EXECUTIVE_OFFICE, DEPARTMENTS[0])
        ceo = self._add(None, office, "C", "Chief Executive Officer", below=self.size - 1, is_head=True)
        staff = 1 if self.size >= CHIEF_OF_STAFF_FROM else 0
        if staff:
            self._add(ceo, office, "IC5", "Chief of Staff")
        heads: dict[str, _Person] = {}
        for spec, headcount in department_sizes(self.size - 1 - staff):
            boss = heads.get(spec.reports_to, ceo)
            heads[spec.name] = self._plan_department(spec, headcount, boss)
            if boss is not ceo:
                boss.below += headcount  # e.g. Design's people are below the head of Product too
        return ceo

    def _plan_department(self, spec: DepartmentSpec, headcount: int, boss: _Person) -> _Person:
        dept = self._dept(spec.name, spec)
        level, title = (
            (spec.head_level, spec.head_title) if self.size >= LARGE_ORG else ("VP", f"Head of {spec.name}")
        )
        head = self._add(boss, dept, level, title, below=headcount - 1, is_head=True)
        below = headcount - 1
        subs = spec.subs[: min(len(spec.subs), below // 8)]
        if len(subs) < 2:
            self._grow(head, below, dept)
            return head
        # With few sub-departments the head also leads a few people directly, to reach a sensible span.
        own = 0 if len(subs) >= MIN_SPAN else max(MIN_SPAN - len(subs), round(below * 0.12))
        for sub, size in zip(subs, apportion(below - own, [1.0] * len(subs), minimum=5), strict=True):
            self._plan_sub_department(head, dept, sub, size)
        self._grow(head, own, dept, max_slots=MAX_SPAN - len(subs))
        return head

    def _plan_sub_department(
        self, boss: _Person, parent: _DeptPlan, sub: SubDepartmentSpec, size: int
    ) -> None:
        dept = self._dept(sub.name, parent.spec, sub=sub, parent=parent)
        below = size - 1
        if below >= 300:
            level, title = "VP", f"VP, {sub.name}"
        elif below > 40:
            level, title = self._manager_level(below), f"Director, {sub.name}"
        else:
            level, title = self._manager_level(below), f"Head of {sub.name}"
        head = self._add(boss, dept, level, title, below=below, is_head=True)
        self._grow(head, below, dept)

    def _grow(self, manager: _Person, count: int, dept: _DeptPlan, max_slots: int = MAX_SPAN) -> None:
        """Place `count` people under `manager`: some individual contributors, some managers with
        their own people below them, recursively."""
        slots = self._split(count, max_slots)
        # Individual contributors next to managers or sub-departments under a head are its senior
        # specialists (a principal engineer reporting to the CTO); anyone else's form a team.
        staff = manager.is_head and (bool(manager.reports) or any(size > 1 for size in slots))
        team = None
        if 1 in slots and not staff:
            team = self._team(dept)
            manager.team = team
        for size in slots:
            if size == 1:
                self._add_individual(manager, dept, team, senior=staff)
            else:
                level = self._manager_level(size - 1)
                sub = self._add(manager, dept, level, self._manager_title(dept, level), below=size - 1)
                self._grow(sub, size - 1, dept)

    def _split(self, count: int, max_slots: int) -> list[int]:
        """Direct-report slots for `count` people: 1 is an individual contributor, n > 1 a manager
        with n - 1 people below. Each manager slot holds at least 5 (a manager and 4 reports)."""
        if count <= max_slots:
            return [1] * count
        most = max(1, min(max_slots, count - 5))  # leave at least one manager slot of five
        slots = self.rng.randint(min(MIN_SPAN, most), most)
        extra = count - slots  # people who are not direct reports
        managers = min(slots, max(1, -(-extra // 8)))  # enough teams of about eight to hold them
        sizes = apportion(extra + managers, [self.rng.uniform(0.7, 1.3) for _ in range(managers)], minimum=5)
        return sizes + [1] * (slots - managers)

    @staticmethod
    def _manager_level(below: int) -> str:
        if below <= MAX_SPAN:
            return "M1"
        return "M2" if below <= 40 else "M3" if below <= 200 else "M4"

    @staticmethod
    def _manager_title(dept: _DeptPlan, level: str) -> str:
        return {
            "M1": dept.spec.manager_title,
            "M2": f"Senior {dept.spec.manager_title}",
            "M3": f"Director, {dept.name}",
        }.get(level, f"Senior Director, {dept.name}")

    def _add_individual(
        self, manager: _Person, dept: _DeptPlan, team: _TeamPlan | None, *, senior: bool
    ) -> None:
        rng = self.rng
        employment = rng.choices([t for t, _ in EMPLOYMENT_TYPES], [w for _, w in EMPLOYMENT_TYPES])[0]
        role = rng.choice(dept.roles)
        if employment == FT.INTERN:
            level, title = "IC1", f"{role} Intern"
        else:
            levels, weights = (IC_LEVELS[3:], IC_WEIGHTS[3:]) if senior else (IC_LEVELS, IC_WEIGHTS)
            level = rng.choices(levels, weights)[0]
            ladder = ENGINEERING_LADDER if dept.spec.engineering_ladder else BUSINESS_LADDER
            title = f"{ladder[IC_LEVELS.index(level)]} {role}".strip()
        person = self._add(manager, dept, level, title)
        person.team, person.employment_type = team, employment

    def _add(
        self,
        manager: _Person | None,
        dept: _DeptPlan,
        level: str,
        title: str,
        *,
        below: int = 0,
        is_head: bool = False,
    ) -> _Person:
        person = _Person(manager, dept, level, title, below=below, is_head=is_head)
        if manager is not None:
            person.depth = manager.depth + 1
            manager.reports.append(person)
        self.people.append(person)
        return person

    def _dept(
        self,
        name: str,
        spec: DepartmentSpec,
        *,
        sub: SubDepartmentSpec | None = None,
        parent: _DeptPlan | None = None,
    ) -> _DeptPlan:
        dept = _DeptPlan(name, spec, sub, parent)
        self.depts.append(dept)
        return dept

    def _team(self, dept: _DeptPlan) -> _TeamPlan:
        names = dept.team_names
        # Sub-departments without names of their own share their parent's, so count across them.
        counter = dept if (dept.sub and dept.sub.teams) or dept.parent is None else dept.parent
        index, counter.team_count = counter.team_count, counter.team_count + 1
        # Cycle through the names; "Payments 2" once every name is taken in this department.
        name = names[index % len(names)] + (f" {index // len(names) + 1}" if index >= len(names) else "")
        team = _TeamPlan(name, dept, self._location(dept.locations))
        self.teams.append(team)
        return team

    def _location(self, choices: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]

    # Who they are

    def describe(self, today: date) -> None:
        for person in self.people:
            self._describe(person, today)

    def _describe(self, person: _Person, today: date) -> None:
        rng = self.rng
        disclosed = rng.random() < FAIRNESS_DATA_SHARE
        person.gender = rng.choices([g for g, _ in GENDERS], [w for _, w in GENDERS])[0] if disclosed else ""
        if person.gender == G.WOMAN:
            names = FEMALE_NAMES
        elif person.gender == G.MAN:
            names = MALE_NAMES
        else:
            names = rng.choice((FEMALE_NAMES, MALE_NAMES, NEUTRAL_NAMES))
        person.first_name, person.last_name = rng.choice(names), rng.choice(LAST_NAMES)
        tenure = self._tenure_days(person)
        person.start_date = today - timedelta(days=tenure)
        if rng.random() < FAIRNESS_DATA_SHARE:
            person.birth_year = today.year - self._age(person, tenure)
        if person.team and rng.random() < 0.8:
            person.location = person.team.home
        else:
            person.location = self._location(person.dept.locations)

    def _tenure_days(self, person: _Person) -> int:
        """Days since they started, within the last ten years; managers tend to have been here longer."""
        rng = self.rng
        if person.manager is None:
            return 3650 - rng.randint(0, 60)
        if person.is_head:
            return int(rng.triangular(700, 3600, 2600))
        if person.is_manager:
            return int(rng.triangular(120, 3600, 1500))
        if person.employment_type == FT.INTERN:
            return rng.randint(7, 180)
        return int(rng.triangular(7, 3650, 450))

    def _age(self, person: _Person, tenure_days: int) -> int:
        if person.employment_type == FT.INTERN:
            return 19 + int(self.rng.gammavariate(2.0, 1.0))
        age = YOUNGEST_AT_LEVEL[person.level] + int(self.rng.gammavariate(2.0, 4.0))
        return min(67, max(age, tenure_days // 365 + 20))  # nobody started before twenty


# --- Identity: unique ids and emails -----------------------------------------------------------


def ascii_slug(name: str) -> str:
    """Fold a name into an email-safe word: Łukasz -> lukasz, O'Brien -> obrien, de Vries -> devries."""
    folded = unicodedata.normalize("NFKD", name.translate(ASCII_FOLD))
    return "".join(ch for ch in folded.lower() if ch.isascii() and ch.isalnum())


class _Identities:
    """Hands out employee ids and work emails that no existing person or login already uses."""

    def __init__(self, domain: str) -> None:
        self.domain = domain
        self.emails = {e.lower() for e in User.objects.values_list("email", flat=True)}
        self.emails |= {e.lower() for e in Employee.objects.values_list("email", flat=True)}
        self.employee_ids = set(Employee.objects.values_list("employee_id", flat=True))
        self.next_number = len(self.employee_ids) + 1
        self.suffixes: dict[str, int] = {}

    def employee_id(self) -> str:
        while (candidate := f"E{self.next_number:05d}") in self.employee_ids:
            self.next_number += 1
        self.employee_ids.add(candidate)
        return candidate

    def email(self, first_name: str, last_name: str) -> str:
        base = f"{ascii_slug(first_name)}.{ascii_slug(last_name)}"
        number = self.suffixes.get(base, 0) + 1
        while (candidate := f"{base}{number if number > 1 else ''}@{self.domain}") in self.emails:
            number += 1
        self.suffixes[base] = number
        self.emails.add(candidate)
        return candidate


# --- Writing ----------------------------------------------------------------------------------


@dataclass
class SeedResult:
    employees: int
    users: int
    departments: int  # created; existing departments of the same name are reused
    teams: int  # likewise
    ceo: Employee


def seed_organisation(
    *,
    employees: int,
    password: str = DEMO_PASSWORD,
    seed: int = 0,
    domain: str = DEFAULT_DOMAIN,
    today: date | None = None,
) -> SeedResult:
    """Create an organisation of `employees` people below one CEO, each with a login (role employee)
    using `password`. The same seed gives the same people, titles and reporting lines.

    On a database that already has people it adds a second tree under a new CEO: departments and
    teams with the same names are reused, and employee ids and emails skip those already taken."""
    if employees < 1:
        raise ValueError("An organisation needs at least one person.")
    rng = random.Random(seed)
    planner = _Planner(employees, rng)
    ceo = planner.plan()
    planner.describe(today or timezone.localdate())
    people = sorted(planner.people, key=lambda p: p.depth)  # managers before their reports
    with transaction.atomic():
        identities = _Identities(domain)
        for person in people:
            person.employee_id = identities.employee_id()
            person.email = identities.email(person.first_name, person.last_name)
        new_departments = _write_departments(planner.depts)
        new_teams = _write_teams(planner.teams)
        users = _write_users(people, make_password(password))  # hash once: 10,000 hashes take minutes
        _write_employees(people, users)
    assert ceo.obj is not None
    return SeedResult(len(people), len(people), new_departments, new_teams, ceo.obj)


def _write_departments(plans: list[_DeptPlan]) -> int:
    existing = {(d.parent_id, d.name): d for d in Department.objects.all()}
    created = 0
    for top_level in (True, False):  # parents first, so their ids and paths are known
        new: list[Department] = []
        for plan in (p for p in plans if (p.parent is None) == top_level):
            parent = plan.parent.obj if plan.parent else None
            plan.obj = existing.get((parent.pk if parent else None, plan.name))
            if plan.obj is None:
                plan.obj = Department(name=plan.name, parent=parent)
                new.append(plan.obj)
                existing[(parent.pk if parent else None, plan.name)] = plan.obj
        Department.objects.bulk_create(new, batch_size=BATCH_SIZE)
        for department in new:
            department.path = tree_path(department.parent.path if department.parent else "", department.pk)
        Department.objects.bulk_update(new, ["path"], batch_size=BATCH_SIZE)
        created += len(new)
    return created


def _write_teams(plans: list[_TeamPlan]) -> int:
    existing = {(t.department_id, t.name): t for t in Team.objects.all()}
    new: list[Team] = []
    for plan in plans:
        assert plan.dept.obj is not None
        key = (plan.dept.obj.pk, plan.name)
        if key not in existing:
            existing[key] = Team(name=plan.name, department=plan.dept.obj)
            new.append(existing[key])
        plan.obj = existing[key]
    Team.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return len(new)


def _write_users(people: list[_Person], password_hash: str) -> list[User]:
    users = [
        User(
            email=p.email,
            first_name=p.first_name,
            last_name=p.last_name,
            password=password_hash,
            is_active=True,
            role=User.Role.EMPLOYEE,
        )
        for p in people
    ]
    return User.objects.bulk_create(users, batch_size=BATCH_SIZE)


def _write_employees(people: list[_Person], users: list[User]) -> None:
    """Insert one level of the reporting tree at a time, so every manager has an id before their
    reports are written; then set the materialised paths in batches."""
    by_depth: dict[int, list[Employee]] = {}
    for person, user in zip(people, users, strict=True):
        person.obj = Employee(
            user=user,
            employee_id=person.employee_id,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            job_title=person.title,
            job_level=person.level,
            department=person.dept.obj,
            team=person.team.obj if person.team else None,
            location=person.location,
            manager=person.manager.obj if person.manager else None,
            start_date=person.start_date,
            employment_type=person.employment_type,
            gender=person.gender,
            birth_year=person.birth_year,
        )
        person.obj.search_name = person.obj.folded_search_text()
        by_depth.setdefault(person.depth, []).append(person.obj)
    for depth in sorted(by_depth):
        Employee.objects.bulk_create(by_depth[depth], batch_size=BATCH_SIZE)
        for employee in by_depth[depth]:
            employee.path = tree_path(employee.manager.path if employee.manager else "", employee.pk)
    update_column(Employee, "path", ((e.path, e.pk) for level in by_depth.values() for e in level))


# --- The demo organisation --------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_HR = ("HR admin", "hr@cadence.demo", "Hana", "Richter", G.WOMAN)
DEMO_MANAGER = ("Manager", "manager@cadence.demo", "Marco", "Silva", G.MAN)
DEMO_EMPLOYEE = ("Employee", "employee@cadence.demo", "Emma", "Jones", G.WOMAN)


def demo_logins() -> list[DemoLogin]:
    accounts = (DEMO_HR, DEMO_MANAGER, DEMO_EMPLOYEE)
    return [DemoLogin(label, email, DEMO_PASSWORD) for label, email, *_ in accounts]


def seed_demo() -> list[DemoLogin]:
    """Create the demo organisation (about 80 people) with three well-known logins, unless the
    database already has people; either way, return the logins."""
    with transaction.atomic():
        if not Employee.objects.exists():
            result = seed_organisation(employees=DEMO_SIZE, seed=DEMO_SEED)
            _assign_demo_accounts(result.ceo)
    return demo_logins()


def _assign_demo_accounts(ceo: Employee) -> None:
    people = list(Employee.objects.filter(path__startswith=ceo.path).select_related("department", "user"))
    reports: dict[int, list[Employee]] = {p.pk: [] for p in people}
    for person in people:
        if person.manager_id:
            reports[person.manager_id].append(person)
    manager = _pick_demo_manager(people, reports, ceo)
    employee = min((r for r in reports[manager.pk] if not reports[r.pk]), key=lambda r: r.pk)
    in_people = [p for p in people if p.department and p.department.name == "People"]
    # An HR specialist rather than the head of People, so the HR login is not also a manager.
    hr = min(
        (p for p in in_people if p not in (manager, employee)), key=lambda p: (bool(reports[p.pk]), p.pk)
    )
    _rename(hr, DEMO_HR, role=User.Role.HR_ADMIN)
    _rename(manager, DEMO_MANAGER)
    _rename(employee, DEMO_EMPLOYEE)


def _pick_demo_manager(people: list[Employee], reports: dict[int, list[Employee]], ceo: Employee) -> Employee:
    """The smallest organisation that still shows everything a manager sees: at least four direct
    reports, one of whom manages others (indirect reports), and one individual contributor."""

    def qualifies(person: Employee) -> bool:
        direct = reports[person.pk]
        return (
            person.pk != ceo.pk
            and len(direct) >= MIN_SPAN
            and any(reports[r.pk] for r in direct)
            and any(not reports[r.pk] for r in direct)
        )

    candidates = [p for p in people if qualifies(p)]
    if not candidates:
        raise RuntimeError("The demo organisation has no manager with direct and indirect reports.")
    return min(candidates, key=lambda p: (sum(q.path.startswith(p.path) for q in people), p.pk))


def _rename(person: Employee, account: tuple[str, ...], *, role: str = User.Role.EMPLOYEE) -> None:
    _label, email, first_name, last_name, gender = account
    person.email, person.first_name, person.last_name, person.gender = email, first_name, last_name, gender
    person.save(update_fields=["email", "first_name", "last_name", "gender", "updated_at"])  # and search_name
    user = person.user
    assert user is not None
    user.email, user.first_name, user.last_name, user.role = email, first_name, last_name, role
    user.save(update_fields=["email", "first_name", "last_name", "role"])
