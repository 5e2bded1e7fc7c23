import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cadence.core.models import User
from cadence.core.testing import assert_flat_queries, budget, client_for, form_data
from cadence.meetings import calendar_feed, services
from cadence.meetings.agenda_templates import agenda_template_create
from cadence.meetings.models import AgendaTemplate, Meeting, PrivateNote, Series, TalkingPoint
from cadence.meetings.services import meeting_url
from cadence.people.testing import EmployeeFactory

from .factories import NOTE_SECRET, add_history, make_series, upcoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(org):
    return make_series(org.manager, org.report, past=3)


def _user(org, who):
    return {"loner": org.loner, "anonymous": None}.get(who) or getattr(org, who).user


def _status(user, url, **kwargs):
    return client_for(user).get(url, **kwargs).status_code


SERIES_PAGE = {"manager": 200, "report": 200, "ceo": 200, "hr": 200, "report2": 404, "loner": 404}
MEETING_PAGE = {"manager": 200, "report": 200, "ceo": 404, "hr": 404, "report2": 404, "loner": 404}


@pytest.mark.parametrize("who", SERIES_PAGE)
def test_page_permissions_per_role(org, series, who):
    user = _user(org, who)
    meeting = upcoming(series)
    assert _status(user, reverse("meetings:mine")) == 200
    assert _status(user, reverse("meetings:series", args=[series.pk])) == SERIES_PAGE[who]
    assert _status(user, reverse("meetings:meeting", args=[meeting.pk])) == MEETING_PAGE[who]
    assert _status(user, reverse("meetings:meeting_ics", args=[meeting.pk])) == MEETING_PAGE[who]


def test_anonymous_is_sent_to_login(series):
    for url in (
        reverse("meetings:mine"),
        reverse("meetings:series", args=[series.pk]),
        reverse("meetings:team"),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_chain_sees_dates_but_no_agenda_on_the_series_page(org, series):
    body = client_for(org.ceo.user).get(reverse("meetings:series", args=[series.pk])).content.decode()
    assert "its dates and cadence, not its agenda" in body
    assert "Item " not in body and reverse("meetings:meeting", args=[upcoming(series).pk]) not in body


def _django_admin_user() -> User:
    return User.objects.create_superuser("root@example.com", "correct-horse-battery")


@pytest.mark.parametrize("who", ["report", "ceo", "hr", "report2", "loner", "superuser"])
def test_private_notes_are_invisible_to_every_other_role_everywhere(org, series, who):
    """The manager wrote notes on every meeting. Nobody else finds them in any page, export or the admin."""
    user = _django_admin_user() if who == "superuser" else _user(org, who)
    client = client_for(user)
    calendar_feed.calendar_feed_regenerate(actor=org.manager.user)  # the manager's own feed exists too
    urls = [reverse("meetings:mine"), reverse("meetings:series", args=[series.pk]), reverse("meetings:team")]
    for meeting in series.meetings.all():
        urls += [
            reverse("meetings:meeting", args=[meeting.pk]),
            reverse("meetings:meeting_ics", args=[meeting.pk]),
        ]
    urls += [reverse("admin_hub"), reverse("audit_log"), "/django-admin/", "/home/"]
    urls += [f"/django-admin/meetings/{m}/" for m in ("series", "meeting", "agendatemplate")]
    urls += [
        f"/django-admin/meetings/meeting/{upcoming(series).pk}/change/",
        "/django-admin/meetings/privatenote/",
    ]
    if who not in ("loner", "superuser"):
        raw = calendar_feed.calendar_feed_regenerate(actor=user)
        urls.append(reverse("meetings:feed", args=[raw]))
    for url in urls:
        response = client.get(url)
        assert NOTE_SECRET.encode() not in response.content, url
    assert client.get("/django-admin/meetings/privatenote/").status_code in (302, 404)


def test_the_author_sees_their_note_on_the_page(org, series):
    meeting = series.meetings.filter(status=Meeting.Status.COMPLETED).first()
    body = client_for(org.manager.user).get(reverse("meetings:meeting", args=[meeting.pk])).content
    assert NOTE_SECRET.encode() in body
    assert (
        NOTE_SECRET.encode()
        not in client_for(org.report.user).get(reverse("meetings:meeting", args=[meeting.pk])).content
    )


def test_meeting_ics_is_valid_rfc5545(org, series):
    meeting = upcoming(series)
    response = client_for(org.report.user).get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert event.decoded("DTSTART") == meeting.scheduled_at
    assert event.decoded("DTEND") == meeting.scheduled_at + datetime.timedelta(
        minutes=meeting.duration_minutes
    )
    assert "Mona Manager" in str(event["SUMMARY"]) and "Rita Report" in str(event["SUMMARY"])
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_meeting_ics_is_an_invitation_from_the_manager_to_both(org, series):
    event = _ics_event(org.report.user, upcoming(series), "testserver")
    assert str(event["ORGANIZER"]) == f"mailto:{org.manager.email}"
    assert event["ORGANIZER"].params["CN"] == org.manager.full_name
    attendees = {str(a): (a.params["CN"], a.params["ROLE"]) for a in event["ATTENDEE"]}
    assert attendees == {
        f"mailto:{org.manager.email}": (org.manager.full_name, "CHAIR"),
        f"mailto:{org.report.email}": (org.report.full_name, "REQ-PARTICIPANT"),
    }


def _ics_event(user, meeting, host):
    response = client_for(user).get(reverse("meetings:meeting_ics", args=[meeting.pk]), HTTP_HOST=host)
    return Calendar.from_ical(response.content).walk("VEVENT")[0]


def test_ics_links_use_the_served_address_without_a_base_url(org, series, settings):
    settings.BASE_URL_SET = False
    settings.ALLOWED_HOSTS = ["cadence.internal"]
    meeting = upcoming(series)
    event = _ics_event(org.report.user, meeting, "cadence.internal:8080")
    link = f"http://cadence.internal:8080{meeting_url(meeting)}"
    assert str(event["URL"]) == link
    assert link in str(event["DESCRIPTION"])


def test_ics_links_and_uids_use_the_base_url_when_it_is_set(org, series, settings):
    settings.BASE_URL, settings.BASE_URL_SET = "https://cadence.example", True
    settings.ALLOWED_HOSTS = ["cadence.internal"]
    meeting = upcoming(series)
    event = _ics_event(org.report.user, meeting, "cadence.internal:8080")
    assert str(event["URL"]) == f"https://cadence.example{meeting_url(meeting)}"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@cadence.example"


def test_the_calendar_feed_address_uses_the_base_url_when_it_is_set(org, settings):
    settings.BASE_URL, settings.BASE_URL_SET = "https://cadence.example", True
    client = client_for(org.manager.user)
    client.post(reverse("meetings:feed_regenerate"))
    page = client.get(reverse("meetings:mine")).content.decode()
    url = _feed_url(page)
    assert url.startswith("https://cadence.example/one-on-ones/calendar/")
    # Calendar apps subscribe through webcal://, and a copy button sits next to the address.
    assert f'href="webcal://{url.removeprefix("https://")}" data-testid="feed-webcal"' in page
    assert 'data-copy="feed-url"' in page


def _feed_url(page: str) -> str:
    return page.split('data-testid="feed-url" value="')[1].split('"')[0]


def test_calendar_feed_needs_only_the_token_and_can_be_revoked(org, series):
    client = client_for(org.manager.user)
    client.post(reverse("meetings:feed_regenerate"))
    page = client.get(reverse("meetings:mine")).content.decode()
    url = _feed_url(page)
    anonymous = client_for(None)
    feed = anonymous.get(url)
    assert feed.status_code == 200
    uids = {str(e["UID"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert len(uids) == series.meetings.count()
    assert anonymous.get(url.replace("calendar/", "calendar/x")).status_code == 404
    client.post(reverse("meetings:feed_revoke"))
    assert anonymous.get(url).status_code == 404
    # The URL is shown once; afterwards the page only says a feed exists.
    assert 'data-testid="feed-url"' not in client.get(reverse("meetings:mine")).content.decode()


def test_set_up_a_series_from_the_page(org):
    client = client_for(org.manager.user)
    assert client.get(reverse("meetings:series_new")).status_code == 200
    when = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        reverse("meetings:series_new"),
        {"person": org.report2.pk, "cadence": "weekly", "duration_minutes": 45, "first_meeting_at": when},
    )
    series = Series.objects.get()
    assert response.status_code == 302 and (series.manager, series.employee) == (org.manager, org.report2)


def test_series_form_shows_errors_next_to_fields(org):
    response = client_for(org.manager.user).post(
        reverse("meetings:series_new"),
        {"person": org.other.pk, "duration_minutes": 1, "first_meeting_at": "soon"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"person", "duration_minutes", "first_meeting_at", "cadence"} <= set(errors)
    assert not Series.objects.exists()


def test_agenda_works_without_javascript(org, series):
    meeting = upcoming(series)
    client = client_for(org.report.user)
    url = reverse("meetings:point_add", args=[meeting.pk])
    services.talking_point_add(actor=org.manager.user, meeting=meeting, text="Quarter goals")
    response = client.post(url, {"text": "Promotion timeline"})
    assert response.status_code == 302 and response["Location"].endswith("#agenda")
    point = TalkingPoint.objects.get(text="Promotion timeline")
    client.post(reverse("meetings:point_move", args=[point.pk, "up"]))
    client.post(
        reverse("meetings:point_discussed", args=[point.pk]), {"discussed": "1", "version": point.version}
    )
    point.refresh_from_db()
    assert point.discussed and point.position < meeting.talking_points.count()
    assert client.post(url, {"text": ""}).status_code == 302  # an error message, no 500


def test_agenda_with_htmx_returns_the_partial_with_field_errors(org, series):
    meeting = upcoming(series)
    response = client_for(org.report.user).post(
        reverse("meetings:point_add", args=[meeting.pk]), {"text": "x" * 501}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'id="agenda"' in response.content and b"errorlist" in response.content


def test_complete_meeting_from_the_page_goes_to_the_next_one(org, series):
    meeting = upcoming(series)
    response = client_for(org.manager.user).post(reverse("meetings:meeting_complete", args=[meeting.pk]))
    nxt = upcoming(series)
    assert nxt.pk != meeting.pk and response["Location"] == reverse("meetings:meeting", args=[nxt.pk])


def test_non_participants_cannot_post(org, series):
    meeting = upcoming(series)
    for user in (org.ceo.user, org.hr.user, org.report2.user):
        client = client_for(user)
        assert client.post(reverse("meetings:point_add", args=[meeting.pk]), {"text": "x"}).status_code == 404
        assert client.post(reverse("meetings:note_save", args=[meeting.pk]), {"text": "x"}).status_code == 404
        assert client.post(reverse("meetings:meeting_complete", args=[meeting.pk])).status_code == 404
    assert client_for(org.ceo.user).post(reverse("meetings:series_end", args=[series.pk])).status_code == 404
    assert not PrivateNote.objects.filter(author__in=[org.ceo, org.hr]).exists()


def test_team_overview_flags_overdue_and_missing_1_1s(org):
    fresh = make_series(org.manager, org.report, past=1)
    Meeting.objects.filter(series=fresh, status=Meeting.Status.COMPLETED).update(
        scheduled_at=timezone.now() - datetime.timedelta(days=30)
    )
    response = client_for(org.manager.user).get(reverse("meetings:team"))
    rows = {r.person.pk: r for r in response.context["rows"]}
    assert rows[org.report.pk].overdue is True
    assert rows[org.report2.pk].series is None
    assert b"No 1:1 set up" in response.content
    assert client_for(org.ceo.user).get(reverse("meetings:team") + "?scope=all").status_code == 200


def test_templates_page(org):
    client = client_for(org.manager.user)
    response = client.post(reverse("meetings:templates"), {"name": "", "points": ""})
    assert {"name", "points"} <= set(response.context["form"].errors)
    assert (
        client.post(reverse("meetings:templates"), {"name": "Quick", "points": "Wins\nBlockers"}).status_code
        == 302
    )
    assert b"Blockers" in client.get(reverse("meetings:templates")).content


@pytest.fixture
def personal(org):
    return agenda_template_create(actor=org.manager.user, name="Mine", points=["Wins", "Blockers"])


@pytest.fixture
def shared(org):
    return agenda_template_create(actor=org.hr.user, name="Company", points=["Goals"], shared=True)


TEMPLATE_EDIT = {
    # (personal template of the manager, shared template)
    "manager": (200, 404),
    "hr": (404, 200),
    "report": (404, 404),
    "ceo": (404, 404),
    "loner": (404, 404),
}


@pytest.mark.parametrize("who", TEMPLATE_EDIT)
def test_template_edit_and_delete_permissions_per_role(org, personal, shared, who):
    client = client_for(_user(org, who))
    for template, expected in zip((personal, shared), TEMPLATE_EDIT[who], strict=True):
        assert client.get(reverse("meetings:template_edit", args=[template.pk])).status_code == expected
        if expected == 404:
            url = reverse("meetings:template_delete", args=[template.pk])
            assert client.post(url).status_code == 404
            assert AgendaTemplate.objects.filter(pk=template.pk).exists()
    anonymous = client_for(None).get(reverse("meetings:template_edit", args=[personal.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_templates_page_offers_edit_only_where_allowed(org, personal, shared):
    def edit_links(user):
        body = client_for(user).get(reverse("meetings:templates")).content.decode()
        return {t.pk for t in (personal, shared) if reverse("meetings:template_edit", args=[t.pk]) in body}

    assert edit_links(org.manager.user) == {personal.pk}
    assert edit_links(org.hr.user) == {shared.pk}
    assert edit_links(org.report.user) == set()


def test_edit_a_template_from_the_page(org, personal):
    client = client_for(org.manager.user)
    url = reverse("meetings:template_edit", args=[personal.pk])
    assert "Wins\nBlockers" in client.get(url).content.decode()  # the points, one per line
    version = personal.version
    response = client.post(url, {"name": "", "points": "  \n", "version": version})
    assert response.status_code == 200
    assert {"name", "points"} <= set(response.context["form"].errors)
    assert b"errorlist" in response.content
    too_many = "\n".join(f"p{i}" for i in range(21))
    response = client.post(url, {"name": "Long", "points": too_many, "version": version})
    assert "points" in response.context["form"].errors  # the model's rule, shown next to the field
    response = client.post(url, {"name": "Weekly", "points": "Wins\nLearning", "version": version})
    assert response.status_code == 302 and response["Location"] == reverse("meetings:templates")
    personal.refresh_from_db()
    assert (personal.name, personal.points) == ("Weekly", ["Wins", "Learning"])


def test_delete_a_template_from_the_page(org, personal):
    client = client_for(org.manager.user)
    assert client.get(reverse("meetings:template_delete", args=[personal.pk])).status_code == 405
    response = client.post(reverse("meetings:template_delete", args=[personal.pk]))
    assert response.status_code == 302 and not AgendaTemplate.objects.exists()
    assert client.get(reverse("meetings:template_edit", args=[personal.pk])).status_code == 404


def test_reorder_endpoint_saves_the_order_and_returns_the_agenda(org, series):
    meeting = upcoming(series)
    a, b, c = (services.talking_point_add(actor=org.report.user, meeting=meeting, text=t) for t in "abc")
    client = client_for(org.manager.user)
    url = reverse("meetings:point_reorder", args=[meeting.pk])
    before = list(meeting.talking_points.order_by("position", "id").values_list("pk", flat=True))
    response = client.post(url, {"order": [c.pk, a.pk, b.pk], "previous": before}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b'id="agenda"' in response.content
    assert [p.text for p in meeting.talking_points.order_by("position")] == ["c", "a", "b"]
    assert (
        client.post(
            url, {"order": [c.pk], "previous": [c.pk, a.pk, b.pk]}, HTTP_HX_REQUEST="true"
        ).status_code
        == 200
    )  # incomplete: no change
    assert [p.text for p in meeting.talking_points.order_by("position")] == ["c", "a", "b"]
    assert client_for(org.ceo.user).post(url, {"order": [a.pk, b.pk, c.pk]}).status_code == 404


def test_meeting_page_loads_the_drag_script_for_participants_only_when_editable(org, series):
    meeting = upcoming(series)
    services.talking_point_add(actor=org.report.user, meeting=meeting, text="Pay review")
    body = client_for(org.report.user).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "meetings/agenda.js" in body and 'data-reorder-url="' in body and 'draggable="true"' in body
    services.series_end(actor=org.report.user, series=series)
    past = series.meetings.filter(status=Meeting.Status.COMPLETED).first()
    body = client_for(org.report.user).get(reverse("meetings:meeting", args=[past.pk])).content.decode()
    assert "meetings/agenda.js" not in body and "draggable" not in body


# --- Query budgets: pages do not grow with data -------------------------------------------------


@budget("meetings:meeting")
def test_meeting_page_query_budget(org, series):
    meeting = upcoming(series)
    client = client_for(org.manager.user)

    def grow(n):
        add_history(series, n)  # earlier meetings with open action items that carry over
        TalkingPoint.objects.bulk_create(
            TalkingPoint(meeting=meeting, author=org.report, text=f"p{i}") for i in range(n)
        )

    # session, user, employee, the meeting with its series and both people, the series' open action
    # items, the talking points, the actor's private note, the shared note, the feedback both may
    # read and the protection setting, the goals both may see (to link), the previous meeting and
    # the next one, the unread badge (with linked points: test_agenda_links)
    assert_flat_queries(lambda: client.get(reverse("meetings:meeting", args=[meeting.pk])), grow, queries=14)


@budget("meetings:series")
def test_series_page_with_200_meetings_query_budget(org, series):
    client = client_for(org.manager.user)
    # session, user, employee, the series with both people, the meetings' count, the open action
    # items, the unread badge, the meetings' page, the agenda templates (to switch to)
    assert_flat_queries(
        lambda: client.get(reverse("meetings:series", args=[series.pk])),
        lambda n: add_history(series, n),
        queries=9,
    )
    add_history(series, 150)
    assert series.meetings.count() > 200
    assert client.get(reverse("meetings:series", args=[series.pk])).status_code == 200


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # session, user, employee, their series, the upcoming meetings, the open action items, whether
        # they have a calendar feed, whether they manage anyone, the unread badge
        pytest.param("meetings:mine", 9, marks=budget("meetings:mine")),
        # session, user, employee, the reports' count and page, their series, the unread badge
        pytest.param("meetings:team", 7, marks=budget("meetings:team")),
    ],
)
def test_mine_and_team_pages_query_budget(org, page, queries):
    """One page per test: the team page shows 50 reports a page, so 50 more after 50 would not show."""
    client = client_for(org.manager.user)

    def grow(n):
        for person in (EmployeeFactory(manager=org.manager) for _ in range(n)):
            make_series(org.manager, person, past=2)

    assert_flat_queries(lambda: client.get(reverse(page)), grow, queries=queries)


@budget("meetings:feed")
def test_feed_query_budget(org, series):
    raw = calendar_feed.calendar_feed_regenerate(actor=org.manager.user)
    client = client_for(None)

    def grow(n):  # a manager with more reports, each with a meeting tomorrow (in the feed's window)
        for _ in range(n):
            make_series(org.manager, EmployeeFactory(manager=org.manager))

    # no session: the feed by its token's hash with its owner, their employee record, the meetings
    # with their series and both people
    assert_flat_queries(lambda: client.get(reverse("meetings:feed", args=[raw])), grow, queries=3)


@budget("meetings:templates", "meetings:template_edit")
def test_template_pages_query_budget(org, personal):
    client = client_for(org.manager.user)

    def grow(n):
        AgendaTemplate.objects.bulk_create(
            AgendaTemplate(name=f"T{i}", points=["a", "b"], owner=org.manager if i % 2 else None)
            for i in range(n)
        )

    # session, user, employee, the shared templates and their own, the unread badge
    assert_flat_queries(lambda: client.get(reverse("meetings:templates")), grow, queries=5)
    edit = reverse("meetings:template_edit", args=[personal.pk])
    # session, user, employee, the template (if theirs or shared), the unread badge
    assert_flat_queries(lambda: client.get(edit), grow, queries=5, shows_rows=False)


def test_a_stale_series_form_shows_what_the_other_person_changed(org):
    """Through core.forms.form_submit: the manager's form was opened before the report changed the
    cadence. Saving a new length is refused; the length typed stays, the cadence shows theirs."""
    series = make_series(org.manager, org.report)
    client = client_for(org.manager.user)
    url = reverse("meetings:series", args=[series.pk])
    data = form_data(client.get(url).context["edit_form"])
    services.series_update(actor=org.report.user, series=series, version=series.version, cadence="monthly")
    page = client.post(url, {**data, "duration_minutes": "45"})
    form = page.context["edit_form"]
    assert page.status_code == 200 and form["duration_minutes"].value() == "45"
    assert form["cadence"].value() == "monthly" and not form.changed_meanwhile["cadence"].kept_yours
    assert "Changed meanwhile to: <strong>Monthly</strong>" in page.content.decode()
    assert Series.objects.get(pk=series.pk).duration_minutes == 30
    assert client.post(url, form_data(form)).status_code == 302
    saved = Series.objects.get(pk=series.pk)
    assert (saved.cadence, saved.duration_minutes) == ("monthly", 45)


def test_a_stale_done_button_says_so_and_shows_the_item_as_saved(org):
    from cadence.meetings.action_items import action_item_add, action_item_update
    from cadence.meetings.models import ActionItem

    meeting = upcoming(make_series(org.manager, org.report))
    item = action_item_add(actor=org.manager.user, meeting=meeting, title="Book", owner=org.report)
    shown = item.version  # the version on the manager's page
    action_item_update(actor=org.report.user, item=item, version=shown, title="Book a course")
    answer = client_for(org.manager.user).post(
        reverse("meetings:item_done", args=[item.pk]),
        {"done": "1", "version": shown, "meeting": meeting.pk},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert answer.status_code == 200 and "Someone else changed this while you were editing it" in html
    assert "Book a course" in html and not ActionItem.objects.get(pk=item.pk).is_done


def test_a_stale_reschedule_keeps_the_typed_date_and_shows_the_saved_one(org):
    meeting = upcoming(make_series(org.manager, org.report))
    client = client_for(org.manager.user)
    data = form_data(client.get(reverse("meetings:meeting", args=[meeting.pk])).context["schedule_form"])
    moved = timezone.localtime(meeting.scheduled_at) + datetime.timedelta(days=1)
    services.meeting_reschedule(
        actor=org.report.user, meeting=meeting, version=meeting.version, scheduled_at=moved
    )
    typed = (moved + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("meetings:meeting_reschedule", args=[meeting.pk]), {**data, "scheduled_at": typed}
    )
    assert page.status_code == 409 and page.context["schedule_form"]["scheduled_at"].value() == typed
    assert "Changed meanwhile to:" in page.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).scheduled_at == moved
