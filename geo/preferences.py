"""Coverage settings the organisers save in the app (radius per kind, trusted statuses, threshold)."""

from __future__ import annotations

import json

from geo.reach import CoverageSettings

KEY = "dekking"


def load_coverage_settings(store) -> CoverageSettings:
    """The saved coverage settings, or the defaults (also when the saved value is damaged)."""
    text = store.setting_get(KEY)
    if not text:
        return CoverageSettings()
    try:
        data = json.loads(text)
        return CoverageSettings(
            trusted_statuses=tuple(data.get("trusted_statuses", CoverageSettings.trusted_statuses)),
            radius_overrides=tuple((str(c), int(m)) for c, m in data.get("radius_overrides", ())),
            threshold=float(data.get("threshold", CoverageSettings.threshold)),
        )
    except (ValueError, TypeError):
        return CoverageSettings()


def save_coverage_settings(store, settings: CoverageSettings, door: str = "") -> None:
    """Save what organisers set (the filters are per view and are not saved); ``door`` is who."""
    store.setting_put(KEY, json.dumps({
        "trusted_statuses": list(settings.trusted_statuses),
        "radius_overrides": [list(pair) for pair in settings.radius_overrides],
        "threshold": settings.threshold,
    }), door)
