from django.contrib import admin

from .models import CheckIn, Goal, GoalCycle, GoalTemplate, KeyResult

admin.site.register(GoalCycle)
admin.site.register(GoalTemplate)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("title", "level", "cycle", "progress", "status", "state")
    list_filter = ("level", "status", "state")
    raw_id_fields = ("parent", "owner_employee", "carried_from", "created_by")
    readonly_fields = ("path", "progress")


admin.site.register(KeyResult)
admin.site.register(CheckIn)
