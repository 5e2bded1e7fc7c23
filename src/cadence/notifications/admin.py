from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "resolved_at", "emailed_at"]
    list_filter = ["kind", "requires_action"]
    search_fields = ["title", "recipient__email"]
    raw_id_fields = ["recipient"]
