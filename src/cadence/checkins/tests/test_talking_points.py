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


def _add(check_in: CheckIn, actor, text: str = ANSWER) -> TalkingPoint:
    return services.checkin_item_to_talking_point(actor=actor.user, check_in=check_in, text=text)


def _url(check_in: CheckIn) -> str:
    return reverse("checkins:checkin_talking_point", args=[check_in.pk])


def test_manager_adds_an_answer_to_the_next_meeting(org):
    series = make_series(org.manager, org.report, past=2)
    check_in = f.submitted_check_in(org.report)
    point = _add(check_in, org.manager)
    assert point.meeting == upcoming(series)
    assert point.author == org.manager and point.text == ANSWER


def test_adding_twice_keeps_one_point(org):
    series = make_series(org.manager, org.report)
    check_in = f.submitted_check_in(org.report)
    first = _add(check_in, org.manager)
    again = _add(check_in, org.manager, text=f"  {ANSWER}\n")
    assert again.pk == first.pk
    assert upcoming(series).talking_points.filter(text=ANSWER).count() == 1


def test_without_a_series_the_error_says_what_to_do_and_nothing_is_written(org):
    check_in = f.submitted_check_in(org.report)
    with pytest.raises(ValidationError) as exc:
        _add(check_in, org.manager)
    assert exc.value.messages == [
        f"You have no 1:1 series with {org.report.first_name} yet. Set one up on the 1:1s page."
    ]
    assert not TalkingPoint.objects.exists() and not Meeting.objects.exists()


def test_ended_series_does_not_count(org):
    series = make_series(org.manager, org.report)
    series.ended_at = timezone.now()
    series.save()
    with pytest.raises(ValidationError, match="no 1:1 series"):
        _add(f.submitted_check_in(org.report), org.manager)


def test_a_series_without_an_open_meeting_gets_its_next_one(org):
    """A recurring series whose last meeting was held gets its next meeting created."""
    series = make_series(org.manager, org.report, past=1)
    upcoming(series).delete()
    point = _add(f.submitted_check_in(org.report), org.manager)
    assert point.meeting.status == Meeting.Status.SCHEDULED
    assert point.meeting.scheduled_at > timezone.now() - datetime.timedelta(days=1)


def test_a_finished_one_off_asks_for_a_meeting(org):
    series = make_series(org.manager, org.report, past=1, cadence="once")
    upcoming(series).delete()
    with pytest.raises(ValidationError) as exc:
        _add(f.submitted_check_in(org.report), org.manager)
    assert exc.value.messages == [
        f"Your 1:1 with {org.report.first_name} has no upcoming meeting. Schedule one on the 1:1s page."
    ]


def test_long_text_is_cut_to_the_talking_point_limit(org):
    make_series(org.manager, org.report)
    long = "word " * 300
    point = _add(f.submitted_check_in(org.report), org.manager, text=long)
    assert len(point.text) <= 500 and point.text.endswith("word…")
    assert services.talking_point_text("line one\n\nline two") == "line one line two"


@pytest.mark.parametrize("who", ["report", "report2"])
def test_author_and_peer_cannot(org, who):
    make_series(org.manager, org.report)
    make_series(org.report2, org.report)
    with pytest.raises(PermissionDenied):
        _add(f.submitted_check_in(org.report), getattr(org, who))
    assert not TalkingPoint.objects.filter(text=ANSWER).exists()


def test_only_submitted_check_ins(org):
    make_series(org.manager, org.report)
    check_in = f.submitted_check_in(org.report)
    check_in.status = CheckIn.Status.DUE
    check_in.save()
    with pytest.raises(ValidationError):
        _add(check_in, org.manager)


# Pages -----------------------------------------------------------------------------------------


def test_button_posts_and_links_to_the_meeting(org):
    series = make_series(org.manager, org.report)
    check_in = f.submitted_check_in(org.report)
    client = client_for(org.manager.user)
    response = client.post(_url(check_in), {"text": ANSWER}, follow=True)
    meeting = upcoming(series)
    assert response.redirect_chain[-1][0] == reverse("checkins:checkin_detail", args=[check_in.pk])
    assert meeting.talking_points.filter(text=ANSWER, author=org.manager).exists()
    assert f'href="{reverse("meetings:meeting", args=[meeting.pk])}"' in response.content.decode()


def test_button_without_a_series_shows_the_error(org):
    check_in = f.submitted_check_in(org.report)
    response = client_for(org.manager.user).post(_url(check_in), {"text": ANSWER}, follow=True)
    assert "You have no 1:1 series with Rita yet" in response.content.decode()
    assert not TalkingPoint.objects.exists()


def test_others_get_404(org):
    make_series(org.manager, org.report)
    check_in = f.submitted_check_in(org.report)
    for person in (org.report, org.report2, org.hr):
        assert client_for(person.user).post(_url(check_in), {"text": ANSWER}).status_code == 404
    assert client_for(org.loner).post(_url(check_in), {"text": ANSWER}).status_code == 404
    assert client_for(None).post(_url(check_in), {"text": ANSWER}).status_code == 302
    assert client_for(org.manager.user).get(_url(check_in)).status_code == 405
    assert not TalkingPoint.objects.filter(text=ANSWER).exists()


def test_buttons_only_for_the_reviewer(org):
    check_in = f.submitted_check_in(org.report)
    CheckInPriority.objects.create(check_in=check_in, text="Finish the migration")
    detail = reverse("checkins:checkin_detail", args=[check_in.pk])
    page = client_for(org.manager.user).get(detail).content.decode()
    assert page.count(BUTTON) == 2 and 'value="Finish the migration"' in page
    assert BUTTON not in client_for(org.report.user).get(detail).content.decode()
    assert client_for(org.hr.user).get(detail).status_code == 404


@budget("checkins:checkin_detail")
def test_check_in_page_queries_stay_flat(org):
    check_in = f.submitted_check_in(org.report)
    client = client_for(org.manager.user)

    def grow(n):
        start = check_in.priorities.count()
        CheckInPriority.objects.bulk_create(
            CheckInPriority(check_in=check_in, text=f"Priority {start + i}", order=start + i)
            for i in range(n)
        )
        check_in.answers += [{"question": f"Q{i}", "answer": f"A{i}"} for i in range(n)]
        check_in.save()

    detail = reverse("checkins:checkin_detail", args=[check_in.pk])
    # session, user, employee, the check-in with its author, its priorities (which grow, each with its
    # talking-point button), comments and reactions, the unread badge
    assert_flat_queries(lambda: client.get(detail), grow, queries=8)
    assert client.get(detail).content.decode().count(BUTTON) == 1 + 2 * 50


# API -------------------------------------------------------------------------------------------


def _post(user, check_in: CheckIn, text: str = ANSWER):
    return client_for(user).post(
        f"/api/v1/check-ins/{check_in.pk}/talking-points",
        json.dumps({"text": text}),
        content_type="application/json",
    )


def test_api_adds_a_talking_point(org):
    series = make_series(org.manager, org.report)
    check_in = f.submitted_check_in(org.report)
    response = _post(org.manager.user, check_in)
    assert response.status_code == 201
    body = response.json()
    assert body["meeting_id"] == upcoming(series).pk and body["text"] == ANSWER
    assert _post(org.manager.user, check_in).json()["id"] == body["id"]


def test_api_errors(org):
    check_in = f.submitted_check_in(org.report)
    no_series = _post(org.manager.user, check_in)
    assert no_series.status_code == 422 and "no 1:1 series" in no_series.json()["errors"]["__all__"][0]
    make_series(org.manager, org.report)
    assert _post(org.manager.user, check_in, text="  ").status_code == 422
    assert _post(org.report.user, check_in).status_code == 403
    assert _post(org.report2.user, check_in).status_code == 404
    assert _post(org.hr.user, check_in).status_code == 404
    assert _post(None, check_in).status_code == 401
