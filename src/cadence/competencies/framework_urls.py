"""Frameworks: reading the published version, HR's editors (the matrix of expectations, the
structure of tracks, levels, themes and competencies), publishing, import and export."""

from django.urls import URLPattern, path

from . import framework_views as views
from . import structure_views

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
        "frameworks/<int:framework_id>/draft/structure/",
        structure_views.framework_structure,
        name="framework_structure",
    ),
    path(
        "frameworks/<int:framework_id>/draft/<slug:kind>/add/",
        structure_views.framework_row_add,
        name="framework_row_add",
    ),
    path(
        "frameworks/draft/<slug:kind>/<int:row_id>/",
        structure_views.framework_row_edit,
        name="framework_row_edit",
    ),
    path(
        "frameworks/expectations/<int:expectation_id>/",
        views.framework_expectation_save,
        name="framework_expectation_save",
    ),
]
