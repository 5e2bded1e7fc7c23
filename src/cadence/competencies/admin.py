"""The Django admin shows frameworks read-only, for support: they are edited in Cadence's editor,
where a published version stays frozen and every change is audited. Where people stand (placements,
assessed levels, promotion readiness) is performance data: it is not registered, so the admin
cannot show it to anyone, superusers included."""

from django.contrib import admin

from cadence.core.admin import ViewOnlyAdmin

from .models import Framework, FrameworkVersion


@admin.register(Framework)
class FrameworkAdmin(ViewOnlyAdmin):
    list_display = ("name", "is_general")


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ViewOnlyAdmin):
    list_display = ("__str__", "status", "published_at")
    list_filter = ("status",)
    list_select_related = ("framework",)
