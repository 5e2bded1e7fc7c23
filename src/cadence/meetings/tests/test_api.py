import datetime

import pytest
from django.utils import timezone

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.meetings import services
from cadence.meetings.models import Meeting, Series

from .factories import NOTE_SECRET, add_history, make_series, upcoming

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def series(org):
    return make_series(org.manager, org.report, past=3)


def _get(user, url):
    return client_for(user).get(f"{API}{url}")


def _send(user, method, url, data):
    return getattr(client_for(user), method)(f"{API}{url}", data, content_type="application/json")


# Who sees a series' existence and dates (item 13) vs its agenda (participants only).
SEES_SERIES = {"manager": True, "report": True, "ceo": True, "hr": True, "report2": False, "loner": False}
SEES_AGENDA = {"manager": True, "report": True, "ceo": False, "hr": False, "report2": False, "loner": False}


def _user(org, who):
    return org.loner if who == "loner" else getattr(org, who).user


@pytest.mark.parametrize("who", SEES_SERIES)
def test_series_and_dates_visibility(org, series, who):
    user = _user(org, who)
    ids = [s["id"] for s in _get(user, "/one-on-ones").json()["items"]]
    assert (series.pk in ids) is SEES_SERIES[who]
    assert _get(user, f"/one-on-ones/{series.pk}").status_code == (200 if SEES_SERIES[who] else 404)
    meetings = _get(user, f"/one-on-ones/{series.pk}/meetings")
    assert meetings.status_code == (200 if SEES_SERIES[who] else 404)
    if SEES_SERIES[who]:
        assert meetings.json()["count"] == 4
        assert set(meetings.json()["items"][0]) == {
            "id", "version", "series_id", "scheduled_at", "ends_at", "duration_minutes", "status",
            "completed_at",
        }  # fmt: skip


@pytest.mark.parametrize("who", SEES_AGENDA)
def test_agenda_visibility(org, series, who):
    user = _user(org, who)
    meeting = upcoming(series)
    expected = 200 if SEES_AGENDA[who] else 404
    assert _get(user, f"/meetings/{meeting.pk}/talking-points").status_code == expected
    items = _get(user, f"/action-items?series={series.pk}").json()["items"]
    assert bool(items) is SEES_AGENDA[who]
    assert _get(user, f"/meetings/{meeting.pk}/private-note").status_code == expected


def test_anonymous_gets_401(series):
    client = client_for(None)
    for url in ("/one-on-ones", f"/one-on-ones/{series.pk}", "/action-items"):
        assert client.get(f"{API}{url}").status_code == 401


@pytest.mark.parametrize("who", ["report", "ceo", "hr", "report2", "loner"])
def test_private_notes_never_reach_anyone_but_their_author(org, series, who):
    """The manager wrote notes on every past meeting; no other role finds them in any response."""
    user = _user(org, who)
    bodies = [_get(user, "/one-on-ones").content, _get(user, f"/action-items?series={series.pk}").content]
    for meeting in series.meetings.all():
        for url in ("", "/talking-points", "/private-note"):
            bodies.append(_get(user, f"/meetings/{meeting.pk}{url}").content)
    assert all(NOTE_SECRET.encode() not in body for body in bodies)


def test_private_note_round_trip_for_the_author(org, series):
    meeting = upcoming(series)
    assert (
        _send(
            org.report.user, "put", f"/meetings/{meeting.pk}/private-note", {"text": "mine only"}
        ).status_code
        == 200
    )
    assert _get(org.report.user, f"/meetings/{meeting.pk}/private-note").json()["text"] == "mine only"
    assert _get(org.manager.user, f"/meetings/{meeting.pk}/private-note").json()["text"] == ""


def test_create_series_and_run_a_meeting(org):
    when = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0).isoformat()
    response = _send(
        org.manager.user, "post", "/one-on-ones", {"employee_id": org.report2.pk, "first_meeting_at": when}
    )
    assert response.status_code == 201, response.content
    series_id = response.json()["id"]
    meeting_id = _get(org.manager.user, f"/one-on-ones/{series_id}/meetings").json()["items"][0]["id"]
    point = _send(org.report2.user, "post", f"/meetings/{meeting_id}/talking-points", {"text": "Career path"})
    assert point.status_code == 201
    moved = _send(org.manager.user, "patch", f"/talking-points/{point.json()['id']}", {"move": "up"})
    assert moved.json()["position"] < point.json()["position"]
    item = _send(
        org.manager.user, "post", "/action-items",
        {"meeting_id": meeting_id, "title": "Book a course", "owner_id": org.report2.pk},
    )  # fmt: skip
    assert item.status_code == 201
    assert _get(org.report2.user, "/todos").json()["count"] == 1
    done = _send(org.manager.user, "patch", f"/meetings/{meeting_id}", {"status": "completed"})
    assert done.json()["status"] == "completed"
    assert Meeting.objects.filter(series_id=series_id).count() == 2
    version = item.json()["version"]
    patched = _send(
        org.report2.user, "patch", f"/action-items/{item.json()['id']}", {"done": True, "version": version}
    )
    assert patched.json()["done"] and patched.json()["version"] == version + 1
    assert _get(org.report2.user, "/todos").json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"employee_id": 999999, "first_meeting_at": "2030-01-01T10:00:00Z"}, "employee_id"),
        ({"employee_id": "x", "first_meeting_at": "2030-01-01T10:00:00Z"}, "employee_id"),
        ({"employee_id": 0, "first_meeting_at": "not a date"}, "first_meeting_at"),
        (
            {"employee_id": 0, "first_meeting_at": "2030-01-01T10:00:00Z", "duration_minutes": 5},
            "duration_minutes",
        ),
        ({"employee_id": 0, "first_meeting_at": "2030-01-01T10:00:00Z", "cadence": "hourly"}, "cadence"),
        ({"employee_id": 0, "first_meeting_at": "2099-01-01T10:00:00Z"}, "first_meeting_at"),
        ({"employee_id": 0, "first_meeting_at": "2030-01-01T10:00:00Z", "template_id": 42}, "template_id"),
    ],
)
def test_bad_series_input_is_422_with_field_messages(org, payload, field):
    payload = {**payload, "employee_id": payload["employee_id"] or org.report.pk}
    response = _send(org.manager.user, "post", "/one-on-ones", payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Series.objects.exists()


def test_bad_agenda_input(org, series):
    meeting = upcoming(series)
    assert (
        _send(org.report.user, "post", f"/meetings/{meeting.pk}/talking-points", {"text": ""}).status_code
        == 422
    )
    response = _send(
        org.report.user,
        "post",
        "/action-items",
        {"meeting_id": meeting.pk, "title": "x", "owner_id": org.ceo.pk},
    )
    assert response.status_code == 422 and "owner" in response.json()["errors"]
    agenda = list(meeting.talking_points.values_list("pk", flat=True))
    response = _send(
        org.report.user,
        "put",
        f"/meetings/{meeting.pk}/talking-points/order",
        {"order": [1, 2], "previous": agenda},
    )
    assert response.status_code == 422 and "order" in response.json()["errors"]


def test_non_participants_cannot_write(org, series):
    meeting = upcoming(series)
    # The CEO sees the series but not the agenda: writing the agenda is a 404, changing the series 403.
    assert (
        _send(org.ceo.user, "post", f"/meetings/{meeting.pk}/talking-points", {"text": "x"}).status_code
        == 404
    )
    assert (
        _send(org.ceo.user, "patch", f"/one-on-ones/{series.pk}", {"cadence": "monthly"}).status_code == 403
    )
    assert _send(org.hr.user, "patch", f"/one-on-ones/{series.pk}", {"ended": True}).status_code == 403
    assert _send(org.report2.user, "patch", f"/one-on-ones/{series.pk}", {"ended": True}).status_code == 404


def test_only_the_author_rewords_a_point(org, series):
    meeting = upcoming(series)
    point = services.talking_point_add(actor=org.report.user, meeting=meeting, text="Mine")
    body = {"text": "x", "version": point.version}
    assert _send(org.manager.user, "patch", f"/talking-points/{point.pk}", body).status_code == 403
    assert _send(org.report.user, "patch", f"/talking-points/{point.pk}", body).status_code == 200


@budget("GET /api/v1/one-on-ones")
def test_series_list_query_budget(org):
    people = []

    def grow(n):
        from cadence.people.testing import EmployeeFactory

        for _ in range(n):
            person = EmployeeFactory(manager=org.manager)
            people.append(person)
            make_series(org.manager, person, past=1)

    client = client_for(org.manager.user)
    # session, user, employee, the count, the page with both people
    assert_flat_queries(lambda: client.get(f"{API}/one-on-ones?limit=200"), grow, queries=5)


@budget("GET /api/v1/one-on-ones/{series_id}/meetings")
def test_meeting_list_query_budget_with_long_history(org, series):
    client = client_for(org.manager.user)
    # session, user, employee, the series, the meetings' count and page
    assert_flat_queries(
        lambda: client.get(f"{API}/one-on-ones/{series.pk}/meetings?limit=200"),
        lambda n: add_history(series, n),
        queries=6,
    )


@budget("GET /api/v1/meetings/{meeting_id}/talking-points", "GET /api/v1/action-items")
def test_talking_points_and_action_items_query_budget(org, series):
    meeting = upcoming(series)

    def grow(n):
        from cadence.meetings.models import ActionItem, TalkingPoint

        TalkingPoint.objects.bulk_create(
            TalkingPoint(meeting=meeting, author=org.report, text=f"p{i}") for i in range(n)
        )
        ActionItem.objects.bulk_create(
            ActionItem(
                series=series, meeting=meeting, owner=org.report, created_by=org.manager, title=f"i{i}"
            )
            for i in range(n)
        )

    client = client_for(org.report.user)
    # session, user, employee, the meeting, the talking points' count and page
    assert_flat_queries(
        lambda: client.get(f"{API}/meetings/{meeting.pk}/talking-points?limit=200"), grow, queries=6
    )
    # session, user, employee, the count and the page of the action items of their series
    assert_flat_queries(lambda: client.get(f"{API}/action-items?limit=200"), grow, queries=5)
