"""Frameworks: reading the published version, HR's editor, publishing, import and export."""

from django.urls import URLPattern, path

from . import framework_views as views

urlpatterns: list[URLPattern] = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/draft/", views.framework_editor, name="framework_editor"),
    path("frameworks/<int:framework_id>/draft/start/", views.framework_draft, name="framework_draft"),
    path("frameworks/<int:framework_id>/draft/publish/", views.framework_publish, name="framework_publish"),
    path(
        "frameworks/<int:framework_id>/export.yaml",
        views.framework_export,
        {"file_format": "yaml"},
        name="framework_export_yaml",
    ),
    path(
        "frameworks/<int:framework_id>/export.json",
        views.framework_export,
        {"file_format": "json"},
        name="framework_export_json",
    ),
    path(
        "frameworks/expectations/<int:expectation_id>/",
        views.framework_expectation_save,
        name="framework_expectation_save",
    ),
]
