"""In-app notifications and to-dos. Each is keyed by the event that caused it, so the same event
never notifies (or emails) the same person twice."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    event_key = models.CharField(max_length=200)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # A to-do stays on the home page until the module resolves it (the person acted).
    requires_action = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    send_email = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The email's delivery: a run leases the row (email_claimed_at) while it sends, so a worker that
    # dies mid-send leaves a claim that expires; a failed send is retried with backoff
    # (email_next_try_at) a bounded number of times, then given up (email_failed_at).
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_try_at = models.DateTimeField(null=True, blank=True)
    email_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "resolved_at", "requires_action"], name="notification_todo")
        ]

    def __str__(self) -> str:
        # Never the title: it may quote what someone wrote, and this string shows in the admin and logs.
        return f"{self.kind} #{self.pk}"
