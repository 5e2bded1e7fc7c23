from django.tasks import task

from . import services


@task
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@task
def send_notification_emails(notification_ids: list[int]) -> int:
    """A batch of emails in one task (notify_many, the backlog); each is still sent at most once."""
    return services.notification_emails_send(notification_ids=notification_ids)


def resend_email_backlog() -> int:
    """Tick job: retry emails that were never sent."""
    ids = services.notification_email_backlog()
    if ids:
        send_notification_emails.enqueue(ids)
    return len(ids)
