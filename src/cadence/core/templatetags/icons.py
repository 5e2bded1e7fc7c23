"""`{% icon "name" size %}`: a heroicon as inline SVG, hidden from screen readers (the text next to
it says what it is). heroicons parses and serialises the SVG on every use (about 0.1 ms each, some
12% of a praise wall page with its 90 icons), so each name, size and style is rendered once per
process."""

import functools

from django import template
from django.utils.safestring import SafeString
from heroicons.templatetags import heroicons

register = template.Library()

STYLES = {"outline": heroicons.heroicon_outline, "solid": heroicons.heroicon_solid}


@functools.lru_cache(maxsize=512)
def _svg(name: str, size: int, style: str) -> SafeString:
    return STYLES[style](name, size=size, aria_hidden="true")  # type: ignore[return-value]


@register.simple_tag
def icon(name: str, size: int = 24, style: str = "outline") -> SafeString:
    return _svg(name, size, style)
