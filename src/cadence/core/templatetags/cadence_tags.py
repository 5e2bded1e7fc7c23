import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadence.core.markdown import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def include_section(context: template.Context, template_name: str, extra: dict[str, Any]) -> SafeString:
    """Render a module's partial with the page's context plus the section's own variables. The page's
    context is pushed onto, not rebuilt: a new RequestContext would run every context processor (the
    shell's queries) again for each section."""
    assert context.template is not None  # set while a template renders this tag
    with context.push(**extra):
        return context.template.engine.get_template(template_name).render(context)


@register.simple_tag
def due(value: datetime.date | datetime.datetime | None, done: bool = False) -> SafeString:
    """ "due 3 Dec", with the year when it is not this year's, and marked overdue when it has passed
    and the thing is not done: one way for to-dos, action items and anything else with a due date."""
    if value is None:
        return SafeString("")
    day = timezone.localdate(value) if isinstance(value, datetime.datetime) else value
    today = timezone.localdate()
    shown = date_format(day, "MONTH_DAY_FORMAT" if day.year == today.year else "DATE_FORMAT")
    overdue = not done and day < today
    text = (_("overdue since %(date)s") if overdue else _("due %(date)s")) % {"date": shown}
    return format_html('<span class="due{}">{}</span>', " overdue" if overdue else "", text)


@register.simple_tag
def changed_meanwhile(form: Any, name: str) -> Any:
    """What someone else changed in this field of a VersionedForm after a stale save, or None
    (core/partials/changed_meanwhile.html shows it next to the field)."""
    return getattr(form, "changed_meanwhile", {}).get(name)


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown someone wrote, as sanitised HTML (core.markdown)."""
    return render_markdown(text)
