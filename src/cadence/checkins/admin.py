"""Django admin for operators. Never shows what people wrote: check-in answers, moods and skip
reasons are excluded (check-ins are private like 1:1 notes), and CheckIn.__str__ carries no text."""

from django.contrib import admin

from .models import CheckIn, CheckInCadence, CheckInQuestion


@admin.register(CheckInQuestion)
class CheckInQuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "department", "order", "is_active")


@admin.register(CheckInCadence)
class CheckInCadenceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "every_weeks")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "period_start", "reviewed_at")
    exclude = ("answers", "mood", "skip_reason")
    readonly_fields = ("author", "period_start", "reviewed_by")
