"""Emails: no CR/LF reaches a header, plain text is not HTML-escaped."""

from typing import Any

import pytest

from cadence.notifications.services import notification_email_send, notify
from cadence.people.testing import Org


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_title_with_line_breaks_gives_a_one_line_subject(org: Org, mailoutbox: list) -> None:
    title = "Ship it\r\nBcc: evil@example.com\nnow"
    notification = notify(recipient=org.report.user, kind="goal", event_key="crlf", title=title)
    assert notification_email_send(notification_id=notification.pk) is True
    (message,) = mailoutbox
    assert message.subject == "[Cadence] Ship it Bcc: evil@example.com now"
    assert message.bcc == [] and message.to == [org.report.email]


def test_plain_text_is_not_html_escaped(org: Org, mailoutbox: list) -> None:
    org.report.user.first_name = "Siobhán O'Brien"
    org.report.user.save()
    notification = notify(
        recipient=org.report.user,
        kind="goal",
        event_key="quotes",
        title='O\'Brien & <Partners> "deal"',
        body="Tom's <b>notes</b> & more",
        url="/goals/?a=1&b=2",
    )
    assert notification_email_send(notification_id=notification.pk) is True
    (message,) = mailoutbox
    assert message.subject == '[Cadence] O\'Brien & <Partners> "deal"'
    for text in ("Siobhán O'Brien", 'O\'Brien & <Partners> "deal"', "Tom's <b>notes</b> & more", "a=1&b=2"):
        assert text in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
