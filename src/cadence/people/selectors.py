"""Reads of the organisation. Each starts from people_visible_to(actor) and fetches what its page
needs in a fixed number of queries, whatever the size of the organisation."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from cadence.core.models import User
from cadence.core.text import fold

from .models import Department, Employee, PeopleImport, Team
from .permissions import Actor, can_edit_people, employee_of, people_visible_to

ACTIVE = Employee.Status.ACTIVE


def _with_relations(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.select_related("department", "team__department", "manager", "user")


def person_list(
    *,
    actor: Actor,
    search: str = "",
    department: int | None = None,
    manager: int | None = None,
    under: int | None = None,
    team: int | None = None,
    location: str = "",
    status: str = "",
) -> QuerySet[Employee]:
    """The directory. `manager` gives direct reports, `under` the whole chain below a person,
    `department` includes its sub-departments."""
    qs = people_visible_to(actor)
    if search:
        for word in search.split()[:5]:
            qs = qs.filter(
                Q(search_name__contains=fold(word))
                | Q(job_title__icontains=word)
                | Q(employee_id__iexact=word)
            )
    if department:
        dept = department_node(actor=actor, department_id=department)
        qs = qs.filter(department__path__startswith=dept.path) if dept else qs.none()
    if manager:
        qs = qs.filter(manager_id=manager)
    if under:
        boss = Employee.objects.filter(pk=under).only("path").first()
        qs = qs.filter(path__startswith=boss.path).exclude(pk=under) if boss else qs.none()
    if team:
        qs = qs.filter(team_id=team)
    if location:
        qs = qs.filter(location__iexact=location)
    if status in Employee.Status.values:
        qs = qs.filter(status=status)
    return _with_relations(qs).order_by("last_name", "first_name", "id")


def person_get(*, actor: Actor, person_id: int) -> Employee:
    person = _with_relations(people_visible_to(actor)).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


def direct_report_count(*, person: Employee) -> int:
    return person.reports.filter(status=ACTIVE).count()


def person_find(*, actor: Actor, person_id: int | None) -> Employee | None:
    """A person the actor may see, or None (for a page that names one in its query string)."""
    return _with_relations(people_visible_to(actor)).filter(pk=person_id).first() if person_id else None


def person_by_ref(*, actor: Actor, ref: str) -> Employee | None:
    """The person the actor may see with this work email or employee ID, or None."""
    return people_visible_to(actor).filter(Q(email__iexact=ref) | Q(employee_id__iexact=ref)).first()


# The people picker (people.picker): who can be chosen, and who matches what was typed ---------------

PICKER_SCOPES = ("colleagues", "people", "partners")


def picker_people(*, actor: Actor, scope: str) -> QuerySet[Employee]:
    """Whom a picker of this scope may choose: `colleagues` the active people the actor may see,
    `people` everyone the actor may see (HR: inactive people too, so an edit keeps them), `partners`
    the actor's 1:1 partners."""
    if scope == "partners":
        return one_on_one_partners(actor=actor)
    qs = people_visible_to(actor)
    return qs.filter(status=ACTIVE) if scope == "colleagues" else qs


def people_matching(*, actor: Actor, scope: str, text: str, limit: int) -> list[Employee]:
    """Active people of the scope whose names, email or employee ID contain every word typed (any
    case, any accents: "milan" finds Milán), exact matches (full name, email, ID) first; at most
    `limit`. One query."""
    words = fold(text).split()[:5]
    if not words:
        return []
    qs = picker_people(actor=actor, scope=scope).filter(status=ACTIVE)
    for word in words:
        qs = qs.filter(search_name__contains=word)
    full = " ".join(words)
    exact = (
        Q(search_name__startswith=f"{full} ")
        | Q(email__iexact=text.strip())
        | Q(employee_id__iexact=text.strip())
    )
    rank = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    qs = qs.select_related("department").annotate(rank=rank)
    return list(qs.order_by("rank", "last_name", "first_name", "id")[:limit])


def team_matching(*, actor: Actor, text: str, limit: int) -> list[Team]:
    """Teams whose name contains every word typed (any case), exact names first; at most `limit`."""
    words = text.split()[:5]
    if not words:
        return []
    qs = team_list(actor=actor)
    for word in words:
        qs = qs.filter(name__icontains=word)
    rank = Case(When(name__iexact=text.strip(), then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(qs.annotate(rank=rank).order_by("rank", "name", "id")[:limit])


def one_on_one_partners(*, actor: Actor) -> QuerySet[Employee]:
    """Whom the actor holds 1:1s with: their active direct reports and their own manager, by name."""
    me = employee_of(actor)
    if me is None:
        return Employee.objects.none()
    return Employee.objects.filter(
        Q(manager=me) | Q(pk=me.manager_id or 0), status=Employee.Status.ACTIVE
    ).order_by("last_name", "first_name")


def people_to_notify() -> QuerySet[Employee]:
    """Everyone a reminder can reach: active people with an active login (the tick runs as no one)."""
    return Employee.objects.filter(status=ACTIVE, user__is_active=True).select_related("user")


def login_of(*, person_id: int | None) -> User | None:
    """The active login of a person, for a notification; None without one."""
    person = Employee.objects.select_related("user").filter(pk=person_id).first() if person_id else None
    return person.user if person and person.user and person.user.is_active else None


def prefetch_people() -> QuerySet[Employee]:
    """People with their department, as the queryset of a Prefetch: those named by an object the actor
    may see (praise recipients), whose visibility is that object's."""
    return Employee.objects.select_related("department")


def person_for_user(*, user: User) -> Employee | None:
    return _with_relations(Employee.objects.filter(user=user)).first()


def with_report_counts(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.annotate(report_count=Count("reports", filter=Q(reports__status=ACTIVE)))


@dataclass
class PersonProfile:
    person: Employee
    chain: list[Employee]
    direct_reports: list[Employee]
    indirect_report_count: int


def person_profile(*, actor: Actor, person_id: int) -> PersonProfile:
    """A profile: the person, their manager chain up to the top, direct reports and the size of
    their whole organisation. Four queries, whatever the depth or the number of reports."""
    person = person_get(actor=actor, person_id=person_id)
    chain_by_id = {
        e.pk: e for e in Employee.objects.filter(pk__in=person.ancestor_ids).select_related("department")
    }
    chain = [chain_by_id[pk] for pk in person.ancestor_ids if pk in chain_by_id]
    direct = list(
        with_report_counts(_with_relations(person.reports.filter(status=ACTIVE))).order_by("last_name")
    )
    everyone_below = (
        Employee.objects.filter(path__startswith=person.path, status=ACTIVE).exclude(pk=person.pk).count()
    )
    return PersonProfile(person, chain, direct, everyone_below - len(direct))


def org_chart_roots(*, actor: Actor) -> list[Employee]:
    """The top of the org chart: active people without a manager."""
    qs = people_visible_to(actor).filter(manager__isnull=True, status=ACTIVE)
    return list(with_report_counts(_with_relations(qs)).order_by("last_name"))


def org_chart_children(*, actor: Actor, person_id: int) -> tuple[Employee, list[Employee]]:
    """One level of the org chart, loaded on demand."""
    person = person_get(actor=actor, person_id=person_id)
    qs = people_visible_to(actor).filter(manager=person, status=ACTIVE)
    return person, list(with_report_counts(_with_relations(qs)).order_by("last_name"))


def department_list(*, actor: Actor) -> QuerySet[Department]:
    if not getattr(actor, "is_active", False):
        return Department.objects.none()
    return Department.objects.annotate(
        headcount=Count("employees", filter=Q(employees__status=ACTIVE))
    ).order_by("path")


def department_choices(*, actor: Actor) -> QuerySet[Department]:
    """Departments for a choice or a filter, in tree order (no headcount to compute)."""
    if not getattr(actor, "is_active", False):
        return Department.objects.none()
    return Department.objects.order_by("path")


def department_node(*, actor: Actor, department_id: int) -> Department | None:
    """A department with only its path loaded: enough to filter by its subtree or its ancestors."""
    return department_choices(actor=actor).filter(pk=department_id).only("path").first()


def team_list(*, actor: Actor, search: str = "", department_id: int | None = None) -> QuerySet[Team]:
    if not getattr(actor, "is_active", False):
        return Team.objects.none()
    teams = Team.objects.select_related("department").order_by("name", "id")
    if search:
        teams = teams.filter(name__icontains=search)
    if department_id is not None:
        teams = teams.filter(department_id=department_id)
    return teams


def location_list(*, actor: Actor) -> list[str]:
    # order_by() clears the model's default ordering, which would otherwise join the DISTINCT.
    qs = people_visible_to(actor).exclude(location="").order_by().values_list("location", flat=True)
    return sorted(qs.distinct())


# The HRIS import: HR's uploads -------------------------------------------------------------------


def people_import_list(*, actor: Actor) -> QuerySet[PeopleImport]:
    """HR's recent uploads, newest first, without their bytes."""
    if not can_edit_people(actor):
        return PeopleImport.objects.none()
    return PeopleImport.objects.defer("content").select_related("uploaded_by")


def people_import_get(*, actor: Actor, import_id: int) -> PeopleImport:
    stored = people_import_list(actor=actor).filter(pk=import_id).first()
    if stored is None:
        raise Http404("No such import.")
    return stored
