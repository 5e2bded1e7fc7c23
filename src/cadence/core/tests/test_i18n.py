"""German: each person chooses their language on the account page; pages, API errors, notifications
and emails follow it (notifications and emails in the recipient's, not the author's, language);
dates take the language's format. The catalogue itself is checked by tests/test_translations.py."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from cadence.core.i18n import date_deferred, gettext_deferred
from cadence.core.models import AuditEvent, User
from cadence.core.services import api_token_create, user_language_set
from cadence.core.testing import client_for
from cadence.goals import services as goal_services
from cadence.goals import smart
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.meetings import calendar_feed
from cadence.meetings.tests.factories import make_series, upcoming
from cadence.notifications.models import Notification
from cadence.notifications.services import notify
from cadence.people.testing import Org

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    """A request with Accept-Language: de leaves German active in the thread (LocaleMiddleware
    activates, nothing deactivates); later tests expect the default."""
    yield
    translation.activate("en")


def _speaks(user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


# --- the choice -------------------------------------------------------------------------------------


def test_the_account_page_saves_the_language_and_answers_in_it(org: Org) -> None:
    client = client_for(org.report.user)
    assert 'name="language"' in client.get(reverse("account")).content.decode()

    page = client.post(reverse("account_language"), {"language": "de"}, follow=True).content.decode()

    org.report.user.refresh_from_db()
    assert org.report.user.language == "de"
    assert "Sprache gespeichert." in page and "Ihr Konto" in page and '<html lang="de">' in page
    event = AuditEvent.objects.get(action="user.language")
    assert event.before == {"language": ""} and event.after == {"language": "de"}


def test_an_unknown_language_is_refused_and_nothing_changes(org: Org) -> None:
    client = client_for(org.report.user)
    page = client.post(reverse("account_language"), {"language": "xx"}, follow=True).content.decode()
    assert "Choose one of the languages offered." in page
    org.report.user.refresh_from_db()
    assert org.report.user.language == ""
    with pytest.raises(ValidationError):
        user_language_set(actor=org.report.user, user=org.report.user, language="fr")
    assert not AuditEvent.objects.filter(action="user.language").exists()


def test_nobody_chooses_the_language_of_someone_else(org: Org) -> None:
    with pytest.raises(PermissionDenied):
        user_language_set(actor=org.hr.user, user=org.report.user, language="de")
    org.report.user.refresh_from_db()
    assert org.report.user.language == ""


def test_without_a_choice_the_browser_decides_and_a_choice_wins_over_it(org: Org) -> None:
    login = client_for(None).get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Bei Cadence anmelden" in login
    undecided = client_for(org.report.user).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Was jetzt Ihre Aufmerksamkeit braucht." in undecided.content.decode()
    _speaks(org.report.user, "en")
    chosen = client_for(org.report.user).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")
    assert "What needs you now." in chosen.content.decode()


# --- pages ------------------------------------------------------------------------------------------


def test_a_german_user_sees_home_goals_and_one_on_ones_in_german(org: Org) -> None:
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report, title="Ship the mobile app")
    series = make_series(org.manager, org.report)
    meeting = upcoming(series)
    german = client_for(_speaks(org.report.user, "de"))
    english = client_for(org.report2.user)

    home = german.get(reverse("home")).content.decode()
    assert "Was jetzt Ihre Aufmerksamkeit braucht." in home and "Zu erledigen" in home
    assert "What needs you now." in english.get(reverse("home")).content.decode()
    goals = german.get(reverse("goals:mine")).content.decode()
    assert "Meine Ziele" in goals and "Ship the mobile app" in goals
    detail = german.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "Schlüsselergebnisse und Check-ins" in detail
    # The objective's wording suggests a milestone key result, named in German.
    assert "Ausliefern: Meilensteine vom Entwurf bis zum Start" in detail
    one_on_ones = german.get(reverse("meetings:mine")).content.decode()
    assert "Meine 1:1-Reihen" in one_on_ones and "Anstehend" in one_on_ones
    page = german.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    with translation.override("de"):  # the heading reads like "Freitag, 4. Dezember 2026, 10:00"
        heading = date_format(timezone.localtime(meeting.scheduled_at), "l, j. F Y, H:i")
    assert heading in page and "Gesprächspunkte" in page


def test_dates_follow_the_language(org: Org) -> None:
    day = datetime.date(2026, 12, 3)
    with translation.override("en"):
        assert date_format(day, "DATE_FORMAT") == "3 Dec 2026"
        assert date_format(day, "MONTH_DAY_FORMAT") == "3 Dec"
    with translation.override("de"):
        assert date_format(day, "DATE_FORMAT") == "3. Dez. 2026"
        assert date_format(day, "MONTH_DAY_FORMAT") == "3. Dez."


def test_api_errors_follow_the_token_owners_language(org: Org) -> None:
    user = _speaks(org.report.user, "de")
    _token, raw = api_token_create(actor=user, user=user, name="script")
    response = client_for(None).get("/api/v1/goals/999999", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Nicht gefunden."


# --- notifications and emails -------------------------------------------------------------------------


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


@pytest.mark.django_db(transaction=True)
def test_a_german_recipient_gets_the_notification_and_email_in_german(
    org: Org, immediate_tasks: None
) -> None:
    _speaks(org.report.user, "de")
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report, title="Ship the mobile app")
    mail.outbox.clear()

    with translation.override("en"), transaction.atomic():  # the manager writes in English
        goal_services.goal_comment_add(actor=org.manager.user, goal=goal, body="Looks good & ready")

    notification = Notification.objects.get(recipient=org.report.user, kind="goal_comment")
    assert notification.title == "Mona Manager hat „Ship the mobile app“ kommentiert"
    (email,) = mail.outbox
    assert email.to == [org.report.user.email]
    assert email.subject == "[Cadence] Mona Manager hat „Ship the mobile app“ kommentiert"
    assert email.body.startswith("Hallo Rita,")
    assert "Looks good & ready" in email.body  # plain text: nothing HTML-escaped
    assert "Sie erhalten diese E-Mail, weil etwas in Cadence Sie braucht oder betrifft." in email.body


def test_deferred_messages_take_the_recipients_language_and_date_format(org: Org) -> None:
    _speaks(org.report.user, "de")
    message = gettext_deferred("“%(title)s” is due on %(due)s") % {
        "title": "Q4",
        "due": date_deferred(datetime.date(2026, 12, 3), "DATE_FORMAT"),
    }
    with translation.override("en"):
        german = notify(recipient=org.report.user, kind="t", event_key="t:1", title=message, email=False)
        english = notify(recipient=org.report2.user, kind="t", event_key="t:1", title=message, email=False)
    assert german.title == "„Q4“ ist am 3. Dez. 2026 fällig"
    assert english.title == "“Q4” is due on 3 Dec 2026"


# --- SMART suggestions ------------------------------------------------------------------------------


def test_money_suggestions_use_the_organisations_currency(settings: Any) -> None:
    (revenue,) = [s for s in smart.suggest_key_results("Grow revenue") if s.kind == "currency"]
    assert revenue.title == "Reach EUR … in new revenue" and "€" not in revenue.title
    settings.CADENCE_CURRENCY = "CHF"
    with translation.override("de"):
        (revenue,) = [s for s in smart.suggest_key_results("Grow revenue") if s.kind == "currency"]
        assert revenue.title == "CHF … an neuem Umsatz erreichen"
        assert revenue.kind_label == "Geldbetrag"
    usd = smart.suggest_key_results("Cut cost", currency="USD")[0]
    assert usd.title == "Reduce monthly cost from USD … to USD …"


def test_the_calendar_feed_speaks_its_owners_language(org: Org) -> None:
    make_series(org.manager, org.report)
    raw = calendar_feed.calendar_feed_regenerate(actor=_speaks(org.report.user, "de"))
    feed = client_for(None).get(reverse("meetings:feed", args=[raw])).content.decode()
    assert "X-WR-CALNAME:1:1-Gespräche von Rita Report" in feed
    assert "Agenda und Aufgaben:" in feed
