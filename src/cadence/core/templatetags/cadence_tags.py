from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def include_section(context: template.Context, template_name: str, extra: dict[str, Any]) -> SafeString:
    """Render a module's partial with the page's context plus the section's own variables."""
    request = context.get("request")
    page_context: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
    return render_to_string(template_name, {**page_context, **extra}, request=request)


@register.simple_tag
def changed_meanwhile(form: Any, name: str) -> Any:
    """What someone else changed in this field of a VersionedForm after a stale save, or None
    (core/partials/changed_meanwhile.html shows it next to the field)."""
    return getattr(form, "changed_meanwhile", {}).get(name)
