"""Test data built through the services, so tests exercise the same rules as users do."""

import datetime

from cadence.feedback import check_ins, services
from cadence.feedback.models import CheckIn, CompanyValue, Feedback, FeedbackSettings, Praise
from cadence.people.models import Employee


def value(name: str = "Own it") -> CompanyValue:
    return CompanyValue.objects.get_or_create(name=name)[0]


def praise(
    author: Employee, *recipients: Employee, visibility: str = "public", message: str = "Great demo"
) -> Praise:
    return services.praise_create(
        actor=author.user,
        recipients=list(recipients),
        values=[value()],
        message=message,
        visibility=visibility,
    )


def feedback(
    author: Employee,
    recipient: Employee,
    *,
    body: str = "In the demo you explained it well.",
    visibility: str = "recipient",
) -> Feedback:
    return services.feedback_give(actor=author.user, recipient=recipient, body=body, visibility=visibility)


def protect(on: bool = True) -> None:
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"protected_peer_feedback": on})


def submitted_check_in(author: Employee, weeks_ago: int = 1, mood: int = 4) -> CheckIn:
    start = check_ins.period_start_for(datetime.date.today(), 1) - datetime.timedelta(weeks=weeks_ago)
    return CheckIn.objects.create(
        author=author,
        period_start=start,
        status=CheckIn.Status.SUBMITTED,
        mood=mood,
        answers=[{"question": "What went well?", "answer": "Shipped the secret project"}],
    )
