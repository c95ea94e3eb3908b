"""The partners as they stood at a moment, from their history (``PartnerStore.history_frame``).

Each history row is one *version* of a partner, valid from its ``tijdstip`` until the next
row of the same partner (in the order the store wrote them: its ``id``); a row with status
None is a removal. Moments are the end of a Belgian day (:func:`geo.campaign.dates.day_end`):
"on 6 September" means as things stood that evening. :func:`visible` applies the access rules
of :func:`geo.access.visible_partners` to versions.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

import numpy as np
import pandas as pd

from geo.access import PUBLIC_STATUSES, Access
from geo.partners import STATUSES
from geo.sharing import TIMEZONE

_FOREVER = np.iinfo(np.int64).max


def versions(history: pd.DataFrame) -> pd.DataFrame:
    """The history rows with ``van`` and ``tot`` (nanoseconds since 1970, UTC; ``tot`` far in the
    future while the row is current), removals dropped.

    A partner's rows follow each other in the order they were written (``id``): two writes that
    waited for each other may carry times in the other order, and the later write wins.
    """
    frame = history.sort_values(["id"] if "id" in history else ["tijdstip"], kind="stable").copy()
    stamps = pd.to_datetime(frame["tijdstip"], utc=True, format="ISO8601")
    frame["van"] = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    frame["tot"] = frame.groupby("partner_id", sort=False)["van"].shift(-1, fill_value=_FOREVER).astype(np.int64)
    return frame[frame["status"].notna()].reset_index(drop=True)


def active_at(frame: pd.DataFrame, moment: pd.Timestamp) -> np.ndarray:
    """Which rows of a :func:`versions` frame were the partner's state at ``moment`` (the end of a
    day: a change at exactly midnight belongs to the next day)."""
    stamp = moment.tz_convert("UTC").value
    return (frame["van"].to_numpy() < stamp) & (frame["tot"].to_numpy() >= stamp)


def visible(frame: pd.DataFrame, access: Access | None) -> np.ndarray:
    """Which versions ``access`` may see as :func:`geo.access.visible_partners` decides for partners:
    all of a municipality it may edit; elsewhere only those that agreed (public statuses), and for
    a read-only session only in its own municipality. ``None``: everything (the command line)."""
    if access is None:
        return np.ones(len(frame), dtype=bool)
    gemeenten = frame["gemeente_nis"].to_numpy(dtype=object)
    editable = np.isin(gemeenten, [code for code in set(gemeenten) if access.can_edit(code)])
    public = frame["status"].isin(PUBLIC_STATUSES).to_numpy()
    if access.read_only:
        public = public & np.isin(gemeenten, list(access.gemeenten or ()))
    return editable | public


def funnel(frame: pd.DataFrame, rows: np.ndarray) -> dict[str, int]:
    """The partners of the chosen ``rows`` by status (every status, zero included), in funnel order."""
    counts = frame["status"][rows].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def trusted_names(frame: pd.DataFrame, rows: np.ndarray, trusted: Sequence[str]) -> dict[str, str]:
    """``partner_id → name`` of the trusted partners among the chosen ``rows``."""
    chosen = frame[rows & frame["status"].isin(trusted).to_numpy()]
    return dict(zip(chosen["partner_id"], chosen["naam"]))


def first_moment(history: pd.DataFrame) -> date | None:
    """The Belgian date of the oldest history row, or None without history."""
    if history.empty:
        return None
    oldest = pd.Timestamp(history["tijdstip"].min())  # one format, all UTC: the smallest text is the oldest
    return oldest.tz_convert(TIMEZONE).date()