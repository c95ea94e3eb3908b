"""Inhabitants per wijk: the generated sector file summed over the REAL link table and checked
against the boundaries, municipality by municipality."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import texts
from geo.population.aggregate import NO_MUNICIPALITY, REPORT_COLUMNS, PopulationRefused, aggregate
from tests.geo.population.conftest import LEFT_OUT, NO_MUNICIPALITY as NOWHERE, UNLINKED, WALLOON


def sectors_of(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["refnis", "sector", "inwoners"])


def municipality_of_nis(boundaries, link) -> dict[str, str]:
    """The test's own way to a 2025 municipality: a 2025 code is one; a pre-2025 code is the
    municipality of the wijken whose code starts with it, else of the wijken its sectors go to."""
    wijken = pd.DataFrame(boundaries.wijken[["wijk_code", "gemeente_nis"]])
    by_wijk = dict(zip(wijken["wijk_code"], wijken["gemeente_nis"]))
    mapping = {str(code): str(code) for code in boundaries.gemeenten["gemeente_nis"]}
    for code, nis in zip(wijken["wijk_code"].str[:5], wijken["gemeente_nis"]):
        mapping.setdefault(code, nis)
    for sector, wijk in zip(link["sector"], link["wijk_code"]):
        if wijk in by_wijk:
            mapping.setdefault(sector[:5], by_wijk[wijk])
    return mapping


def test_a_municipalitys_sectors_add_up_to_its_wijken_plus_its_unknown_addresses(rows, link, boundaries):
    result = aggregate(sectors_of(rows), link, boundaries, year=2025)

    to_municipality = municipality_of_nis(boundaries, link)
    in_area = [r for r in rows if r != WALLOON]
    per_municipality = pd.Series([r[2] for r in in_area],
                                 index=[to_municipality.get(r[0], NO_MUNICIPALITY) if not r[0].startswith("9999")
                                        else NO_MUNICIPALITY for r in in_area]).groupby(level=0).sum()
    wijk_gemeente = dict(zip(boundaries.wijken["wijk_code"], boundaries.wijken["gemeente_nis"]))
    in_wijken = result.per_wijk.groupby(result.per_wijk["wijk_code"].map(wijk_gemeente))["inwoners"].sum()
    report = result.report.set_index("gemeente_nis")
    assert list(result.report.columns) == list(REPORT_COLUMNS)
    assert len(per_municipality) == 305  # 304 municipalities and "no municipality"
    for nis, total in per_municipality.items():
        assert total == in_wijken.get(nis, 0) + report.loc[nis, "onbekend_adres"] + report.loc[nis, "ongekoppeld_inwoners"], nis
        assert report.loc[nis, "inwoners"] == total
        assert report.loc[nis, "inwoners_wijken"] == in_wijken.get(nis, 0)
    # Every inhabitant is somewhere: in a wijk, without a known address, or not linked.
    assert result.totals["inwoners"] == sum(r[2] for r in in_area)
    assert result.totals["inwoners"] == (result.totals["inwoners_wijken"] + result.totals["onbekend_adres"]
                                         + result.totals["ongekoppeld_inwoners"])
    assert len(result.per_wijk) == len(boundaries.wijken)


def test_each_wijk_gets_the_sum_of_its_own_sectors(rows, link, boundaries):
    result = aggregate(sectors_of(rows), link, boundaries).per_wijk.set_index("wijk_code")["inwoners"]

    counts = {sector: total for _, sector, total in rows}
    for wijk in ("12025W03", "11002W01", "12041W06", "21001W11"):
        own = link.loc[link["wijk_code"] == wijk, "sector"]
        assert result[wijk] == sum(counts.get(s, 0) for s in own) > 0, wijk


def test_unknown_addresses_go_to_their_municipality_and_9999x_to_none(rows, link, boundaries):
    result = aggregate(sectors_of(rows), link, boundaries)

    report = result.report.set_index("gemeente_nis")
    counts = {sector: total for _, sector, total in rows}
    assert report.loc["12025", "onbekend_adres"] == counts["12025ZZZZ"]
    nowhere = sum(total for refnis, sector, total in rows if refnis.startswith("9999"))
    assert nowhere >= NOWHERE[2] > 0
    assert report.loc[NO_MUNICIPALITY, "onbekend_adres"] == nowhere
    assert report.loc[NO_MUNICIPALITY, "gemeente_naam"] == texts.INWONERS_GEEN_GEMEENTE
    assert result.report["gemeente_nis"].iloc[-1] == NO_MUNICIPALITY  # listed last


def test_a_sector_missing_from_the_link_table_is_reported_for_its_municipality(rows, link, boundaries):
    result = aggregate(sectors_of(rows), link, boundaries)

    antwerpen = result.report.set_index("gemeente_nis").loc["11002"]
    assert (antwerpen["ongekoppeld_sectoren"], antwerpen["ongekoppeld_inwoners"]) == (1, UNLINKED[2])
    assert result.unmatched.to_dict("records") == [{"sector": UNLINKED[1], "refnis": "11002", "inwoners": UNLINKED[2],
                                                    "gemeente_nis": "11002"}]
    assert texts.INWONERS_MELDING_ONGEKOPPELD.format(gemeente="Antwerpen (11002)", sectoren=1, inwoners="55",
                                                     voorbeelden=UNLINKED[1]) in result.messages()


def test_sectors_of_the_link_table_missing_from_the_file_are_counted(rows, link, boundaries):
    result = aggregate(sectors_of(rows), link, boundaries)

    mechelen = result.report.set_index("gemeente_nis").loc["12025"]
    assert mechelen["ontbrekende_sectoren"] == len(LEFT_OUT)
    assert result.totals["ontbrekende_sectoren"] == len(LEFT_OUT)
    assert texts.INWONERS_MELDING_ONTBREKEND.format(gemeente="Mechelen (12025)", sectoren=3) in result.messages()


def test_walloon_sectors_are_counted_apart_not_dropped(rows, link, boundaries):
    result = aggregate(sectors_of(rows), link, boundaries)

    assert result.outside == (1, WALLOON[2])
    assert texts.INWONERS_BUITEN.format(sectoren=1, inwoners="1.000") in result.messages()
    assert WALLOON[1] not in set(result.unmatched["sector"])


def test_more_than_one_percent_not_linked_is_refused_with_the_reason(rows, link, boundaries):
    total = sum(r[2] for r in rows if r != WALLOON)
    unlinked = ("11002", "11002Q98-", int(total * 0.011))
    with pytest.raises(PopulationRefused) as refused:
        aggregate(sectors_of(rows + [unlinked]), link, boundaries, year=2025)

    message = str(refused.value)
    assert "van 2025 worden niet gebruikt" in message and "11002Q98-" in message and "1 %" in message
    # Just under the limit is accepted, and reported.
    below = ("11002", "11002Q98-", int(total * 0.009))
    result = aggregate(sectors_of(rows + [below]), link, boundaries, year=2025)
    assert result.totals["ongekoppeld_inwoners"] == below[2] + UNLINKED[2]
