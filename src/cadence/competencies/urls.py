"""Addresses under /career/: the frameworks (framework_urls) and people's careers (career_urls)."""

from . import career_urls, framework_urls

app_name = "competencies"
urlpatterns = [*framework_urls.urlpatterns, *career_urls.urlpatterns]
