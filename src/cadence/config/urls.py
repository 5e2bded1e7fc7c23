from django.contrib import admin
from django.urls import include, path

from cadence.core import views as core_views
from cadence.core.urls import account_urls, admin_urls

from .api import api

handler404 = "cadence.core.views.not_found"

urlpatterns = [
    path("", core_views.root, name="root"),
    path("home/", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("account/", include(account_urls)),
    path("admin/", include(admin_urls)),
    path("people/", include("cadence.people.urls")),
    path("notifications/", include("cadence.notifications.urls")),
    path("one-on-ones/", include("cadence.meetings.urls")),
    path("goals/", include("cadence.goals.urls")),
    path("feedback/", include("cadence.feedback.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
