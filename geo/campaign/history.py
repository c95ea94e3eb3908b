"""The partners as they stood at a moment, from their history (``PartnerStore.history_frame``).

Each history row is one *version* of a partner, valid from its ``tijdstip`` until the next
row of the same partner; a row with status None is a removal. Moments are the end of a
Belgian day (:func:`day_end`): "on 6 September" means as things stood that evening.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from geo.partners import STATUSES
from geo.sharing import TIMEZONE


def day_end(day: date) -> pd.Timestamp:
    """The end of ``day`` in Belgium, in UTC (the moment a date stands for)."""
    return pd.Timestamp(datetime.combine(day + timedelta(days=1), time(0), tzinfo=TIMEZONE)).tz_convert("UTC")


_FOREVER = np.iinfo(np.int64).max


def versions(history: pd.DataFrame) -> pd.DataFrame:
    """The history rows with ``van`` and ``tot`` (nanoseconds since 1970, UTC; ``tot`` far in the
    future while the row is current), removals dropped."""
    frame = history.sort_values(["tijdstip", "id"] if "id" in history else ["tijdstip"], kind="stable").copy()
    stamps = pd.to_datetime(frame["tijdstip"], utc=True, format="ISO8601")
    frame["van"] = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    frame["tot"] = frame.groupby("partner_id", sort=False)["van"].shift(-1, fill_value=_FOREVER).astype(np.int64)
    return frame[frame["status"].notna()].reset_index(drop=True)


def active_at(frame: pd.DataFrame, moment: pd.Timestamp) -> np.ndarray:
    """Which rows of a :func:`versions` frame were the partner's state at ``moment``."""
    stamp = moment.tz_convert("UTC").value
    return (frame["van"].to_numpy() <= stamp) & (frame["tot"].to_numpy() > stamp)


def funnel(frame: pd.DataFrame, active: np.ndarray, gemeente_nis: str) -> dict[str, int]:
    """Partners of the municipality by status (every status, zero included), in funnel order."""
    here = frame["status"][active & (frame["gemeente_nis"] == gemeente_nis).to_numpy()]
    counts = here.value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def trusted_names(frame: pd.DataFrame, active: np.ndarray, gemeente_nis: str,
                  trusted: Sequence[str]) -> dict[str, str]:
    """``partner_id → name`` of the municipality's trusted partners in the active rows."""
    rows = frame[active & (frame["gemeente_nis"] == gemeente_nis).to_numpy() & frame["status"].isin(trusted).to_numpy()]
    return dict(zip(rows["partner_id"], rows["naam"]))


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


def first_moment(history: pd.DataFrame) -> date | None:
    """The Belgian date of the oldest history row, or None without history."""
    if history.empty:
        return None
    oldest = pd.to_datetime(history["tijdstip"], utc=True, format="ISO8601").min()
    return oldest.tz_convert(TIMEZONE).date()


def in_period(days: Iterable[str], start: date, end: date) -> np.ndarray:
    """Which ISO dates fall after ``start`` and on or before ``end``."""
    values = np.array(list(days), dtype=object)
    return (values > start.isoformat()) & (values <= end.isoformat())


def belgian_today() -> date:
    return datetime.now(TIMEZONE).date()


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return min(date(year, month + 1, 1) + timedelta(days=day.day - 1), following - timedelta(days=1))
