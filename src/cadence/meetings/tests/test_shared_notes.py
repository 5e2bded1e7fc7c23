"""Shared notes per meeting: both participants read and edit them, from the version they saw;
nobody else (the manager's manager, HR, a colleague) finds them anywhere."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cadence.core.errors import Conflict
from cadence.core.testing import assert_flat_queries, budget, client_for, form_data
from cadence.meetings import calendar_feed, services
from cadence.meetings.models import SharedNote
from cadence.meetings.shared_notes import shared_note_save

from .factories import make_series, upcoming

pytestmark = pytest.mark.django_db

SECRET = "shared-notes-secret-zq"
API = "/api/v1"


@pytest.fixture
def series(org):
    return make_series(org.manager, org.report, past=2)


@pytest.fixture
def meeting(series):
    return upcoming(series)


def _save(org, meeting, text, *, who="report", version=None):
    if version is None:
        version = SharedNote.objects.filter(meeting=meeting).values_list("version", flat=True).first() or 1
    return shared_note_save(actor=getattr(org, who).user, meeting=meeting, version=version, text=text)


# --- service -----------------------------------------------------------------------------------


def test_both_participants_write_the_same_notes_each_from_the_version_they_saw(org, meeting):
    note = _save(org, meeting, "We agreed on **Friday**.")
    assert (note.version, note.edited_by) == (2, org.report)
    note = _save(org, meeting, "We agreed on **Friday**. And lunch.", who="manager")
    assert (note.version, note.edited_by, SharedNote.objects.count()) == (3, org.manager, 1)


def test_a_stale_save_is_refused_with_what_is_saved_and_writes_nothing(org, meeting):
    _save(org, meeting, "First words", version=1)
    with pytest.raises(Conflict) as exc:
        _save(org, meeting, "Other words", who="manager", version=1)
    assert exc.value.current == {"text": "First words"} and exc.value.version == 2
    assert SharedNote.objects.get().text == "First words"


def test_no_version_is_invalid_and_no_change_keeps_the_version(org, meeting):
    with pytest.raises(ValidationError):
        shared_note_save(actor=org.report.user, meeting=meeting, version=None, text="x")
    _save(org, meeting, "Same")
    assert _save(org, meeting, "  Same \n").version == 2


@pytest.mark.parametrize("who", ["ceo", "hr", "report2", "subreport"])
def test_only_the_participants_may_save(org, meeting, who):
    with pytest.raises(PermissionDenied):
        shared_note_save(actor=getattr(org, who).user, meeting=meeting, version=1, text=SECRET)
    assert not SharedNote.objects.exists()


def test_too_long_notes_are_refused(org, meeting):
    with pytest.raises(ValidationError) as exc:
        _save(org, meeting, "x" * 20001)
    assert "text" in exc.value.message_dict
    assert len(_save(org, meeting, "x" * 20000).text) == 20000  # the limit itself is fine


# --- page ----------------------------------------------------------------------------------------


def _page(user, meeting):
    return client_for(user).get(reverse("meetings:meeting", args=[meeting.pk]))


def test_the_page_shows_the_notes_as_sanitised_markdown(org, meeting):
    _save(org, meeting, "**Agreed**\n\n- one\n- two\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    body = _page(org.manager.user, meeting).content.decode()
    assert "<strong>Agreed</strong>" in body and "<li>one</li>" in body
    assert "<script>alert(1)" not in body and 'href="javascript:' not in body
    assert "Last edited by Rita Report" in body


def test_save_from_the_page_without_javascript(org, meeting):
    client = client_for(org.manager.user)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk]))
    data = form_data(page.context["shared_form"]) | {"shared-text": "Next steps: hire"}
    response = client.post(reverse("meetings:shared_note_save", args=[meeting.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#shared-notes")
    assert SharedNote.objects.get().text == "Next steps: hire"


def test_save_with_htmx_swaps_the_section_with_the_new_version(org, meeting):
    client = client_for(org.report.user)
    form = client.get(reverse("meetings:meeting", args=[meeting.pk])).context["shared_form"]
    url = reverse("meetings:shared_note_save", args=[meeting.pk])
    response = client.post(url, form_data(form) | {"shared-text": "Hello _there_"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<section class="card" id="shared-notes"')
    assert "<em>there</em>" in body and 'name="shared-version" value="2"' in body


def test_a_stale_page_save_keeps_the_typed_text_and_shows_the_other_one(org, meeting):
    client = client_for(org.manager.user)
    form = client.get(reverse("meetings:meeting", args=[meeting.pk])).context["shared_form"]
    _save(org, meeting, "Rita wrote this meanwhile")
    url = reverse("meetings:shared_note_save", args=[meeting.pk])
    response = client.post(url, form_data(form) | {"shared-text": "Mona typed this"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Mona typed this" in body and "Rita wrote this meanwhile" in body
    assert SharedNote.objects.get().text == "Rita wrote this meanwhile"
    htmx = client.post(url, form_data(form) | {"shared-text": "Mona typed this"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "Changed meanwhile" in htmx.content.decode()


@pytest.mark.parametrize("who", ["ceo", "hr", "report2", "loner"])
def test_nobody_else_posts_shared_notes(org, meeting, who):
    user = org.loner if who == "loner" else getattr(org, who).user
    url = reverse("meetings:shared_note_save", args=[meeting.pk])
    response = client_for(user).post(url, {"shared-text": SECRET, "shared-version": "1"})
    assert response.status_code == 404 and not SharedNote.objects.exists()


@pytest.mark.parametrize("who", ["ceo", "hr", "report2", "loner"])
def test_shared_notes_reach_nobody_but_the_two_participants(org, series, meeting, who):
    """The manager's manager (ceo), HR, a colleague and a login without a person find the notes in
    no page, API answer, calendar, notification, export or admin page."""
    _save(org, meeting, SECRET)
    services.talking_point_add(actor=org.manager.user, meeting=meeting, text="Something to notify")
    user = org.loner if who == "loner" else getattr(org, who).user
    client = client_for(user)
    urls = [
        reverse("meetings:mine"), reverse("meetings:series", args=[series.pk]), reverse("meetings:team"),
        reverse("meetings:meeting", args=[meeting.pk]), reverse("meetings:meeting_ics", args=[meeting.pk]),
        reverse("audit_log"), reverse("admin_hub"), "/home/", "/django-admin/",
        f"{API}/one-on-ones", f"{API}/one-on-ones/{series.pk}", f"{API}/meetings/{meeting.pk}",
        f"{API}/meetings/{meeting.pk}/shared-note", f"{API}/meetings/{meeting.pk}/talking-points",
        f"{API}/notifications",
    ]  # fmt: skip
    if who != "loner":
        urls.append(reverse("meetings:feed", args=[calendar_feed.calendar_feed_regenerate(actor=user)]))
    for url in urls:
        assert SECRET.encode() not in client.get(url).content, url
    assert client.get(f"{API}/meetings/{meeting.pk}/shared-note").status_code == 404
    assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 404


def test_the_other_participants_feed_and_calendar_file_carry_no_notes(org, meeting):
    _save(org, meeting, SECRET)
    client = client_for(org.report.user)
    raw = calendar_feed.calendar_feed_regenerate(actor=org.report.user)
    for url in (reverse("meetings:feed", args=[raw]), reverse("meetings:meeting_ics", args=[meeting.pk])):
        assert SECRET.encode() not in client.get(url).content


# --- API -------------------------------------------------------------------------------------


def test_api_reads_and_patches_with_the_version(org, meeting):
    client = client_for(org.report.user)
    url = f"{API}/meetings/{meeting.pk}/shared-note"
    first = client.get(url)
    assert first.json() | {"updated_at": None} == {
        "meeting_id": meeting.pk, "version": 1, "text": "", "html": "", "edited_by": None, "updated_at": None,
    }  # fmt: skip
    assert first["ETag"] == '"1"'
    saved = client.patch(url, {"text": "*Agreed*", "version": 1}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 2 and saved["ETag"] == '"2"'
    assert saved.json()["html"] == "<p><em>Agreed</em></p>\n"
    assert saved.json()["edited_by"]["id"] == org.report.pk
    stale = client_for(org.manager.user).patch(
        url, {"text": "Mine"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 409
    assert stale.json()["current"] == {"text": "*Agreed*"} and stale.json()["version"] == 2
    missing = client.patch(url, {"text": "x"}, content_type="application/json")
    assert missing.status_code == 422 and "version" in missing.json()["errors"]


@pytest.mark.parametrize("who", ["ceo", "hr", "report2"])
def test_api_answers_404_to_everyone_else(org, meeting, who):
    client = client_for(getattr(org, who).user)
    url = f"{API}/meetings/{meeting.pk}/shared-note"
    assert client.get(url).status_code == 404
    body = {"text": SECRET, "version": 1}
    assert client.patch(url, body, content_type="application/json").status_code == 404
    assert not SharedNote.objects.exists()


@budget("GET /api/v1/meetings/{meeting_id}/shared-note")
def test_shared_note_api_query_budget(org, series, meeting):
    _save(org, meeting, "Notes")
    client = client_for(org.report.user)

    def grow(n):  # a longer text and more meetings with notes of their own: still one note read
        for m in series.meetings.exclude(pk=meeting.pk)[:n]:
            _save(org, m, f"Other notes {m.pk}")
        _save(org, meeting, "Notes " + "and more " * 10 * n)

    # session, user, employee, the meeting with its series and both people, the note with its editor
    assert_flat_queries(lambda: client.get(f"{API}/meetings/{meeting.pk}/shared-note"), grow, queries=5)
