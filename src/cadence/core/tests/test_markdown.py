"""Markdown people write is rendered to HTML that carries nothing executable."""

import re

import pytest

from cadence.core.markdown import render_markdown


def test_common_markdown_renders():
    html = render_markdown("**bold** _em_\n\n- a\n- b\n\n1. one\n\n`code` [site](https://example.com)")
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<ul>\n<li>a</li>" in html and "<ol>" in html and "<code>code</code>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">site</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        "![x](https://example.com/tracker.png)",
        '<iframe src="https://example.com"></iframe>',
    ],
)
def test_nothing_executable_or_embedded_survives(text):
    """Raw HTML is shown as text (escaped), a javascript: link loses its address, images go."""
    html = render_markdown(text).lower()
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert not re.search(r"<a [^>]*javascript:", html)


def test_empty_text_is_empty():
    assert render_markdown("") == "" and render_markdown("  \n") == ""
