"""The built-in inhabitants: a real local HTTP server in Statbel's place (download, cache, offline
reuse, the previous year when a year cannot be had), a configured local file, and a refusal."""

from __future__ import annotations

import pytest

from bench.population_bench import statbel_zip
from geo import texts
from geo.config import load_settings
from geo.population import PopulationUnavailable, load_builtin, population_source
from geo.population.builtin import ATTRIBUTION_ATTR
from geo.sources import BoundaryDataUnavailable, cached_download
from tests.conftest import NO_POPULATION_URL
from tests.geo.population.conftest import UNLINKED
from tests.geo.test_sources import FileServer


@pytest.fixture
def statbel(tmp_path):
    """A real HTTP server standing in for Statbel's open-data folder (``served`` is its folder)."""
    served = tmp_path / "statbel"
    served.mkdir()
    running = FileServer(served)
    running.folder = served
    yield running
    running.stop()


def settings_for(tmp_path, SHARED_GEBIEDEN, boundary_cache, url: str = NO_POPULATION_URL, **more: str):
    """Settings on the shared boundaries, with their own download cache for the sector files."""
    return load_settings({"PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN), "PARTNERKAART_CACHE": str(tmp_path / "cache"),
                          "PARTNERKAART_BEVOLKING_URL": url, "PARTNERKAART_DOWNLOAD_TIMEOUT": "5",
                          "PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml"), **more})


def test_the_year_is_downloaded_once_cached_and_reused_offline(statbel, rows, boundaries, tmp_path, SHARED_GEBIEDEN,
                                                                 boundary_cache):
    (statbel.folder / "OPENDATA_SECTOREN_2025.zip").write_bytes(statbel_zip(rows, 2025))
    settings = settings_for(tmp_path, SHARED_GEBIEDEN, boundary_cache,
                            url=statbel.base_url + "OPENDATA_SECTOREN_{jaar}.zip")

    first = load_builtin(settings, boundaries)
    assert statbel.requests == ["/OPENDATA_SECTOREN_2025.zip"]
    assert (first.year, first.note) == (2025, "")
    assert first.source == texts.INWONERS_BRON.format(jaar=2025) == population_source(first.table)[0]
    assert "Statbel (Algemene Directie Statistiek - Statistics Belgium)" in first.table.attrs[ATTRIBUTION_ATTR]
    assert first.aggregation.totals["ongekoppeld_inwoners"] == UNLINKED[2]

    statbel.stop()  # offline: the cached copy is used without asking
    again = load_builtin(settings, boundaries)
    assert again.table.equals(first.table) and again.year == 2025
    assert statbel.requests == ["/OPENDATA_SECTOREN_2025.zip"]


def test_the_previous_year_stands_in_when_the_year_cannot_be_downloaded(statbel, rows, boundaries, tmp_path,
                                                                         SHARED_GEBIEDEN, boundary_cache):
    (statbel.folder / "OPENDATA_SECTOREN_2024.zip").write_bytes(statbel_zip(rows, 2024))
    settings = settings_for(tmp_path, SHARED_GEBIEDEN, boundary_cache,
                            url=statbel.base_url + "OPENDATA_SECTOREN_{jaar}.zip")

    population = load_builtin(settings, boundaries)

    assert statbel.requests == ["/OPENDATA_SECTOREN_2025.zip", "/OPENDATA_SECTOREN_2024.zip"]
    assert population.year == 2024 and population.source == texts.INWONERS_BRON.format(jaar=2024)
    assert population.note.startswith("De bevolkingscijfers van 2025 konden niet geladen worden")
    assert "HTTP-fout 404" in population.note and "de cijfers van 2024 worden gebruikt" in population.note


def test_offline_without_a_copy_there_are_no_builtin_inhabitants(boundaries, tmp_path, SHARED_GEBIEDEN, boundary_cache):
    with pytest.raises(PopulationUnavailable) as unavailable:
        load_builtin(settings_for(tmp_path, SHARED_GEBIEDEN, boundary_cache), boundaries)

    assert "OPENDATA_SECTOREN_2025.zip" in str(unavailable.value) and "OPENDATA_SECTOREN_2024.zip" in str(unavailable.value)


def test_a_configured_file_is_used_without_any_download(sector_zip, boundaries, tmp_path, SHARED_GEBIEDEN,
                                                         boundary_cache):
    older = sector_zip.with_name("OPENDATA_SECTOREN_2023.zip")
    sector_zip.rename(older)
    settings = settings_for(tmp_path, SHARED_GEBIEDEN, boundary_cache, PARTNERKAART_BEVOLKING_PAD=str(older))

    population = load_builtin(settings, boundaries)

    assert population.year == 2023  # from the file's name
    assert population.table["inwoners"].sum() == population.aggregation.totals["inwoners_wijken"] > 0
    assert not (tmp_path / "cache" / "downloads").exists()


def test_a_year_with_too_many_unlinked_inhabitants_is_refused(rows, boundaries, tmp_path, SHARED_GEBIEDEN,
                                                              boundary_cache):
    path = tmp_path / "OPENDATA_SECTOREN_2025.zip"
    path.write_bytes(statbel_zip(rows + [("11002", "11002Q98-", 1_000_000)], 2025))

    with pytest.raises(PopulationUnavailable, match="van 2025 worden niet gebruikt.*11002Q98-"):
        load_builtin(settings_for(tmp_path, SHARED_GEBIEDEN, boundary_cache), boundaries, path=path)


def test_a_download_past_its_size_limit_is_stopped_and_not_kept(statbel, rows, tmp_path):
    (statbel.folder / "OPENDATA_SECTOREN_2025.zip").write_bytes(statbel_zip(rows, 2025))
    url = statbel.base_url + "OPENDATA_SECTOREN_2025.zip"

    with pytest.raises(BoundaryDataUnavailable, match="groter dan"):
        cached_download(url, tmp_path / "cache", 5, max_bytes=10_000)
    assert not list((tmp_path / "cache").rglob("OPENDATA_SECTOREN_2025.zip"))
    assert cached_download(url, tmp_path / "cache", 5, max_bytes=10_000_000).read_bytes() == \
        (statbel.folder / "OPENDATA_SECTOREN_2025.zip").read_bytes()
