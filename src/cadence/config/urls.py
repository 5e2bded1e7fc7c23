from allauth.account.urls import urlpatterns as allauth_account_urls
from django.contrib import admin
from django.urls import include, path

from cadence.core import views as core_views
from cadence.core.urls import account_urls, audit_urls

from . import views
from .api import api

# Error pages in the app shell, and the API's error shape under /api/.
handler400 = "cadence.core.error_views.bad_request"
handler403 = "cadence.core.error_views.permission_denied"
handler404 = "cadence.core.error_views.not_found"
handler500 = "cadence.core.error_views.server_error"

# Email addresses belong to HR and the HRIS, so allauth's self-service email pages are not mounted:
# otherwise anyone could claim a future hire's or a colleague's address and sign in with it.
SELF_SERVICE_EMAIL_PAGES = {"account_email", "account_email_verification_sent", "account_confirm_email"}
sign_in_urls = [url for url in allauth_account_urls if url.name not in SELF_SERVICE_EMAIL_PAGES]

urlpatterns = [
    path("", core_views.root, name="root"),
    path("home/", views.home, name="home"),
    path("accounts/", include(sign_in_urls)),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("account/", include(account_urls)),
    path("admin/", views.admin_hub, name="admin_hub"),
    path("admin/", include(audit_urls)),
    path("people/", include("cadence.people.urls")),
    path("notifications/", include("cadence.notifications.urls")),
    path("one-on-ones/", include("cadence.meetings.urls")),
    path("goals/", include("cadence.goals.urls")),
    # Check-ins have their own app but kept their addresses under /feedback/.
    path("feedback/check-ins/", include("cadence.checkins.urls")),
    path("feedback/", include("cadence.feedback.urls")),
    path("career/", include("cadence.competencies.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
