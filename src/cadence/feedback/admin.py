"""Django admin for operators. Never shows what people wrote: feedback bodies (protected peer
feedback) and praise messages (private praise) are excluded, and the models' __str__ carries no
text either."""

from django.contrib import admin

from .models import (
    CompanyValue,
    Feedback,
    FeedbackRequest,
    FeedbackSettings,
    Praise,
)


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "protected_peer_feedback", "updated_at")


@admin.register(CompanyValue)
class CompanyValueAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "order")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("__str__", "visibility", "is_peer", "protected", "created_at")
    list_filter = ("visibility", "protected")
    exclude = ("body",)
    readonly_fields = ("author", "recipient", "visibility", "is_peer", "protected", "request", "goal")
    search_fields = ()  # searching would match the body


@admin.register(Praise)
class PraiseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "visibility", "created_at")
    exclude = ("message",)
    readonly_fields = ("author", "recipients", "values", "visibility")


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "created_at", "reminded_at")
    exclude = ("questions", "decline_reason")
    readonly_fields = ("requester", "subject", "respondent")
