"""The limits of an uploaded table: their defaults, from the settings, and how sizes are written."""

from __future__ import annotations

from types import SimpleNamespace

from geo.config import load_settings
from geo.uploads.table_limits import MB, TableLimits, megabytes, thousands


def test_limits_from_the_settings():
    settings_ = SimpleNamespace(max_upload_bytes=5 * MB, max_cellen=1_000, max_tekens=20_000, max_uitgepakt_mb=2.5)
    limits = TableLimits.from_settings(settings_)
    assert limits == TableLimits(max_bytes=5 * MB, max_cells=1_000, max_chars=20_000,
                                 max_unpacked_bytes=int(2.5 * MB))
    assert (TableLimits().max_cells, TableLimits().max_chars, TableLimits().max_unpacked_bytes) == (
        5_000_000, 100_000_000, 200 * MB)


def test_the_default_settings_give_the_default_limits(tmp_path):
    defaults = load_settings({"PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml")})
    assert TableLimits.from_settings(defaults) == TableLimits()


def test_sizes_and_counts_the_dutch_way():
    assert [megabytes(n) for n in (20 * MB, 20 * MB + 1, MB // 2)] == ["20", "20,1", "0,5"]
    assert [thousands(n) for n in (999, 5_000_000)] == ["999", "5.000.000"]
