"""What benchmarks/pages.py requests, and as whom: the actors, a signed-in session for each, and every
GET route with its path parameters filled by the objects that make it work hardest.

Each path parameter has a pick below: a function of the route and the subject (the manager with the
largest reporting chain) that returns an id. A new parameter without a pick stops the run, so a
module's new route cannot silently drop out of the benchmark."""

from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Model, QuerySet
from django.test import Client
from django.utils import timezone

from cadence.config.routes import Route, discover_api, discover_pages
from cadence.core.models import User
from cadence.people.models import Employee


def model(label: str) -> type[Model]:
    return apps.get_model(label)


def chain_size(manager: Employee) -> int:
    return Employee.objects.filter(path__startswith=manager.path).exclude(pk=manager.pk).count()


def _largest_chain_manager() -> Employee:
    """Below the CEO, the head with the most people under them."""
    ceo = Employee.objects.filter(manager=None).order_by("pk").first()
    assert ceo is not None, "the organisation has no CEO: run `cadence seed` first"
    heads = list(Employee.objects.filter(manager=ceo).select_related("user"))
    return max(heads, key=chain_size) if heads else ceo


def _hr_admin() -> User:
    hr = User.objects.filter(role=User.Role.HR_ADMIN, is_active=True, employee__isnull=False).first()
    if hr is None:  # a scale organisation has only employees: make someone in People the HR admin
        person = (
            Employee.objects.filter(department__name="People").exclude(manager=None).order_by("pk").first()
        )
        assert person is not None and person.user is not None
        User.objects.filter(pk=person.user_id).update(role=User.Role.HR_ADMIN)
        hr = User.objects.get(pk=person.user_id)
    return hr


def actors() -> list[tuple[str, User, Employee]]:
    """(name, user, subject): an HR admin and the largest chain's manager, both looking at that manager."""
    subject = _largest_chain_manager()
    manager = subject.user
    assert manager is not None
    return [("hr", _hr_admin(), subject), ("manager", manager, subject)]


def session_cookies(actor: User) -> dict[str, str]:
    """A real session in the database (the server shares it), as a browser would hold it."""
    client = Client()
    client.force_login(actor)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


# --- Path parameters ------------------------------------------------------------------------------


def _first_pk(qs: QuerySet) -> int | None:
    return qs.values_list("pk", flat=True).first()


def _reports(subject: Employee) -> QuerySet[Employee]:
    return Employee.objects.filter(manager=subject)


def _busiest_series(route: Route, subject: Employee) -> int | None:
    series = model("meetings.Series").objects.filter(manager__in=[subject, *_reports(subject)])
    return _first_pk(series.annotate(n=Count("meetings")).order_by("-n", "pk"))


def _latest_meeting(route: Route, subject: Employee) -> int | None:
    series = _busiest_series(route, subject)
    past = model("meetings.Meeting").objects.filter(series_id=series, scheduled_at__lte=timezone.now())
    return _first_pk(past.order_by("-scheduled_at"))


def _goal(route: Route, subject: Employee) -> int | None:
    """The company objective with the most goals aligned below it: the tree and roll-up's worst case."""
    roots = model("goals.Goal").objects.filter(parent=None, visibility="public")
    return _first_pk(roots.annotate(n=Count("children")).order_by("-n", "pk"))


def _key_result(route: Route, subject: Employee) -> int | None:
    results = model("goals.KeyResult").objects.filter(goal__owner_employee=subject)
    return _first_pk(results.order_by("pk")) or _first_pk(model("goals.KeyResult").objects.order_by("pk"))


def _template(route: Route, subject: Employee) -> int | None:
    label = "meetings.AgendaTemplate" if route.path.startswith("/one-on-ones/") else "goals.GoalTemplate"
    return _first_pk(model(label).objects.order_by("pk"))


def _checkin(route: Route, subject: Employee) -> int | None:
    checkins = model("checkins.CheckIn").objects.filter(author__manager=subject, status="submitted")
    return _first_pk(checkins.order_by("-period_start", "pk"))


def _meeting_child(label: str) -> Callable[[Route, Employee], int | None]:
    def pick(route: Route, subject: Employee) -> int | None:
        return _first_pk(
            model(label).objects.filter(meeting_id=_latest_meeting(route, subject)).order_by("pk")
        )

    return pick


def _latest(label: str, about: str) -> Callable[[Route, Employee], int | None]:
    """The newest object of `label` about one of the subject's reports (through the field `about`)."""

    def pick(route: Route, subject: Employee) -> int | None:
        return _first_pk(
            model(label).objects.filter(**{f"{about}__manager": subject}).order_by("-created_at")
        )

    return pick


PICKS: dict[str, Callable[[Route, Employee], Any]] = {
    "person_id": lambda route, subject: subject.pk,
    "goal_id": _goal,
    "key_result_id": _key_result,
    "cycle_id": lambda route, subject: _first_pk(model("goals.GoalCycle").objects.order_by("-start_date")),
    "template_id": _template,
    "praise_id": _latest("feedback.Praise", "recipients"),
    "feedback_id": _latest("feedback.Feedback", "recipient"),
    "request_id": _latest("feedback.FeedbackRequest", "subject"),
    "check_in_id": _checkin,
    "checkin_id": _checkin,
    "series_id": _busiest_series,
    "meeting_id": _latest_meeting,
    "point_id": _meeting_child("meetings.TalkingPoint"),
    "item_id": _meeting_child("meetings.ActionItem"),
    "import_id": lambda route, subject: _first_pk(model("people.PeopleImport").objects.order_by("-pk")),
    "token_id": lambda route, subject: None,  # only revoking takes a token id (POST)
    "direction": lambda route, subject: "up",
    "scope": lambda route, subject: "people",  # the picker's search: people, with QUERIES' text
    "token": lambda route, subject: None,  # the calendar feed: filled per actor in requests_for
    # The general framework (the starting one, everyone is placed on it by the seeder).
    "framework_id": lambda route, subject: _first_pk(
        model("competencies.Framework").objects.filter(is_general=True).order_by("pk")
    ),
    "expectation_id": lambda route, subject: None,  # only saving a draft's cell takes one (POST)
}


def _calendar_feed_token(actor: User) -> str:
    from cadence.meetings.calendar_feed import calendar_feed_regenerate

    return calendar_feed_regenerate(actor=actor)


# Query strings that make a route work hardest: a picker search for "a" matches the most people.
QUERIES: dict[str, str] = {"people:pick": "?q=a"}


def requests_for(actor: User, subject: Employee, only: list[str]) -> Iterator[tuple[str, str]]:
    """(label, path) of every page and API GET; the label is the route, the same at every size."""
    routes = [r for r in discover_pages() + discover_api() if r.method == "GET"]
    feed_token = _calendar_feed_token(actor)
    for route in routes:
        missing = [p for p in route.params if p not in PICKS]
        if missing:
            raise SystemExit(f"benchmarks/targets.py has no pick for {missing} of {route.path}")
        values = {p: feed_token if p == "token" else PICKS[p](route, subject) for p in route.params}
        label = route.name if route.is_api else f"{route.name} {route.path}"
        if None in values.values():
            continue
        path = route.url(values) + QUERIES.get(route.name, "")
        if only and not path.startswith(tuple(only)):
            continue
        yield label, path
