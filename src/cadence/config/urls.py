from django.contrib import admin
from django.urls import include, path

from cadence.core import views as core_views
from cadence.core.urls import account_urls, admin_urls

from .api import api

urlpatterns = [
    path("", core_views.root, name="root"),
    path("home/", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("account/", include(account_urls)),
    path("admin/", include(admin_urls)),
    path("people/", include("cadence.people.urls")),
    path("notifications/", include("cadence.notifications.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
