"""The calendar of check-in periods: date arithmetic only, shared by the reads and the writes."""

import datetime

# Fortnightly periods start on Mondays an even number of weeks after this Monday.
PERIOD_EPOCH = datetime.date(2024, 1, 1)


def period_start_for(day: datetime.date, every_weeks: int) -> datetime.date:
    monday = day - datetime.timedelta(days=day.weekday())
    offset_weeks = ((monday - PERIOD_EPOCH).days // 7) % every_weeks
    return monday - datetime.timedelta(weeks=offset_weeks)


def period_due_date(period_start: datetime.date, every_weeks: int) -> datetime.date:
    """Check-ins are due on the Friday of the period's last week."""
    return period_start + datetime.timedelta(weeks=every_weeks - 1, days=4)
