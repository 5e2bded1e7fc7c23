"""The world the permission matrix walks: one organisation with one object per visibility case.

Built once per test module (`world` fixture) inside a transaction that is rolled back at the end;
each test runs in a savepoint on top of it, so a write in one case never leaks into the next.

People (role → who):
    ceo ─┬─ manager ─┬─ owner      the employee whose goals, feedback, check-ins and 1:1s these are
         │           └─ peer       the owner's peer (same manager), the author of the peer feedback
         ├─ other_manager ── stranger   another branch: an unrelated manager and employee
         ├─ hr             HR admin
         └─ admin          system admin
    outsider               a login without a person record

Every object carries a marker string (SECRETS) and the roles that may read its content (READERS).
The matrix checks that a marker appears where its object is read and nowhere else."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from cadence.checkins import services as checkin_services
from cadence.checkins.models import CheckInQuestion
from cadence.checkins.tests import factories as checkin_factories
from cadence.competencies import framework_editing
from cadence.competencies import services as competency_services
from cadence.competencies.models import Assessment, Competency, Expectation, Level, PromotionReadiness
from cadence.competencies.tests.factories import make_framework
from cadence.core.models import User
from cadence.core.services import api_token_create
from cadence.core.testing import UserFactory, client_for, saved_version
from cadence.feedback import services as feedback_services
from cadence.feedback.models import Feedback, Praise
from cadence.feedback.tests import factories as feedback_factories
from cadence.goals import services as goal_services
from cadence.goals.models import Goal, GoalCycle, GoalTemplate
from cadence.goals.tests.factories import kr, make_cycle, make_goal
from cadence.meetings import calendar_feed
from cadence.meetings.models import (
    ActionItem,
    AgendaTemplate,
    Meeting,
    PrivateNote,
    Series,
    SharedNote,
    TalkingPoint,
)
from cadence.people import importing
from cadence.people.models import Employee
from cadence.people.testing import DepartmentFactory, EmployeeFactory

ROLES = ("anonymous", "owner", "peer", "stranger", "manager", "other_manager", "hr", "admin", "outsider")
SIGNED_IN = ROLES[1:]
WITH_PERSON = tuple(role for role in SIGNED_IN if role != "outsider")
MISSING = 999999

# The content of each object: unique strings that appear in no other object, template or name.
SECRETS = {
    "public_goal": "Zq public goal title",
    "private_goal": "Zq private goal title",
    "private_goal_comment": "Zq comment on the private goal",
    "public_praise": "Zq public praise message",
    "private_praise": "Zq private praise message",
    "feedback_recipient": "Zq feedback for the recipient only",
    "feedback_recipient_manager": "Zq feedback for recipient and manager",
    "feedback_manager": "Zq feedback for the manager only",
    "feedback_protected": "Zq protected peer feedback",
    "feedback_request": "Zq questions of the request",
    "checkin": "Zq check-in answer",
    "talking_point": "Zq shared agenda point",
    "action_item": "Zq action item title",
    "manager_note": "Zq manager private note",
    "owner_note": "Zq owner private note",
    "shared_note": "Zq shared meeting notes",
    "assessment": "Zq manager assessment comment",
    "readiness": "Zq promotion readiness evidence",
    "draft_expectation": "Zq expectation in the draft",
}

# Who may read each object's content (not merely know it exists). Derived from the module docs:
# goals/permissions.py, feedback/permissions.py, meetings/permissions.py.
EVERYONE = frozenset(WITH_PERSON)
OWNER_CHAIN = frozenset({"owner", "manager"})  # the owner and the managers above (the ceo is no role)
READERS: dict[str, frozenset[str]] = {
    "public_goal": EVERYONE,
    "private_goal": OWNER_CHAIN | {"hr", "admin"},
    "private_goal_comment": OWNER_CHAIN | {"hr", "admin"},
    "public_praise": EVERYONE,
    "private_praise": OWNER_CHAIN | {"peer"},  # author, recipient, recipient's managers; not HR
    "feedback_recipient": frozenset({"peer", "owner"}),
    "feedback_recipient_manager": OWNER_CHAIN,  # written by the ceo
    "feedback_manager": frozenset({"manager"}),  # written by the ceo
    "feedback_protected": frozenset({"peer", "owner"}),
    "feedback_request": frozenset({"owner", "peer"}),
    "checkin": OWNER_CHAIN,  # like 1:1 content: not HR
    "talking_point": OWNER_CHAIN,
    "action_item": OWNER_CHAIN,
    "manager_note": frozenset({"manager"}),
    "owner_note": frozenset({"owner"}),
    "shared_note": OWNER_CHAIN,  # the two participants: not the chain above, not HR
    "assessment": OWNER_CHAIN | {"hr", "admin"},  # a person's career: them, their chain, HR
    "readiness": frozenset({"manager", "hr", "admin"}),  # never the person themselves
    "draft_expectation": frozenset({"hr", "admin"}),  # drafts are HR's until published
}
assert set(READERS) == set(SECRETS)


@dataclass
class World:
    people: dict[str, Employee]  # role → person (also "ceo")
    users: dict[str, User | None]  # role → login (None for anonymous)
    objects: dict[str, Any]  # object key → model instance
    ids: dict[str, int] = field(default_factory=dict)  # path parameter value by object key
    feed_token: str = ""
    clients: dict[str, Client] = field(default_factory=dict)  # role → a client signed in as that role

    def id_of(self, key: str) -> Any:
        if key == "missing":
            return MISSING
        if key == "feed_token":
            return self.feed_token
        return self.ids[key]

    def agenda_order(self) -> list[int]:
        """The world meeting's talking point ids in their order (a reorder sends the one it started from)."""
        points = TalkingPoint.objects.filter(meeting=self.objects["meeting"]).order_by("position", "id")
        return list(points.values_list("pk", flat=True))

    def version_of(self, key: str) -> int:
        """The saved version of a versioned world object: what an edit of it sends back."""
        return saved_version(self.objects[key])

    def email_of(self, key: str) -> str:
        """The work email of a world person ("person:<role>"), as forms take colleagues."""
        return Employee.objects.values_list("email", flat=True).get(pk=self.ids[key])

    def manager_id_of(self, key: str) -> int | None:
        return Employee.objects.values_list("manager_id", flat=True).get(pk=self.ids[key])

    def version_of_id(self, model: type[Any], key: str) -> int:
        """The same for an object the world knows by id only (a person)."""
        return model._default_manager.values_list("version", flat=True).get(pk=self.ids[key])


def _people() -> dict[str, Employee]:
    engineering = DepartmentFactory(name="Zq Engineering")
    ops = DepartmentFactory(name="Zq Operations")
    ceo = EmployeeFactory(first_name="Cleo", last_name="Chief", job_title="CEO", department=engineering)
    manager = EmployeeFactory(first_name="Mona", last_name="Manager", manager=ceo, department=engineering)
    owner = EmployeeFactory(first_name="Olga", last_name="Owner", manager=manager, department=engineering)
    peer = EmployeeFactory(first_name="Pete", last_name="Peer", manager=manager, department=engineering)
    other_manager = EmployeeFactory(first_name="Umar", last_name="Elsewhere", manager=ceo, department=ops)
    stranger = EmployeeFactory(
        first_name="Ursula", last_name="Unrelated", manager=other_manager, department=ops
    )
    hr = EmployeeFactory(first_name="Hana", last_name="Human", manager=ceo, department=ops)
    admin = EmployeeFactory(first_name="Sid", last_name="Sysadmin", manager=ceo, department=ops)
    for person, role in ((hr, User.Role.HR_ADMIN), (admin, User.Role.SYSTEM_ADMIN)):
        person.user.role = role
        person.user.save()
    people = dict(
        ceo=ceo, manager=manager, owner=owner, peer=peer, other_manager=other_manager, stranger=stranger
    )
    return {**people, "hr": hr, "admin": admin}


def _goals(people: dict[str, Employee], objects: dict[str, Any]) -> None:
    hr, owner = people["hr"].user, people["owner"]
    cycle = make_cycle()
    public = make_goal(hr, cycle, owner=owner, title=SECRETS["public_goal"], key_results=[kr()])
    private = make_goal(
        hr, cycle, owner=owner, title=SECRETS["private_goal"], visibility=Goal.Visibility.PRIVATE,
        key_results=[kr()],
    )  # fmt: skip
    comment = goal_services.goal_comment_add(
        actor=owner.user, goal=private, body=SECRETS["private_goal_comment"]
    )
    template = goal_services.template_save(
        actor=hr, function=GoalTemplate.Function.ENGINEERING, title="Zq goal template", level=Goal.Level.TEAM
    )
    key_result = public.key_results.get()
    goal_services.key_result_update_create(actor=owner.user, goal=public, key_result=key_result, value=10)
    peer = people["peer"]  # the peer's goal aligned to the owner's: the owner may leave it out of hers
    aligned = make_goal(peer.user, cycle, owner=peer, parent=public, title="Zq aligned goal")
    planned = make_cycle(
        name="Zq planned cycle",
        status=GoalCycle.Status.PLANNED,
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 3, 31),
    )  # no goals
    objects.update(
        aligned_goal=aligned, planned_cycle=planned,
        cycle=cycle, public_goal=public, private_goal=private, private_goal_comment=comment,
        goal_template=template, key_result=key_result,
        private_key_result=private.key_results.get(),
    )  # fmt: skip


def _feedback(people: dict[str, Employee], objects: dict[str, Any]) -> None:
    owner, peer = people["owner"], people["peer"]
    objects["public_praise"] = feedback_factories.praise(peer, owner, message=SECRETS["public_praise"])
    objects["private_praise"] = feedback_factories.praise(
        peer, owner, visibility=Praise.Visibility.PRIVATE, message=SECRETS["private_praise"]
    )
    # From the ceo (above the owner, so not peer feedback): readable as its visibility says.
    for visibility in (Feedback.Visibility.RECIPIENT_AND_MANAGER, Feedback.Visibility.MANAGER):
        key = f"feedback_{visibility}"
        objects[key] = feedback_factories.feedback(
            people["ceo"], owner, body=SECRETS[key], visibility=visibility
        )
    objects["feedback_recipient"] = feedback_factories.feedback(
        peer, owner, body=SECRETS["feedback_recipient"]
    )
    # Peer feedback meant for the manager too; once protection is on, only author and recipient read it.
    objects["feedback_protected"] = feedback_factories.feedback(
        peer, owner, body=SECRETS["feedback_protected"], visibility=Feedback.Visibility.RECIPIENT_AND_MANAGER
    )
    feedback_factories.protect()
    [request] = feedback_services.feedback_request_create(
        actor=owner.user, subject=owner, respondents=[peer], questions=SECRETS["feedback_request"]
    )
    objects["feedback_request"] = request


def _checkins(people: dict[str, Employee], objects: dict[str, Any]) -> None:
    owner = people["owner"]
    # Its own question: a browser test may have flushed the ones migrations seed.
    CheckInQuestion.objects.get_or_create(text="What went well?", defaults={"order": 0})
    submitted = checkin_factories.submitted_checkin(owner)
    submitted.answers = [{"question": "What went well?", "answer": SECRETS["checkin"]}]
    submitted.save()
    objects["checkin"] = submitted
    objects["due_checkin"] = checkin_services.checkin_open_current(actor=owner.user)
    objects["checkin_talking_point"] = checkin_services.checkin_item_to_talking_point(
        actor=people["manager"].user, checkin=submitted, text="Zq check-in point for the 1:1"
    )


def _one_on_ones(people: dict[str, Employee], objects: dict[str, Any]) -> None:
    manager, owner = people["manager"], people["owner"]
    personal = AgendaTemplate.objects.create(name="Zq personal template", points=["Wins"], owner=manager)
    shared = AgendaTemplate.objects.create(name="Zq shared template", points=["Blockers"])
    series = Series.objects.create(manager=manager, employee=owner, template=shared)
    meeting = Meeting.objects.create(series=series, scheduled_at=timezone.now() + datetime.timedelta(days=1))
    point = TalkingPoint.objects.create(meeting=meeting, author=owner, text=SECRETS["talking_point"])
    item = ActionItem.objects.create(
        series=series, meeting=meeting, owner=owner, created_by=manager, title=SECRETS["action_item"]
    )
    manager_note = PrivateNote.objects.create(meeting=meeting, author=manager, text=SECRETS["manager_note"])
    owner_note = PrivateNote.objects.create(meeting=meeting, author=owner, text=SECRETS["owner_note"])
    shared_note = SharedNote.objects.create(meeting=meeting, text=SECRETS["shared_note"], edited_by=owner)
    objects.update(
        personal_template=personal, shared_template=shared, series=series, meeting=meeting,
        talking_point=point, action_item=item, manager_note=manager_note, owner_note=owner_note,
        shared_note=shared_note,
    )  # fmt: skip


def _competencies(people: dict[str, Employee], objects: dict[str, Any]) -> None:
    """A published framework with a draft whose first expectation HR is rewriting; the owner placed
    on its second IC level, assessed by her manager and marked for promotion readiness."""
    hr, manager, owner = people["hr"].user, people["manager"].user, people["owner"]
    framework = make_framework(name="Zq framework", competencies=2)
    level = Level.objects.get(track__framework_version=framework.version, key="ic2")
    objects["placement"] = competency_services.placement_set(actor=hr, person=owner, level=level)
    competency = Competency.objects.filter(framework_version=framework.version).order_by("position").first()
    objects["assessment"] = competency_services.assessment_record(
        actor=manager, person=owner, competency=competency, level=level, source=Assessment.Source.MANAGER,
        comment=SECRETS["assessment"],
    )  # fmt: skip
    objects["readiness"] = competency_services.readiness_mark(
        actor=manager, person=owner, readiness=PromotionReadiness.Readiness.READY_SOON,
        evidence=SECRETS["readiness"],
    )  # fmt: skip
    draft = framework_editing.draft_start(actor=hr, framework=framework)
    expectation = Expectation.objects.filter(competency__framework_version=draft).order_by("id").first()
    Expectation.objects.filter(pk=expectation.pk).update(text=SECRETS["draft_expectation"])
    objects.update(
        framework=framework, framework_version=framework.version, draft_version=draft,
        draft_expectation=expectation, competency=competency, level=level,
        draft_level=Level.objects.get(track__framework_version=draft, key="ic1"),
        level_up=Level.objects.get(track=level.track, key="ic3"),
    )  # fmt: skip


def build_world() -> World:
    people = _people()
    loner = UserFactory(email="loner@example.com", first_name="Lou", last_name="Nobody")
    users: dict[str, User | None] = {"anonymous": None, "outsider": loner}
    users.update({role: people[role].user for role in WITH_PERSON})
    objects: dict[str, Any] = {}
    _goals(people, objects)
    _feedback(people, objects)
    _one_on_ones(people, objects)
    _checkins(people, objects)  # after the 1:1s: a check-in item goes onto the next meeting
    _competencies(people, objects)
    objects["import"] = importing.import_store(
        actor=people["hr"].user,
        content=b"employee_id,first_name,last_name,email\nX1,Ann,Import,ann@example.com\n",
        filename="people.csv",
    )
    objects["owner_token"], _raw = api_token_create(
        actor=people["owner"].user, user=people["owner"].user, name="t"
    )
    objects["value"] = feedback_factories.value()
    world = World(people, users, objects, {key: obj.pk for key, obj in objects.items()})
    world.ids.update({f"person:{role}": person.pk for role, person in people.items()})
    world.ids["person:gone"] = _inactive_person(people["ceo"]).pk
    world.feed_token = calendar_feed.calendar_feed_regenerate(actor=people["owner"].user)
    world.clients = {role: client_for(user) for role, user in users.items()}
    return world


def _inactive_person(manager: Employee) -> Employee:
    gone = EmployeeFactory(
        first_name="Gina", last_name="Gone", manager=manager, status=Employee.Status.INACTIVE
    )
    gone.user.is_active = False
    gone.user.save()
    return gone


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once per module in an outer transaction; tests nest savepoints inside it."""
    # Sessions in the cache: the signed-in clients outlive each test's rolled-back savepoint.
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
