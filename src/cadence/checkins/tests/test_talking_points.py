"""Taking a check-in answer or priority to the next 1:1 (issue 4, item 8)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cadence.checkins import services
from cadence.checkins.models import CheckIn, CheckInPriority
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.meetings.models import Meeting, TalkingPoint
from cadence.meetings.tests.factories import make_series, upcoming

from . import factories as f

pytestmark = pytest.mark.django_db

ANSWER = "Shipped the secret project"
BUTTON = "Add to next 1:1"


def _add(checkin: CheckIn, actor, text: str = ANSWER) -> TalkingPoint:
    return services.checkin_item_to_talking_point(actor=actor.user, checkin=checkin, text=text)


def _url(checkin: CheckIn) -> str:
    return reverse("checkins:checkin_talking_point", args=[checkin.pk])


def test_manager_adds_an_answer_to_the_next_meeting(org):
    series = make_series(org.manager, org.report, past=2)
    checkin = f.submitted_checkin(org.report)
    point = _add(checkin, org.manager)
    assert point.meeting == upcoming(series)
    assert point.author == org.manager and point.text == ANSWER


def test_adding_twice_keeps_one_point(org):
    series = make_series(org.manager, org.report)
    checkin = f.submitted_checkin(org.report)
    first = _add(checkin, org.manager)
    again = _add(checkin, org.manager, text=f"  {ANSWER}\n")
    assert again.pk == first.pk
    assert upcoming(series).talking_points.filter(text=ANSWER).count() == 1


def test_without_a_series_the_error_says_what_to_do_and_nothing_is_written(org):
    checkin = f.submitted_checkin(org.report)
    with pytest.raises(ValidationError) as exc:
        _add(checkin, org.manager)
    assert exc.value.messages == [
        f"You have no 1:1 series with {org.report.first_name} yet. Set one up on the 1:1s page."
    ]
    assert not TalkingPoint.objects.exists() and not Meeting.objects.exists()


def test_ended_series_does_not_count(org):
    series = make_series(org.manager, org.report)
    series.ended_at = timezone.now()
    series.save()
    with pytest.raises(ValidationError, match="no 1:1 series"):
        _add(f.submitted_checkin(org.report), org.manager)


def test_a_series_without_an_open_meeting_gets_its_next_one(org):
    """A recurring series whose last meeting was held gets its next meeting created."""
    series = make_series(org.manager, org.report, past=1)
    upcoming(series).delete()
    point = _add(f.submitted_checkin(org.report), org.manager)
    assert point.meeting.status == Meeting.Status.SCHEDULED
    assert point.meeting.scheduled_at > timezone.now() - datetime.timedelta(days=1)


def test_a_finished_one_off_asks_for_a_meeting(org):
    series = make_series(org.manager, org.report, past=1, cadence="once")
    upcoming(series).delete()
    with pytest.raises(ValidationError) as exc:
        _add(f.submitted_checkin(org.report), org.manager)
    assert exc.value.messages == [
        f"Your 1:1 with {org.report.first_name} has no upcoming meeting. Schedule one on the 1:1s page."
    ]


def test_long_text_is_cut_to_the_talking_point_limit(org):
    make_series(org.manager, org.report)
    long = "word " * 300
    point = _add(f.submitted_checkin(org.report), org.manager, text=long)
    assert len(point.text) <= 500 and point.text.endswith("word…")
    assert services.talking_point_text("line one\n\nline two") == "line one line two"


@pytest.mark.parametrize("who", ["report", "report2"])
def test_author_and_peer_cannot(org, who):
    make_series(org.manager, org.report)
    make_series(org.report2, org.report)
    with pytest.raises(PermissionDenied):
        _add(f.submitted_checkin(org.report), getattr(org, who))
    assert not TalkingPoint.objects.filter(text=ANSWER).exists()


def test_only_submitted_checkins(org):
    make_series(org.manager, org.report)
    checkin = f.submitted_checkin(org.report)
    checkin.status = CheckIn.Status.DUE
    checkin.save()
    with pytest.raises(ValidationError):
        _add(checkin, org.manager)


# Pages -----------------------------------------------------------------------------------------


def test_button_posts_and_links_to_the_meeting(org):
    series = make_series(org.manager, org.report)
    checkin = f.submitted_checkin(org.report)
    client = client_for(org.manager.user)
    response = client.post(_url(checkin), {"text": ANSWER}, follow=True)
    meeting = upcoming(series)
    assert response.redirect_chain[-1][0] == reverse("checkins:checkin_detail", args=[checkin.pk])
    assert meeting.talking_points.filter(text=ANSWER, author=org.manager).exists()
    assert f'href="{reverse("meetings:meeting", args=[meeting.pk])}"' in response.content.decode()


def test_button_without_a_series_shows_the_error(org):
    checkin = f.submitted_checkin(org.report)
    response = client_for(org.manager.user).post(_url(checkin), {"text": ANSWER}, follow=True)
    assert "You have no 1:1 series with Rita yet" in response.content.decode()
    assert not TalkingPoint.objects.exists()


def test_others_get_404(org):
    make_series(org.manager, org.report)
    checkin = f.submitted_checkin(org.report)
    for person in (org.report, org.report2, org.hr):
        assert client_for(person.user).post(_url(checkin), {"text": ANSWER}).status_code == 404
    assert client_for(org.loner).post(_url(checkin), {"text": ANSWER}).status_code == 404
    assert client_for(None).post(_url(checkin), {"text": ANSWER}).status_code == 302
    assert client_for(org.manager.user).get(_url(checkin)).status_code == 405
    assert not TalkingPoint.objects.filter(text=ANSWER).exists()


def test_buttons_only_for_the_reviewer(org):
    checkin = f.submitted_checkin(org.report)
    CheckInPriority.objects.create(checkin=checkin, text="Finish the migration")
    detail = reverse("checkins:checkin_detail", args=[checkin.pk])
    page = client_for(org.manager.user).get(detail).content.decode()
    assert page.count(BUTTON) == 2 and 'value="Finish the migration"' in page
    assert BUTTON not in client_for(org.report.user).get(detail).content.decode()
    assert client_for(org.hr.user).get(detail).status_code == 404


@budget("checkins:checkin_detail")
def test_checkin_page_queries_stay_flat(org):
    checkin = f.submitted_checkin(org.report)
    client = client_for(org.manager.user)

    def grow(n):
        start = checkin.priorities.count()
        CheckInPriority.objects.bulk_create(
            CheckInPriority(checkin=checkin, text=f"Priority {start + i}", order=start + i) for i in range(n)
        )
        checkin.answers += [{"question": f"Q{i}", "answer": f"A{i}"} for i in range(n)]
        checkin.save()

    detail = reverse("checkins:checkin_detail", args=[checkin.pk])
    # session, user, employee, the check-in with its author, its priorities (which grow, each with its
    # talking-point button), comments and reactions, the goal updates recorded from it (visible ones),
    # the unread badge
    assert_flat_queries(lambda: client.get(detail), grow, queries=9)
    assert client.get(detail).content.decode().count(BUTTON) == 1 + 2 * 50


# API -------------------------------------------------------------------------------------------


def _post(user, checkin: CheckIn, text: str = ANSWER):
    return client_for(user).post(
        f"/api/v1/check-ins/{checkin.pk}/talking-points",
        json.dumps({"text": text}),
        content_type="application/json",
    )


def test_api_adds_a_talking_point(org):
    series = make_series(org.manager, org.report)
    checkin = f.submitted_checkin(org.report)
    response = _post(org.manager.user, checkin)
    assert response.status_code == 201
    body = response.json()
    assert body["meeting_id"] == upcoming(series).pk and body["text"] == ANSWER
    assert _post(org.manager.user, checkin).json()["id"] == body["id"]


def test_api_errors(org):
    checkin = f.submitted_checkin(org.report)
    no_series = _post(org.manager.user, checkin)
    assert no_series.status_code == 422 and "no 1:1 series" in no_series.json()["errors"]["__all__"][0]
    make_series(org.manager, org.report)
    assert _post(org.manager.user, checkin, text="  ").status_code == 422
    assert _post(org.report.user, checkin).status_code == 403
    assert _post(org.report2.user, checkin).status_code == 404
    assert _post(org.hr.user, checkin).status_code == 404
    assert _post(None, checkin).status_code == 401
