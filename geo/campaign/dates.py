"""The dates of the campaign: Belgian days, the moment a date stands for, month ends.

A date means *as things stood at the end of that day in Belgium* (the council meets in the
evening; an edit at 23:30 belongs to that day, also when UTC already says tomorrow).

>>> months_before(date(2026, 5, 31), 3)
datetime.date(2026, 2, 28)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterable

import numpy as np
import pandas as pd

from geo.sharing import TIMEZONE, belgian_today

__all__ = ["EARLIEST", "belgian_today", "day_end", "in_period", "month_ends", "months_before"]

EARLIEST = date(2000, 1, 1)
"""The earliest "sinds" date accepted (older dates are typing mistakes, and beyond pandas' range)."""


def day_end(day: date) -> pd.Timestamp:
    """The end of ``day`` in Belgium, in UTC (the moment a date stands for)."""
    return pd.Timestamp(datetime.combine(day + timedelta(days=1), time(0), tzinfo=TIMEZONE)).tz_convert("UTC")


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return min(date(year, month + 1, 1) + timedelta(days=day.day - 1), following - timedelta(days=1))


def month_ends(start: date, end: date) -> list[date]:
    """The last day of every month from ``start``'s month to ``end``'s, ``end`` itself last."""
    days = []
    year, month = start.year, start.month
    while (year, month) < (end.year, end.month):
        following = date(year + month // 12, month % 12 + 1, 1)
        days.append(following - timedelta(days=1))
        year, month = following.year, following.month
    days.append(end)
    return days


def in_period(days: Iterable[str], start: date, end: date) -> np.ndarray:
    """Which ISO dates fall after ``start`` and on or before ``end``."""
    values = np.array(list(days), dtype=object)
    return (values > start.isoformat()) & (values <= end.isoformat())
