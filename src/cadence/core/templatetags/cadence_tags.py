from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def include_section(context: template.Context, template_name: str, extra: dict[str, Any]) -> SafeString:
    """Render a module's partial with the page's context plus the section's own variables. The page's
    context already holds what the context processors gave it (the request, the CSRF token, the
    shell's), so the partial is rendered without the request: with it they would run again, and
    their queries with them."""
    page_context: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
    return render_to_string(template_name, {**page_context, **extra})
