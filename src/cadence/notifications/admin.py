"""Notifications quote what people wrote (a decline reason, a comment's first words), so the admin
shows only their delivery: who, what kind, when it was read, resolved and emailed."""

from django.contrib import admin

from cadence.core.admin import ViewOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    list_display = ["kind", "recipient", "created_at", "read_at", "resolved_at", "emailed_at"]
    list_filter = ["kind", "requires_action"]
    fields = ["kind", "recipient", "requires_action", "created_at", "read_at", "resolved_at", "emailed_at"]
    search_fields = ["recipient__email"]
    list_select_related = ["recipient"]
