"""A person's career: placement, the career page, assessments, readiness, gaps and the heatmap."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
