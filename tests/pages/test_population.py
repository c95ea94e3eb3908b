"""The built-in inhabitants on the pages (``PARTNERKAART_BEVOLKING_PAD`` on a sector file generated
in Statbel's format from the real link table): Witte vlekken ranks by uncovered inhabitants,
Dekking offers covered inhabitants and its legend names the source and year; without them the
pages work by area and say why."""

from __future__ import annotations

import pytest

from geo import texts
from geo.advice import white_spots
from geo.config import load_settings
from geo.population import load_builtin
from geo.preferences import load_coverage_settings
from tests.pages.test_dekking import MECHELEN, coverage_of, downloads, map_script, open_page
from tests.pages.helpers import record_media, run, shown  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("record_media")
SOURCE_2025 = texts.INWONERS_BRON.format(jaar=2025)


@pytest.fixture
def builtin(monkeypatch, statbel_sector_file):
    """The app configured with a generated Statbel file of 2025; returns the file."""
    monkeypatch.setenv("PARTNERKAART_BEVOLKING_PAD", str(statbel_sector_file))
    return statbel_sector_file


def test_witte_vlekken_ranks_by_the_builtin_inhabitants(app, builtin, boundaries, open_db):
    at = open_page(app, "pages/witte_vlekken.py")

    population = load_builtin(load_settings(), boundaries).table
    store = open_db()
    spots = white_spots(coverage_of(boundaries, open_db, population=population), store.list_partners(), boundaries,
                        load_coverage_settings(store))
    table = at.dataframe[0].value
    assert texts.UI_KOLOM_ONGEDEKT_INWONERS in table and texts.UI_KOLOM_ONGEDEKT_KM2 not in table
    assert list(table[texts.UI_KOLOM_WIJK]) == list(spots["wijk_naam"])
    assert list(table[texts.UI_KOLOM_ONGEDEKT_INWONERS]) == list(spots["ongedekte_inwoners"].round(0))
    for kind in set(spots["soort"]):  # within each group, the most uncovered inhabitants first
        people = list(spots.loc[spots["soort"] == kind, "ongedekte_inwoners"])
        assert people == sorted(people, reverse=True)
    advice = at.dataframe[-1].value  # whom to contact first: gains in inhabitants too
    assert len(advice) and all(gain.endswith(" inwoners") for gain in advice[texts.UI_KOLOM_WINST])
    captions = shown(at.caption)
    assert texts.UI_MAAT_INWONERS in captions[0] and SOURCE_2025 in captions[0]
    assert any(c.startswith("Inwoners: Statbel") and "1 januari 2025" in c for c in captions[1:])  # attribution


def test_dekking_offers_covered_inhabitants_and_its_legend_names_the_year(app, builtin):
    at = open_page(app, "pages/dekking.py")

    assert texts.UI_METRIEK_INWONERS in at.pills[0].options
    assert at.pills[0].value == "gedekt_aandeel" and "metriek" not in at.query_params  # covered share stays the default
    script = map_script(at)
    assert texts.UI_INWONERS_INGEBOUWD.format(bron=SOURCE_2025) in script
    assert texts.INWONERS_ATTRIBUTIE.format(jaar=2025) in downloads(at)["CSV"].decode("utf-8-sig")  # "# Bronnen: …"
    at = run(at.pills[0].set_value("inwoners_gedekt"))
    assert texts.UI_INWONERS_INGEBOUWD.format(bron=SOURCE_2025) in map_script(at)


def test_without_builtin_inhabitants_the_pages_work_by_area_and_say_why(app):
    at = open_page(app, "pages/witte_vlekken.py")

    table = at.dataframe[0].value
    assert texts.UI_KOLOM_ONGEDEKT_KM2 in table
    caption = shown(at.caption)[0]
    assert texts.UI_MAAT_OPPERVLAKTE.split(" (")[0] in caption and "Geen ingebouwde inwonerscijfers" in caption
    at = open_page(app, "pages/dekking.py", MECHELEN)
    assert texts.UI_METRIEK_INWONERS not in at.pills[0].options
