"""A municipality's candidates as organisers see them: matched with partners, dismissals hidden, per white spot.

:func:`candidate_frame` turns the kept candidates into a table with Lambert 72 coordinates and,
per candidate, the partner it matches (so it is not shown as new), whether it was dismissed
(``geen kandidaat``) and whether it was already added as a partner. A candidate matches a
partner as an import row does (:mod:`geo.duplicates`): the same name (normalised) and the same
postcode, or the same name within :data:`~geo.duplicates.NEARBY_M`; and, because open data
words names its own way ("Basisschool De Zonnebloem" for "De Zonnebloem"), a name that
rapidfuzz's token-set ratio finds :data:`SIMILAR_NAME` % alike within :data:`SIMILAR_NEAR_M`.
``match_uitleg`` says which, in Dutch, for the hover text.

:func:`spot_candidates` lists per white spot the open candidates inside it or whose default
reach (their kind's, as in the advice) reaches into it, the kinds the wijk misses first.
:func:`as_prospects` gives them in the partner-table layout of :func:`geo.reach.partner_frame`
with status ``te contacteren`` and ids ``kandidaat:<bron>:<bron_id>`` (:func:`as_partners`: as
partners), so the advice can weigh them next to the partners.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz

from geo import texts
from geo.candidates.records import CANDIDATE_COLUMNS, Candidate, attribution_of
from geo.categories import Category
from geo.duplicates import NEARBY_M, normalise_names
from geo.partners import Partner
from geo.reach import CoverageSettings, partner_frame, resolve_reach, to_lambert_xy

SIMILAR_NAME = 90.0
SIMILAR_NEAR_M = 150.0
PROSPECT_PREFIX = "kandidaat:"
FRAME_COLUMNS = (*CANDIDATE_COLUMNS, "adres", "bronvermelding", "x", "y", "match_id", "match_naam", "match_uitleg",
                 "afgewezen", "toegevoegd_als")


def candidate_frame(candidates: Sequence[Candidate], partners: Sequence[Partner],
                    dismissed: set[tuple[str, str]] = frozenset(),
                    added: Mapping[tuple[str, str], str] | None = None,
                    names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The candidates with their source's attribution (``names``: of the added sources), match, dismissal and
    added partner (columns :data:`FRAME_COLUMNS`)."""
    if not candidates:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FRAME_COLUMNS})
    frame = pd.DataFrame([{c: getattr(item, c) for c in CANDIDATE_COLUMNS} for item in candidates])
    frame["adres"] = [item.adres for item in candidates]
    frame["bronvermelding"] = [attribution_of(bron, names) for bron in frame["bron"]]
    x, y = to_lambert_xy(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))
    frame["x"], frame["y"] = x, y
    ids, names, reasons = _matches(frame, partners)
    frame["match_id"], frame["match_naam"], frame["match_uitleg"] = ids, names, reasons
    keys = list(zip(frame["bron"], frame["bron_id"]))
    frame["afgewezen"] = [key in dismissed for key in keys]
    frame["toegevoegd_als"] = [(added or {}).get(key, "") for key in keys]
    return frame


def open_candidates(frame: pd.DataFrame) -> pd.DataFrame:
    """The candidates that are new: not matching a partner, not dismissed, not added."""
    keep = (frame["match_id"] == "") & ~frame["afgewezen"].astype(bool) & (frame["toegevoegd_als"] == "")
    return frame[keep.to_numpy()]


def spot_candidates(frame: pd.DataFrame, spots: pd.DataFrame, boundaries, categories: Mapping[str, Category],
                    settings: CoverageSettings) -> dict[str, pd.DataFrame]:
    """Per white spot (``wijk_code`` of a :func:`geo.advice.white_spots` table): the open candidates
    in it or reaching into it, with ``afstand_m`` (0 inside) and ``ontbrekend`` (their kind is one the
    wijk misses), missing kinds first, then the nearest, then by name."""
    found: dict[str, pd.DataFrame] = {code: frame.iloc[0:0].assign(afstand_m=[], ontbrekend=[])
                                      for code in spots["wijk_code"]}
    candidates = open_candidates(frame)
    if candidates.empty or spots.empty:
        return found
    reach = resolve_reach(as_prospects(candidates), categories, settings)
    kind = reach["reach_type"].to_numpy()
    radius = np.where(kind == "cirkel", reach["radius_m"].to_numpy(dtype=float), 0.0)
    wijken = boundaries.wijken.set_index("wijk_code").loc[spots["wijk_code"].to_numpy()]
    points = shapely.points(candidates["x"].to_numpy(dtype=float), candidates["y"].to_numpy(dtype=float))
    tree = shapely.STRtree(points)
    missing = dict(zip(spots["wijk_code"], spots["ontbrekende_categorieen"]))
    for code, polygon, gemeente in zip(wijken.index, wijken.geometry.to_numpy(), wijken["gemeente_nis"].to_numpy()):
        near = tree.query(polygon, predicate="dwithin", distance=float(max(radius.max(), 0.0)))
        distance = shapely.distance(polygon, points[near])
        reaches = np.where(kind[near] == "cirkel", distance <= radius[near],
                           np.where(kind[near] == "gemeente", candidates["gemeente_nis"].to_numpy()[near] == gemeente,
                                    candidates["wijk_code"].to_numpy()[near] == code))
        rows = candidates.iloc[near[reaches]].assign(afstand_m=np.round(distance[reaches], 0))
        rows = rows.assign(ontbrekend=rows["categorie"].isin(missing.get(code, ())).to_numpy())
        found[code] = rows.sort_values(["ontbrekend", "afstand_m", "naam"], ascending=[False, True, True])
    return found


def as_partners(frame: pd.DataFrame) -> list[Partner]:
    """Candidates as partners ``te contacteren`` with ids ``kandidaat:<bron>:<bron_id>`` (for the advice and its map)."""
    return [Partner(naam=row.naam, categorie=row.categorie, status="te contacteren", lat=float(row.lat),
                    lon=float(row.lon), gemeente_nis=row.gemeente_nis, wijk_code=row.wijk_code,
                    straat=row.straat, huisnummer=row.huisnummer, postcode=row.postcode, plaats=row.plaats,
                    id=f"{PROSPECT_PREFIX}{row.bron}:{row.bron_id}") for row in frame.itertuples(index=False)]


def as_prospects(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`as_partners` in the layout of :func:`geo.reach.partner_frame`."""
    return partner_frame(as_partners(frame))


def is_prospect_candidate(partner_id: str) -> bool:
    return str(partner_id).startswith(PROSPECT_PREFIX)


def source_of_prospect(partner_id: str, names: Mapping[str, str] | None = None) -> str:
    """The attribution of the source an advice's candidate comes from (``kandidaat:osm:node/1`` → OpenStreetMap)."""
    rest = str(partner_id)[len(PROSPECT_PREFIX):]
    bron = ":".join(rest.split(":", 2)[:2]) if rest.startswith("eigen:") else rest.split(":", 1)[0]
    return attribution_of(bron, names)


def _matches(frame: pd.DataFrame, partners: Sequence[Partner]) -> tuple[list[str], list[str], list[str]]:
    """Per candidate: the id and name of the partner it matches and why ("" when none)."""
    count = len(frame)
    ids, names, reasons = [""] * count, [""] * count, [""] * count
    located = [p for p in partners if p.has_location]
    if not partners:
        return ids, names, reasons
    partner_names = normalise_names([p.naam for p in partners])
    by_key = {(n, p.postcode): p for n, p in zip(partner_names, partners) if p.postcode}
    candidate_names = normalise_names(frame["naam"].tolist())
    postcodes = frame["postcode"].tolist()
    cx, cy = frame["x"].to_numpy(dtype=float), frame["y"].to_numpy(dtype=float)
    for index, (name, postcode) in enumerate(zip(candidate_names, postcodes)):
        partner = by_key.get((name, postcode)) if postcode else None
        if partner is not None:
            ids[index], names[index] = partner.id, partner.naam
            reasons[index] = texts.KANDIDAAT_MATCH_POSTCODE.format(naam=partner.naam, postcode=postcode)
    if not located:
        return ids, names, reasons
    px, py = to_lambert_xy(np.array([p.lon for p in located]), np.array([p.lat for p in located]))
    located_names = normalise_names([p.naam for p in located])
    tree = shapely.STRtree(shapely.points(px, py))
    open_rows = np.array([i for i in range(count) if not ids[i]], dtype=int)
    if open_rows.size == 0:
        return ids, names, reasons
    pairs = tree.query(shapely.points(cx[open_rows], cy[open_rows]), predicate="dwithin", distance=SIMILAR_NEAR_M)
    distances = np.hypot(cx[open_rows[pairs[0]]] - px[pairs[1]], cy[open_rows[pairs[0]]] - py[pairs[1]])
    for (row, other), metres in sorted(zip(zip(open_rows[pairs[0]].tolist(), pairs[1].tolist()), distances.tolist()),
                                       key=lambda item: item[1]):
        if ids[row]:
            continue
        partner = located[other]
        if candidate_names[row] == located_names[other] and metres <= NEARBY_M:
            reason = texts.KANDIDAAT_MATCH_NABIJ.format(naam=partner.naam, meter=round(metres))
        else:
            score = fuzz.token_set_ratio(candidate_names[row], located_names[other])
            if score < SIMILAR_NAME:
                continue
            reason = texts.KANDIDAAT_MATCH_GELIJKEND.format(naam=partner.naam, procent=round(score), meter=round(metres))
        ids[row], names[row], reasons[row] = partner.id, partner.naam, reason
    return ids, names, reasons


def municipality_candidates(store, gemeente_nis: str) -> pd.DataFrame:
    """:func:`candidate_frame` of a municipality's kept candidates, read from the store."""
    return candidate_frame(store.candidate_list(gemeente_nis), store.list_partners(),
                           {(d.bron, d.bron_id) for d in store.dismissals(gemeente_nis)}, store.partner_sources(),
                           store.candidate_source_names())
