"""Cadence's Django admin site, used for every app's admin (see CadenceAdminConfig in apps.py)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP


class FilterLookupsOnly:
    """URL lookups only on the filters the page offers. Django allows `?<field>__<lookup>=` on any
    field by default, so `?body__contains=a` would rebuild a text the admin excludes, letter by letter."""

    def lookup_allowed(self, lookup, value, request):
        offered = {
            f if isinstance(f, str) else f[0]
            for f in self.get_list_filter(request)
            if not isinstance(f, type)
        }
        offered.add(self.date_hierarchy)
        return lookup.split(LOOKUP_SEP, 1)[0] in offered and super().lookup_allowed(lookup, value, request)


class CadenceAdminSite(admin.AdminSite):
    """The Django admin of every app, ours and third-party ones: one sign-in path (allauth's, with its
    rate limit and two-factor step) and no URL lookups beyond the offered filters."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        safe = type(
            admin_class.__name__, (FilterLookupsOnly, admin_class), {"__module__": admin_class.__module__}
        )
        super().register(model_or_iterable, safe, **options)

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
