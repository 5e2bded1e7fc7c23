"""Charts for every module, one way: pygal line charts in the app's font and colours, sized so the
axis labels stay readable from 1440 px down to 390 px, pygal's tooltips working under the strict
content security policy, and the figures as a table next to each chart (the template partial
`core/partials/chart.html` shows both).

Tooltips: pygal puts each chart's configuration in an inline <script> inside the SVG, and the
tooltip code (pygaljs, served from our static files, never a CDN) reads it. The page policy allows
no inline script without the request's nonce, so `line_chart` writes the nonce on that script; the
tooltip code itself comes from our own origin (`script-src 'self'`). Without JavaScript the chart
still draws; the table carries the numbers."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import pygal
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# The app's palette (core/static/cadence/app.css): brand blue, success green, warning brown, red.
COLOURS = ("#3b5bdb", "#1e6e31", "#8f4700", "#c92a2a")
TEXT, MUTED, LINE = "#1d2330", "#5b6474", "#e1e4ec"

# The SVG is drawn on a 480-unit-wide canvas and scaled to its box: about 340 px at 390 px wide
# (labels ~11 px) and at most 640 px on a desktop (labels ~20 px), so the labels stay readable.
WIDTH, HEIGHT, LABEL_SIZE = 480, 300, 15
MAX_X_LABELS = 4  # more would overlap at 390 px; every point keeps its label in the tooltip

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground=TEXT,
    foreground_strong=TEXT,
    foreground_subtle=LINE,
    opacity=".85",
    opacity_hover="1",
    colors=COLOURS,
    # "inherit": the SVG sits inline in the page and takes the page's font.
    font_family="inherit",
    label_font_size=LABEL_SIZE,
    major_label_font_size=LABEL_SIZE,
    legend_font_size=LABEL_SIZE,
    tooltip_font_size=LABEL_SIZE,
    value_font_size=LABEL_SIZE,
    title_font_size=LABEL_SIZE + 2,
)

TOOLTIP_SCRIPT = "pygaljs/pygal-tooltips.min.js"  # under STATIC_URL (config/settings.py)


@dataclass(frozen=True)
class Series:
    """One line: a legend title, a value per x label (None: no point), and how the table shows it."""

    title: str
    values: Sequence[float | None]
    secondary: bool = False  # on the right-hand axis
    unit: str = ""  # appended to each figure in the table ("%")
    decimals: int = 0


@dataclass(frozen=True)
class Chart:
    """A rendered chart (an inline SVG) and its figures (`columns`, `rows`) for the table."""

    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""  # a sentence under the chart, such as why a period is left out

    def __bool__(self) -> bool:
        return bool(self.svg)


def _figure(value: float | None, series: Series) -> str:
    if value is None:
        return "—"
    text = f"{value:.{series.decimals}f}" if series.decimals else str(round(value))
    return text + series.unit


def _with_nonce_and_name(svg: str, nonce: str, title: str) -> str:
    """The chart's own inline script gets the request's nonce; the SVG a role and an accessible name."""
    svg = svg.replace("<script ", f'<script nonce="{escape(nonce)}" ')
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def line_chart(
    request: HttpRequest,
    *,
    title: str,
    x_title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    value_range: tuple[float, float] | None = None,
    secondary_range: tuple[float, float] | None = None,
    note: str = "",
    extra_rows: Sequence[list[str]] = (),
) -> Chart:
    """A line chart with one point per x label. An empty chart (no labels) renders nothing.
    `extra_rows` go into the table only (a period that is still open, for example)."""
    columns = [x_title] + [s.title for s in series]
    if not x_labels:
        return Chart(title, mark_safe(""), columns, note=note)
    chart = pygal.Line(
        style=STYLE,
        width=WIDTH,
        height=HEIGHT,
        range=value_range,
        secondary_range=secondary_range,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        disable_xml_declaration=True,
        js=[],  # the tooltip script is loaded once by the page (core/partials/chart.html)
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_count=min(len(x_labels), MAX_X_LABELS),
        truncate_label=-1,
        margin=8,
        dots_size=4,
    )
    chart.x_labels = list(x_labels)
    for s in series:
        chart.add(s.title, list(s.values), secondary=s.secondary)
    nonce = get_nonce(request)  # a LazyNonce is falsy until first read: compare with None
    svg = _with_nonce_and_name(chart.render(is_unicode=True), "" if nonce is None else str(nonce), title)
    rows = [[label] + [_figure(s.values[i], s) for s in series] for i, label in enumerate(x_labels)]
    rows += [list(row) for row in extra_rows]
    return Chart(title, mark_safe(svg), columns, rows, note)  # pygal (ElementTree) escapes its text
