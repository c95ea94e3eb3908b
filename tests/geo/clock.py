"""A settable clock for the store: every time the store writes (``geo.store.rows.now``) comes from it.

The store and its database stay real; only the moment "now" is scripted, so a test can replay
months of a campaign in a second.
"""

from __future__ import annotations

from datetime import datetime, timezone

import geo.store.rows


class Clock:
    """Stands in for :class:`datetime.datetime` inside :mod:`geo.store.rows` (only ``now`` is used there)."""

    moment = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)

    @classmethod
    def now(cls, tz=None) -> datetime:
        return cls.moment if tz is None else cls.moment.astimezone(tz)


def set_clock(monkeypatch, moment: datetime) -> None:
    """From now on the store writes ``moment`` (UTC) as the time of every change."""
    monkeypatch.setattr(geo.store.rows, "datetime", Clock)
    Clock.moment = moment.astimezone(timezone.utc)
