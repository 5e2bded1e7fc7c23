from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cadence.core"
    label = "core"
    verbose_name = _("Core")
    # Each app names the actions it audits (core/audit.py: audit_action_labels), for the audit trail.
    audit_actions = {
        "api_token.create": _("API token created"),
        "api_token.revoke": _("API token revoked"),
        "user.language": _("Language changed"),
        "user.role_change": _("Role changed"),
    }

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)


class CadenceAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Cadence's site (core/admin_site.py: one sign-in path, no free lookups)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "cadence.core.admin_site.CadenceAdminSite"
