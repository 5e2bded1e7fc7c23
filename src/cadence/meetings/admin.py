"""The Django admin shows the shape of 1:1s (who, when, how often) for support, never their content:
talking points, action items and private notes are not registered and have no inlines, so the
admin cannot show them to anyone, superusers included."""

from django.contrib import admin

from .models import AgendaTemplate, Meeting, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("__str__", "cadence", "duration_minutes", "ended_at")
    list_filter = ("cadence",)
    raw_id_fields = ("manager", "employee", "template")
    search_fields = ("manager__last_name", "employee__last_name")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "scheduled_at", "status")
    list_filter = ("status",)
    raw_id_fields = ("series",)
    fields = ("series", "scheduled_at", "duration_minutes", "status", "completed_at")


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "owner")
    raw_id_fields = ("owner",)
