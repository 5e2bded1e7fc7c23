"""`cadence seed`: an organisation with a year of history in every module (config/seeding.py).

One organisation is seeded per module run (in an outer transaction, rolled back at the end) and
checked for what the app relies on: proportions, the goal tree, progress roll-up, key results
against their check-ins, check-in periods, 1:1 series and their meetings, feedback privacy, the
notifications; then every module's main pages render for HR, a manager and an employee.
test_scale_seed_determinism.py seeds twice from the same seed and compares a digest of every row."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models, transaction
from django.test import override_settings
from django.urls import reverse

from cadence.checkins.models import CheckIn, CheckInCadence, CheckInPriority, CheckInQuestion
from cadence.checkins.periods import period_start_for
from cadence.competencies.models import Framework
from cadence.competencies.tests.factories import make_framework
from cadence.config.seeding import SCALE_SEEDERS, ScaleSeedResult, seed_scale
from cadence.core.models import User
from cadence.core.testing import client_for
from cadence.feedback.models import Feedback, FeedbackRequest, Praise
from cadence.goals.key_results import key_result_progress
from cadence.goals.models import Goal, GoalCycle, KeyResult, KeyResultUpdate
from cadence.goals.progress import weighted_progress
from cadence.meetings.models import ActionItem, Meeting, Series, TalkingPoint
from cadence.notifications.models import Notification
from cadence.people.models import Employee

SIZE = 120
NOW = datetime.datetime(2026, 11, 18, 15, 30, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[ScaleSeedResult]:
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        if not CheckInQuestion.objects.filter(is_active=True).exists():  # a browser test flushed them
            CheckInQuestion.objects.bulk_create(
                CheckInQuestion(text=text, order=i) for i, text in enumerate(("Went well?", "Was hard?"))
            )
        if not Framework.objects.filter(is_general=True).exists():  # the starting one, flushed as well
            make_framework(name="Starting framework", competencies=10)
        yield seed_scale(employees=SIZE, seed=3, now=NOW)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_every_module_seeds_in_proportion(seeded: ScaleSeedResult) -> None:
    counts = seeded.counts
    modules = {path.split(".")[1] for path in SCALE_SEEDERS}
    assert modules <= {label.split(".")[0] for label, n in counts.items() if n > 0}
    per_person = {label: n / SIZE for label, n in counts.items()}
    # The measure at 10,000 people: about 3 goals, 34 key-result check-ins, 2 praise,
    # 12 weekly check-ins, 7 1:1 meetings and 21 talking points per person. Small organisations have
    # more departments and teams per person, hence the wide bands.
    assert 2 <= per_person["goals.goals"] <= 6
    assert 15 <= per_person["goals.key_result_updates"] <= 60
    assert 1.5 <= per_person["feedback.praise"] <= 2.5
    assert 6 <= per_person["checkins.checkins"] <= 20
    assert 3 <= per_person["meetings.meetings"] <= 12
    # Everyone placed (some twice: promoted in the year), one to three assessments a quarter.
    assert 1 <= per_person["competencies.placements"] <= 1.3
    assert 3 <= per_person["competencies.assessments"] <= 12
    assert 2 <= counts["meetings.talking_points"] / counts["meetings.meetings"] <= 5
    assert counts["people.employees"] == Employee.objects.count() == SIZE
    assert counts["goals.goals"] == Goal.objects.count()
    assert counts["notifications.notifications"] == Notification.objects.count()


def test_goals_form_a_valid_tree(seeded: ScaleSeedResult) -> None:
    goals = {g.pk: g for g in Goal.objects.select_related("cycle")}
    levels = Counter(g.level for g in goals.values())
    assert set(levels) == set(Goal.Level.values)
    for goal in goals.values():
        parent = goals.get(goal.parent_id) if goal.parent_id else None
        assert goal.path == f"{parent.path if parent else '/'}{goal.pk}/"
        assert goal.depth <= 7  # at most eight levels
        if parent is not None:
            assert parent.cycle_id == goal.cycle_id
        assert goal.cycle.start_date <= goal.due_date <= goal.cycle.end_date  # type: ignore[operator]
        owner = {
            "individual": goal.owner_employee_id,
            "team": goal.owner_team_id,
            "department": goal.owner_department_id,
            "company": True,
        }[goal.level]
        assert owner
    assert max(g.depth for g in goals.values()) >= 4
    cycles = list(GoalCycle.objects.order_by("start_date"))
    assert [c.status for c in cycles] == ["closed", "closed", "closed", "active"]
    assert cycles[-1].start_date <= NOW.date() <= cycles[-1].end_date


def test_progress_rolls_up_as_the_service_computes_it(seeded: ScaleSeedResult) -> None:
    items: dict[int, list[tuple[Any, float]]] = defaultdict(list)
    for goal_id, weight, progress in KeyResult.objects.values_list("goal_id", "weight", "progress"):
        items[goal_id].append((weight, progress))
    counted = Goal.objects.filter(
        state=Goal.State.ACTIVE, approval=Goal.Approval.APPROVED, parent__isnull=False
    )
    for parent_id, weight, progress in counted.values_list("parent_id", "weight", "progress"):
        items[parent_id].append((weight, progress))
    for goal in Goal.objects.select_related("cycle"):
        rolled = weighted_progress(items[goal.pk])
        assert goal.progress == pytest.approx(goal.manual_progress if rolled is None else rolled, abs=1e-9)
        if goal.cycle.status == GoalCycle.Status.CLOSED and goal.state == Goal.State.ACTIVE:
            assert goal.final_score == goal.progress
        if goal.last_checkin_at is None:
            assert goal.status == Goal.Status.NOT_STARTED


def test_key_results_hold_their_last_check_in(seeded: ScaleSeedResult) -> None:
    last: dict[int, KeyResultUpdate] = {}
    for update in KeyResultUpdate.objects.select_related("goal__cycle").order_by("created_at", "id"):
        assert NOW - datetime.timedelta(days=365) <= update.created_at <= NOW
        cycle = update.goal.cycle
        assert cycle.start_date <= update.created_at.date() <= cycle.end_date
        if update.key_result_id:
            last[update.key_result_id] = update
    assert last
    for kr in KeyResult.objects.prefetch_related("milestones"):
        assert kr.progress == pytest.approx(key_result_progress(kr))
        update = last.get(kr.pk)
        if kr.is_measured:
            assert kr.current == (update.value if update else None)
        elif kr.kind == KeyResult.Kind.BINARY and update:
            assert kr.done == update.done
        if update:
            assert update.key_result_progress == pytest.approx(kr.progress)


def test_check_ins_follow_the_periods(seeded: ScaleSeedResult) -> None:
    weeks = dict(CheckInCadence.objects.values_list("department_id", "every_weeks"))
    assert 2 in weeks.values()  # some departments check in every two weeks
    year_ago = (NOW - datetime.timedelta(days=365)).date()
    current = 0
    for checkin in CheckIn.objects.select_related("author"):
        every = weeks.get(checkin.author.department_id) or weeks.get(None) or 1
        assert checkin.period_start == period_start_for(checkin.period_start, every)
        assert year_ago <= checkin.period_start <= NOW.date()
        current += checkin.period_start == period_start_for(NOW.date(), every)
        if checkin.status == CheckIn.Status.SUBMITTED:
            assert 1 <= checkin.mood <= 5 and checkin.submitted_at is not None  # type: ignore[operator]
            assert checkin.answers and all(a["answer"] for a in checkin.answers)
            assert checkin.reviewed_by_id in (None, checkin.author.manager_id)
        else:
            assert checkin.mood is None and checkin.submitted_at is None
    assert current
    for priority in CheckInPriority.objects.filter(carried_from__isnull=False).select_related("carried_from"):
        assert priority.carried_from.status == CheckInPriority.Status.CARRIED  # type: ignore[union-attr]


def test_one_on_ones_are_consistent_with_their_series(seeded: ScaleSeedResult) -> None:
    upcoming = Counter()
    for meeting in Meeting.objects.select_related("series"):
        series = meeting.series
        assert meeting.scheduled_at >= series.created_at
        assert meeting.duration_minutes == series.duration_minutes
        if meeting.status == Meeting.Status.SCHEDULED:
            assert meeting.scheduled_at > NOW
            upcoming[series.pk] += 1
        else:
            assert meeting.scheduled_at <= NOW
            assert (meeting.completed_at is not None) == (meeting.status == Meeting.Status.COMPLETED)
    for series in Series.objects.all():
        assert upcoming[series.pk] == (1 if series.ended_at is None else 0)
    for point in TalkingPoint.objects.filter(carried_from__isnull=False).select_related(
        "carried_from__meeting"
    ):
        origin = point.carried_from
        assert origin.meeting.series_id == point.meeting.series_id and not origin.discussed  # type: ignore[union-attr]


def test_feedback_keeps_the_privacy_rules(seeded: ScaleSeedResult) -> None:
    for feedback in Feedback.objects.select_related("author", "recipient"):
        above = feedback.recipient.path.startswith(feedback.author.path)
        assert feedback.author_id != feedback.recipient_id
        assert feedback.is_peer == (not above)
        assert not feedback.protected or feedback.visibility == Feedback.Visibility.RECIPIENT
    answered = FeedbackRequest.objects.filter(status=FeedbackRequest.Status.ANSWERED)
    assert answered.exists() and not answered.filter(answer__isnull=True).exists()
    assert not FeedbackRequest.objects.exclude(status="open").filter(closed_at__isnull=True).exists()
    for praise in Praise.objects.prefetch_related("recipients")[:200]:
        assert praise.recipients.all() and praise.author_id not in {r.pk for r in praise.recipients.all()}


def test_notifications_send_no_email_and_resolve_what_was_done(seeded: ScaleSeedResult) -> None:
    assert not Notification.objects.filter(send_email=True).exists()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"praise_received", "feedback_received", "checkin_submitted", "meetings.action_item"} <= kinds
    assert not Notification.objects.filter(requires_action=False, resolved_at__isnull=False).exists()
    open_items = {
        f"meetings.action_item.{pk}.{owner}"
        for pk, owner in ActionItem.objects.filter(done_at__isnull=True).values_list("pk", "owner_id")
    }
    todos = set(
        Notification.objects.filter(kind="meetings.action_item", resolved_at__isnull=True).values_list(
            "event_key", flat=True
        )
    )
    assert todos == open_items


def _cast() -> tuple[User, Employee, Employee]:
    """HR (made so here: the seed gives everyone the employee role), a manager and one report."""
    manager = Employee.objects.filter(reports__isnull=False, manager__isnull=False).order_by("pk").first()
    assert manager is not None and manager.user is not None
    employee = manager.reports.order_by("pk").first()
    assert employee is not None
    hr = Employee.objects.exclude(pk__in=[manager.pk, employee.pk]).order_by("-pk").first()
    assert hr is not None and hr.user is not None
    User.objects.filter(pk=hr.user.pk).update(role=User.Role.HR_ADMIN)
    hr.user.refresh_from_db()
    return hr.user, manager, employee


def _pages(person: Employee) -> list[str]:
    goal = Goal.objects.filter(owner_employee=person).first() or Goal.objects.filter(level="company").first()
    checkin = CheckIn.objects.filter(author__in=[person, *person.reports.all()]).first()
    series = Series.objects.filter(models.Q(manager=person) | models.Q(employee=person)).first()
    meeting = Meeting.objects.filter(series=series).first() if series else None
    praise = Praise.objects.filter(visibility="public").first()
    feedback = Feedback.objects.filter(recipient=person).exclude(visibility="manager").first()
    names = [
        "home",
        "goals:mine",
        "goals:company",
        "goals:tree",
        "goals:dashboard",
        "feedback:wall",
        "feedback:mine",
        "checkins:checkins",
        "meetings:mine",
        "notifications:list",
        "people:directory",
    ]
    if person.reports.exists():  # the team pages are a manager's (404 for anyone else)
        names += ["goals:team", "checkins:checkin_team", "meetings:team"]
    urls = [reverse(name) for name in names]
    urls.append(reverse("people:profile", args=[person.pk]))
    for name, obj in (
        ("goals:detail", goal),
        ("checkins:checkin_detail", checkin),
        ("meetings:series", series),
        ("meetings:meeting", meeting),
        ("feedback:praise_detail", praise),
        ("feedback:feedback_detail", feedback),
    ):
        if obj is not None:
            urls.append(reverse(name, args=[obj.pk]))
    return urls


def test_main_pages_render_for_every_role(seeded: ScaleSeedResult) -> None:
    hr, manager, employee = _cast()
    assert manager.user is not None and employee.user is not None
    hr_person = Employee.objects.get(user=hr)
    for user, person in ((hr, hr_person), (manager.user, manager), (employee.user, employee)):
        client = client_for(user)
        pages = _pages(person)
        if user == hr:
            pages += [
                reverse("goals:cycles"),
                reverse("checkins:checkin_settings"),
                reverse("feedback:settings"),
            ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (user.email, url, response.status_code)


def test_the_app_writes_after_the_seeded_rows(seeded: ScaleSeedResult) -> None:
    """Ids were written explicitly: the sequences must have moved past them (PostgreSQL), so the
    services' own inserts (praise with its recipients and notification, a key-result check-in) work."""
    from cadence.feedback.models import CompanyValue
    from cadence.feedback.services import praise_create
    from cadence.goals.services import key_result_update_create

    author, recipient = Employee.objects.filter(user__isnull=False).order_by("pk")[1:3]
    before = Notification.objects.count()
    praise = praise_create(
        actor=author.user, recipients=[recipient], values=[CompanyValue.objects.first()], message="Thanks!"
    )
    assert praise.pk > Praise.objects.exclude(pk=praise.pk).aggregate(n=models.Max("pk"))["n"]
    assert Notification.objects.count() == before + 1
    kr = KeyResult.objects.filter(
        kind="number", goal__owner_employee__isnull=False, goal__cycle__status="active"
    ).first()
    assert kr is not None and kr.goal.owner_employee is not None
    update = key_result_update_create(
        actor=kr.goal.owner_employee.user, goal=kr.goal, key_result=kr, value=kr.target
    )
    assert update.pk > KeyResultUpdate.objects.exclude(pk=update.pk).aggregate(n=models.Max("pk"))["n"]
