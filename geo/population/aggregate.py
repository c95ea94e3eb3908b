"""Inhabitants per wijk from sectors: one vectorised join on the link table, sums per wijk, and
what did not land in a wijk, reported per 2025 municipality.

Every inhabitant of a sector of Flanders or Brussels ends up in exactly one column of the
report: in a wijk (``inwoners_wijken``), without a known address (``onbekend_adres``: the
``<nis>ZZZZ`` sectors the table sends to ``<nis>WONB``; they belong to municipality ``<nis>``,
except ``9999x``, which belong to none) or not linked (``ongekoppeld_inwoners``: a sector
missing from the table, or one whose wijk is not in the boundaries). Sectors of the table
missing from the file are counted too (``ontbrekende_sectoren``). Sectors of Wallonia (the file
covers all of Belgium) are counted apart. A file with more than ``max_unmatched`` of its
inhabitants not linked is refused (:class:`PopulationRefused`).

Wijk codes carry the municipality codes from before the 2025 mergers and sector prefixes the
codes of their time; a code is brought to its 2025 municipality through the boundaries (each
wijk lies in one 2025 municipality) and the link table (:func:`municipality_of_codes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo import texts
from geo.population.link_table import UNKNOWN_ADDRESS

MAX_UNMATCHED_SHARE = 0.01
NO_MUNICIPALITY = ""  # the 9999x codes: residents the register places in no municipality
# NIS codes of Flanders and Brussels start with these (provinces Antwerpen, Brussels, Vlaams-Brabant
# (23, 24), West- and Oost-Vlaanderen, Limburg); 9999x are the codes of no municipality.
_IN_AREA = ("1", "21", "23", "24", "3", "4", "7", "9999")
REPORT_COLUMNS = ("gemeente_nis", "gemeente_naam", "sectoren", "inwoners", "wijken", "inwoners_wijken",
                  "onbekend_adres", "ongekoppeld_sectoren", "ongekoppeld_inwoners", "ontbrekende_sectoren")


class PopulationRefused(ValueError):
    """Too many inhabitants could not be linked to a wijk; the message (Dutch) says how many."""


@dataclass(frozen=True)
class Aggregation:
    """The result of :func:`aggregate`.

    ``per_wijk``: ``wijk_code, inwoners`` (wijken with at least one sector in the file).
    ``report``: one row per 2025 municipality (and ``gemeente_nis == ""`` for the codes of no
    municipality), columns :data:`REPORT_COLUMNS`. ``unmatched``: the sectors not linked
    (``sector, refnis, inwoners, gemeente_nis``). ``outside``: ``(sectors, inhabitants)``
    outside Flanders and Brussels, not counted.
    """

    per_wijk: pd.DataFrame
    report: pd.DataFrame
    unmatched: pd.DataFrame
    outside: tuple[int, int] = (0, 0)
    totals: dict[str, int] = field(default_factory=dict)

    def messages(self, limit: int = 20) -> list[str]:
        """The sectors not linked and those missing from the file, per municipality, and the sectors
        outside Flanders and Brussels, in Dutch (at most ``limit`` lines per kind; the inhabitants
        without a known address are in ``report`` and ``totals``, present in nearly every municipality)."""
        lines: list[str] = []
        for row in self.report[self.report["ongekoppeld_sectoren"] > 0].head(limit).itertuples():
            examples = self.unmatched.loc[self.unmatched["gemeente_nis"] == row.gemeente_nis, "sector"].head(3)
            lines.append(texts.INWONERS_MELDING_ONGEKOPPELD.format(
                gemeente=_label(row), sectoren=row.ongekoppeld_sectoren, inwoners=thousands(row.ongekoppeld_inwoners),
                voorbeelden=", ".join(examples)))
        for row in self.report[self.report["ontbrekende_sectoren"] > 0].head(limit).itertuples():
            lines.append(texts.INWONERS_MELDING_ONTBREKEND.format(gemeente=_label(row), sectoren=row.ontbrekende_sectoren))
        if self.outside[0]:
            lines.append(texts.INWONERS_BUITEN.format(sectoren=self.outside[0], inwoners=thousands(self.outside[1])))
        return lines


def aggregate(sectors: pd.DataFrame, link: pd.DataFrame, boundaries, *, year: int | str = "",
              max_unmatched: float = MAX_UNMATCHED_SHARE) -> Aggregation:
    """Sum ``sectors`` (``sector, refnis, inwoners``, :func:`geo.population.statbel.read_sector_file`)
    per wijk of ``boundaries`` through ``link`` (``sector, wijk_code``,
    :func:`geo.population.link_table.read_link_table`).

    Raises :class:`PopulationRefused` when more than ``max_unmatched`` (a share) of the
    inhabitants of Flanders and Brussels is not linked to a wijk or to ``…WONB``.
    """
    # Plain object columns: isin and merge on Arrow-backed strings are several times slower here.
    sectors = sectors.astype({"sector": object, "refnis": object})
    link = link.astype({"sector": object, "wijk_code": object})
    wijken = pd.DataFrame(boundaries.wijken[["wijk_code", "gemeente_nis"]]).astype(object)
    wijk_gemeente = pd.Series(wijken["gemeente_nis"].to_numpy(), index=wijken["wijk_code"].to_numpy())
    code_gemeente = municipality_of_codes(link, wijken, boundaries.gemeenten["gemeente_nis"])

    refnis = sectors["refnis"].where(sectors["refnis"] != "", sectors["sector"].str[:5])
    in_area = refnis.str.startswith(_IN_AREA).to_numpy() | sectors["sector"].str.startswith("9999").to_numpy()
    outside = (int((~in_area).sum()), int(sectors["inwoners"].to_numpy()[~in_area].sum()))
    rows = sectors[in_area].merge(link, on="sector", how="left")
    refnis = refnis[in_area].to_numpy()
    code = rows["wijk_code"].fillna("").to_numpy(dtype=object)
    people = rows["inwoners"].to_numpy(dtype=np.int64)
    unknown_address = rows["wijk_code"].fillna("").str.endswith(UNKNOWN_ADDRESS).to_numpy()
    in_wijk = rows["wijk_code"].isin(wijk_gemeente.index).to_numpy()
    unmatched = ~in_wijk & ~unknown_address

    gemeente = np.full(len(rows), NO_MUNICIPALITY, dtype=object)
    gemeente[in_wijk] = wijk_gemeente.reindex(code[in_wijk]).to_numpy()
    own_code = pd.Series(code[unknown_address]).str[:5]  # <nis>WONB: municipality <nis>; 9999x: none
    gemeente[unknown_address] = own_code.map(code_gemeente).fillna(NO_MUNICIPALITY).to_numpy()
    by_refnis = pd.Series(refnis[unmatched]).map(code_gemeente)
    by_prefix = rows.loc[unmatched, "sector"].str[:5].reset_index(drop=True).map(code_gemeente)
    gemeente[unmatched] = by_refnis.fillna(by_prefix).fillna(NO_MUNICIPALITY).to_numpy()

    total = int(people.sum())
    lost = int(people[unmatched].sum())
    unmatched_rows = pd.DataFrame({"sector": rows.loc[unmatched, "sector"].to_numpy(), "refnis": refnis[unmatched],
                                   "inwoners": people[unmatched], "gemeente_nis": gemeente[unmatched]})
    if total and lost / total > max_unmatched:
        largest = unmatched_rows.sort_values("inwoners", ascending=False)["sector"].head(5)
        raise PopulationRefused(texts.INWONERS_TE_VEEL_ONGEKOPPELD.format(
            jaar=year, inwoners=thousands(lost), totaal=thousands(total), sectoren=int(unmatched.sum()),
            procent=f"{lost / total * 100:.1f}".replace(".", ","), max=f"{max_unmatched * 100:g}".replace(".", ","),
            voorbeelden=", ".join(largest)))

    per_wijk = (pd.DataFrame({"wijk_code": code[in_wijk], "inwoners": people[in_wijk]})
                .groupby("wijk_code", sort=True)["inwoners"].sum().reset_index())
    present = set(rows["sector"])
    linked = link[link["wijk_code"].isin(wijk_gemeente.index) & ~link["sector"].isin(present)]
    missing = wijk_gemeente.reindex(linked["wijk_code"].to_numpy()).value_counts()
    report = _report(pd.DataFrame({"gemeente_nis": gemeente, "inwoners": people, "in_wijk": in_wijk,
                                   "wonb": unknown_address, "unmatched": unmatched}),
                     per_wijk.assign(gemeente_nis=wijk_gemeente.reindex(per_wijk["wijk_code"]).to_numpy()),
                     missing, boundaries.names)
    totals = {"sectoren": len(rows), "inwoners": total, "inwoners_wijken": int(people[in_wijk].sum()),
              "onbekend_adres": int(people[unknown_address].sum()), "ongekoppeld_inwoners": lost,
              "ongekoppeld_sectoren": int(unmatched.sum()), "wijken": len(per_wijk),
              "ontbrekende_sectoren": int(missing.sum())}
    return Aggregation(per_wijk=per_wijk, report=report, unmatched=unmatched_rows, outside=outside, totals=totals)


def municipality_of_codes(link: pd.DataFrame, wijken: pd.DataFrame, gemeenten: pd.Series) -> dict[str, str]:
    """The 2025 municipality of every NIS code the data uses: 2025 codes themselves, the
    pre-2025 codes of the wijk codes, and the sector prefixes of the link table (each by the
    municipality most of its wijken lie in)."""
    wijk_gemeente = pd.Series(wijken["gemeente_nis"].to_numpy(), index=wijken["wijk_code"].to_numpy())
    linked = link[link["wijk_code"].isin(wijk_gemeente.index)]
    pairs = pd.concat([
        pd.DataFrame({"code": wijken["wijk_code"].str[:5].to_numpy(), "gemeente_nis": wijken["gemeente_nis"].to_numpy()}),
        pd.DataFrame({"code": linked["sector"].str[:5].to_numpy(),
                      "gemeente_nis": wijk_gemeente.reindex(linked["wijk_code"]).to_numpy()}),
    ])
    majority = (pairs.groupby(["code", "gemeente_nis"]).size().reset_index(name="n")
                .sort_values(["code", "n"], ascending=[True, False]).drop_duplicates("code"))
    mapping = dict(zip(majority["code"], majority["gemeente_nis"]))
    mapping.update({str(c): str(c) for c in gemeenten})
    return mapping


def thousands(value: float) -> str:
    """A whole number the Dutch way: ``12.345``."""
    return f"{int(round(value)):,}".replace(",", ".")


def _report(rows: pd.DataFrame, per_wijk: pd.DataFrame, missing: pd.Series, names: dict[str, str]) -> pd.DataFrame:
    people = rows["inwoners"]
    grouped = pd.DataFrame({
        "sectoren": rows.groupby("gemeente_nis").size(),
        "inwoners": people.groupby(rows["gemeente_nis"]).sum(),
        "inwoners_wijken": people.where(rows["in_wijk"], 0).groupby(rows["gemeente_nis"]).sum(),
        "onbekend_adres": people.where(rows["wonb"], 0).groupby(rows["gemeente_nis"]).sum(),
        "ongekoppeld_sectoren": rows["unmatched"].groupby(rows["gemeente_nis"]).sum(),
        "ongekoppeld_inwoners": people.where(rows["unmatched"], 0).groupby(rows["gemeente_nis"]).sum(),
    })
    grouped["wijken"] = per_wijk.groupby("gemeente_nis").size()
    grouped = grouped.reindex(grouped.index.union(missing.index))
    grouped["ontbrekende_sectoren"] = missing
    grouped = grouped.fillna(0).astype(np.int64)
    grouped.index.name = "gemeente_nis"
    report = grouped.reset_index()
    report["gemeente_naam"] = [names.get(c, texts.INWONERS_GEEN_GEMEENTE) for c in report["gemeente_nis"]]
    report["_none"] = report["gemeente_nis"] == NO_MUNICIPALITY
    report = report.sort_values(["_none", "gemeente_naam"]).drop(columns="_none")
    return report[list(REPORT_COLUMNS)].reset_index(drop=True)


def _label(row) -> str:
    return f"{row.gemeente_naam} ({row.gemeente_nis})" if row.gemeente_nis else row.gemeente_naam
