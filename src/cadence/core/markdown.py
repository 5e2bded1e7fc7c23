"""Markdown that people write (shared 1:1 notes), rendered to HTML that is safe to put on a page.

markdown-it-py parses CommonMark with raw HTML turned off; nh3 (the Ammonia sanitiser) then keeps
only the tags and attributes below, so neither a `<script>` typed into the text nor a
`javascript:` link survives. Links get rel="noopener noreferrer nofollow"."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)
TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> SafeString:
    """The text as sanitised HTML (empty for empty text)."""
    if not text or not text.strip():
        return SafeString("")
    html = _PARSER.render(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
