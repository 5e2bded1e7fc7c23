"""Frameworks: reading the published version, HR's editor, publishing, import and export."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
