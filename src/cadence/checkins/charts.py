"""Server-side SVG charts (pygal): no script, so they satisfy the strict content security policy."""

from collections.abc import Sequence

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from .selectors import PeriodStat

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    colors=("#4f46e5", "#16a34a"),
    font_family="inherit",
)


def team_chart(periods: Sequence[PeriodStat]) -> str:
    """Average mood (1–5) per period, with the submission rate (%) on a second axis."""
    if not periods:
        return ""
    chart = pygal.Line(
        style=STYLE,
        height=280,
        range=(1, 5),
        secondary_range=(0, 100),
        show_legend=True,
        legend_at_bottom=True,
        disable_xml_declaration=True,
        js=[],
        x_label_rotation=0,
        title=_("Mood and submission rate"),
    )
    chart.x_labels = [date_format(p.period_start, "MONTH_DAY_FORMAT") for p in periods]
    chart.add(_("Average mood"), [round(p.mood, 2) if p.mood is not None else None for p in periods])
    chart.add(_("Submitted (%)"), [p.rate for p in periods], secondary=True)
    return chart.render(is_unicode=True)
