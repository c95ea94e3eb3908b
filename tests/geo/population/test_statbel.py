"""Reading Statbel's sector file: the zip as Statbel publishes it, its text, and what is refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from bench.population_bench import statbel_text, statbel_zip
from geo import texts
from geo.population.statbel import read_sector_file, year_in_name

ROWS = [("11002", "11002A00-", 1234), ("11002", "11002ZZZZ", 12), ("99991", "99991ZZZZ", 3)]


def test_the_zip_in_statbels_format_gives_sector_refnis_and_inhabitants():
    sectors = read_sector_file(statbel_zip(ROWS), "OPENDATA_SECTOREN_2025.zip")

    assert sectors.to_dict("records") == [{"sector": s, "refnis": r, "inwoners": n} for r, s, n in ROWS]


def test_the_bare_text_with_a_bom_and_population_instead_of_total_is_read():
    text = statbel_text(ROWS).decode("utf-8").replace("|TOTAL|", "|POPULATION|").encode("utf-8")

    sectors = read_sector_file(text, "OPENDATA_SECTOREN_2021.txt")
    assert list(sectors["inwoners"]) == [1234, 12, 3]


def test_a_four_character_sector_code_gets_its_municipality_in_front():
    sectors = read_sector_file(b"CD_REFNIS|CD_SECTOR|TOTAL\n12025|A00-|800\n", "s.txt")

    assert list(sectors["sector"]) == ["12025A00-"]


@pytest.mark.parametrize("data, message", [
    (b"CD_REFNIS|SECTOR|AANTAL\n11002|11002A00-|5\n", texts.INWONERS_KOLOMMEN.format(
        bestand="s.txt", kolommen="CD_SECTOR, TOTAL")),
    (b"CD_REFNIS|CD_SECTOR|TOTAL\n11002|11002A00-|veel\n", texts.INWONERS_GETAL.format(
        bestand="s.txt", lijn=2, waarde="veel")),
])
def test_a_file_that_is_no_sector_file_is_refused_in_dutch(data, message):
    with pytest.raises(ValueError) as refused:
        read_sector_file(data, "s.txt")
    assert str(refused.value) == message


def test_a_zip_whose_text_unpacks_past_the_limit_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OPENDATA_SECTOREN_2025.txt", b"CD_REFNIS|CD_SECTOR|TOTAL\n" + b"0" * 3_000_000)

    with pytest.raises(ValueError) as refused:
        read_sector_file(buffer.getvalue(), "groot.zip", max_unpacked_bytes=1_000_000)
    assert "pakt uit tot 2,9 MB" in str(refused.value) and "PARTNERKAART_MAX_UITGEPAKT_MB" in str(refused.value)
    with pytest.raises(ValueError, match="geen geldig zip-bestand"):
        read_sector_file(b"PK\x03\x04kapot", "kapot.zip")


def test_the_year_is_read_from_a_statbel_file_name():
    assert year_in_name("OPENDATA_SECTOREN_2024.zip") == 2024
    assert year_in_name("sectoren.zip") is None
