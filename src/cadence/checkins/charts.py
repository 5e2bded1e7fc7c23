"""The team's check-in chart, drawn with the shared chart helper (cadence.core.charts)."""

from collections.abc import Sequence

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence.core.charts import Chart, Series, line_chart

from .selectors import PeriodStat


def _period_label(stat: PeriodStat) -> str:
    return date_format(stat.period_start, "MONTH_DAY_FORMAT")


def _row(stat: PeriodStat, label: str) -> list[str]:
    mood = f"{stat.mood:.1f}" if stat.mood is not None else "—"
    return [label, mood, f"{stat.rate}%"]


def team_chart(request: HttpRequest, periods: Sequence[PeriodStat]) -> Chart:
    """Average mood (1–5) per period, with the submission rate (%) on a second axis. A period that
    is still open is left out of the lines (its rate would look like a drop) and listed in the table
    as still running."""
    closed = [p for p in periods if not p.is_open]
    still_open = [p for p in periods if p.is_open]
    return line_chart(
        request,
        title=_("Mood and submission rate"),
        x_title=_("Period"),
        x_labels=[_period_label(p) for p in closed],
        series=[
            Series(_("Average mood"), [p.mood for p in closed], decimals=1),
            Series(_("Submitted (%)"), [p.rate for p in closed], secondary=True, unit="%"),
        ],
        value_range=(1, 5),
        secondary_range=(0, 100),
        note=_("The current period is still open and is not drawn until it ends.") if still_open else "",
        extra_rows=[_row(p, _("%(period)s (still open)") % {"period": _period_label(p)}) for p in still_open],
    )
