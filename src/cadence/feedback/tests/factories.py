"""Test data built through the services, so tests exercise the same rules as users do."""

from cadence.feedback import services
from cadence.feedback.models import CompanyValue, Feedback, FeedbackSettings, Praise
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
