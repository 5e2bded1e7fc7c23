from django.contrib import admin

from .models import Department, Employee, Team


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    """The tree is read-only here: a parent changed or a department added outside the services would
    leave the paths below it wrong. Departments are created and moved in Cadence's pages."""

    list_display = ["name", "parent", "path"]
    search_fields = ["name"]
    readonly_fields = ["parent", "path"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    search_fields = ["name"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    """Read-only: changes to people go through Cadence's pages, so they are audited and paths stay right."""

    list_display = ["full_name", "email", "employee_id", "job_title", "department", "manager", "status"]
    list_filter = ["status", "employment_type", "department"]
    search_fields = ["first_name", "last_name", "email", "employee_id"]
    list_select_related = ["department", "manager"]
    readonly_fields = [f.name for f in Employee._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False
