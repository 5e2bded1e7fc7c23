from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def include_section(context: template.Context, template_name: str, extra: dict[str, Any]) -> SafeString:
    """Render a module's partial with the page's context plus the section's own variables. The page's
    context is pushed onto, not rebuilt: a new RequestContext would run every context processor (the
    shell's queries) again for each section."""
    assert context.template is not None  # set while a template renders this tag
    with context.push(**extra):
        return context.template.engine.get_template(template_name).render(context)
