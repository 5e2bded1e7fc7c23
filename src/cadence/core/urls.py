from django.urls import path

from . import views

account_urls = [
    path("", views.account, name="account"),
    path("language/", views.account_language, name="account_language"),
    path("tokens/", views.api_token_create, name="api_token_create"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
audit_urls = [
    path("audit/", views.audit_log, name="audit_log"),
]
