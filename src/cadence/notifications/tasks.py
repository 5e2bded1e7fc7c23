from django.tasks import task

from . import services


@task
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


def resend_email_backlog() -> int:
    """Tick job: retry emails that were never sent."""
    ids = services.notification_email_backlog()
    for pk in ids:
        send_notification_email.enqueue(pk)
    return len(ids)
