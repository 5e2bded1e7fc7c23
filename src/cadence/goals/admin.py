from django.contrib import admin

from cadence.core.admin import ViewOnlyAdmin

from .models import Goal, GoalCycle, GoalTemplate, KeyResult, KeyResultUpdate


@admin.register(GoalCycle)
class GoalCycleAdmin(admin.ModelAdmin):
    """Opening a cycle for drafting (which asks everyone), closing (which scores) and deleting
    (audited, to-dos resolved) are actions of Cadence's cycle page, not of the admin."""

    list_display = ("name", "start_date", "end_date", "status")
    readonly_fields = ("status", "closed_at")

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(GoalTemplate)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    """The alignment tree and everything the progress roll-up reads are read-only here, and goals are
    neither added nor deleted here: the services keep paths and progress right (edit in Cadence)."""

    list_display = ("title", "level", "cycle", "progress", "status", "state")
    list_filter = ("level", "status", "state")
    raw_id_fields = ("owner_employee", "created_by")
    readonly_fields = (
        "parent", "path", "cycle", "weight", "state", "approval",
        "progress", "manual_progress", "final_score", "last_checkin_at", "carried_from",
        "rollup", "rollup_excluded",
    )  # fmt: skip

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KeyResult)
class KeyResultAdmin(ViewOnlyAdmin):
    """Targets, values and weights feed the goal's progress, which only the services recompute."""

    list_display = ("title", "goal", "kind", "target", "current", "progress")
    list_select_related = ("goal",)


admin.site.register(KeyResultUpdate)
