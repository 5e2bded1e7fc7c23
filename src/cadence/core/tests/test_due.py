"""Due dates read the same everywhere: the year only when it is not this year's, overdue marked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.core.templatetags.cadence_tags import due
from cadence.core.testing import client_for
from cadence.notifications.services import notify


def test_a_date_this_year_has_no_year_and_another_year_has_one() -> None:
    today = timezone.localdate()
    assert str(today.year) not in due(today) and 'class="due"' in due(today)  # today: not overdue yet
    next_year = today.replace(year=today.year + 1, day=1)
    assert str(next_year.year) in due(next_year)


def test_a_past_date_is_overdue_unless_done() -> None:
    last_year = timezone.localdate().replace(day=1) - datetime.timedelta(days=400)
    assert 'class="due overdue"' in due(last_year) and "overdue since" in due(last_year)
    assert str(last_year.year) in due(last_year)
    assert "overdue" not in due(last_year, done=True)
    assert due(None) == ""


@pytest.mark.django_db
def test_to_dos_list_overdue_first_and_undated_last(org) -> None:
    now = timezone.now()
    for key, title, due_at in (
        ("a", "Undated", None),
        ("b", "Next week", now + datetime.timedelta(days=7)),
        ("c", "Long overdue", now - datetime.timedelta(days=30)),
    ):
        notify(recipient=org.report.user, kind="review", event_key=key, title=title,
               requires_action=True, due_at=due_at)  # fmt: skip
    page = client_for(org.report.user).get(reverse("home")).content.decode()
    positions = [page.index(title) for title in ("Long overdue", "Next week", "Undated")]
    assert positions == sorted(positions)
    assert 'class="due overdue"' in page
