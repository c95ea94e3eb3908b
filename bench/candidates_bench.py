"""Candidate partners for a large city: 20,000 OpenStreetMap elements for Antwerpen, mapped to
kinds, kept inside the search area, assigned to wijken and matched against 2,000 partners.

Partnerkaart's way is :func:`geo.candidates.search.candidates_in` (the Overpass answer read, one
rule lookup per element, the area test and the wijk of every point in one vectorised call each)
and :func:`geo.candidates.listing.candidate_frame` (exact name + postcode from a dict, then one
spatial-index query for every candidate–partner pair within 150 m and rapidfuzz on those pairs
only). The naive way, measured in the same run, reads the same JSON and then loops per element:
the rules one by one, ``area.contains(point)`` and :meth:`Boundaries.locate` per point, and per
candidate the distance to every partner (numpy) with the name comparison on the near ones. Both
answers are compared. The elements are uniform over the search area (fixed seed): 80 % carry a
rule's tag and a name, the rest a tag no rule names or no name; a third of them are ways (with a
``center``). Of the 2,000 partners, 400 are a candidate's name at 20 m, 300 a longer variant of
it ("Basisschool …") at 80 m, the rest elsewhere. Target (issue 17): ≤ 1 s. Nothing is asserted.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
from pathlib import Path

import numpy as np

from bench.common import bench_environment, report, rss_mb, timed
from bench.common import dutch_number as _n

SEED = 20_261_206
ELEMENTS = 20_000
PARTNERS = 2_000
ANTWERPEN = "11002"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        os.environ.update(bench_environment(Path(tmp)))
        _run()


def _run() -> None:
    from geo.boundaries import load_boundaries
    from geo.candidates.listing import candidate_frame
    from geo.candidates.osm_tags import load_rules
    from geo.candidates.search import candidates_in, search_area
    from geo.categories import load_categories
    from geo.config import load_settings

    settings = load_settings()
    boundaries = load_boundaries(settings)
    categories = load_categories(settings.categorieen)
    rules = load_rules(settings.kandidaten_osm_tags, categories)
    area = search_area(boundaries, ANTWERPEN, rules, categories)
    rng = np.random.default_rng(SEED)
    answer, named = _answer(area, rules, rng)
    partners = _partners(named, rng)

    rss_before = rss_mb()
    found_s, found = timed(lambda: candidates_in(answer, rules, ANTWERPEN, area, boundaries), repeat=3)
    match_s, frame = timed(lambda: candidate_frame(found, partners), repeat=3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_after = rss_mb()
    naive_s, naive = timed(lambda: _naive(answer, rules, area, boundaries, partners), repeat=1)

    ours = {(c.bron_id, c.categorie, c.wijk_code, m) for c, m in zip(found, frame["match_id"])}
    differ = len(ours ^ naive)
    matched = int((frame["match_id"] != "").sum())
    report(f"Kandidaten: {_n(ELEMENTS)} OpenStreetMap-elementen voor Antwerpen, {_n(PARTNERS)} partners", [
        ("soort, binnen het zoekgebied, wijk (candidates_in, mediaan van 3)", f"{found_s:.3f} s", "-", "-"),
        ("vergelijken met de partners (candidate_frame, mediaan van 3)", f"{match_s:.3f} s", "-", "-"),
        ("samen", f"{found_s + match_s:.3f} s", f"{naive_s:.1f} s (lus per element)", "≤ 1 s"),
        ("kandidaten die anders uitkomen dan de naïeve manier", str(differ), "-", "0"),
        ("geheugen van het proces", f"{rss_after:.0f} MB (piek {peak_mb:.0f} MB)",
         f"vóór de kandidaten {rss_before:.0f} MB", "-"),
    ])
    print(f"  {_n(len(found))} kandidaten in het zoekgebied, waarvan {_n(matched)} al partner; "
          f"{_n(len(answer) // 1024)} kB antwoord")


def _answer(area, rules, rng) -> tuple[bytes, list[tuple[str, float, float]]]:
    """An Overpass answer of ``ELEMENTS`` elements uniform over ``area``; also (name, lat, lon) of the named ones."""
    import shapely

    from geo.reach import to_wgs84_lonlat

    minx, miny, maxx, maxy = shapely.bounds(area)
    x, y = rng.uniform(minx, maxx, ELEMENTS), rng.uniform(miny, maxy, ELEMENTS)
    lon, lat = to_wgs84_lonlat(x, y)
    kinds = ["Basisschool", "Chiro", "Buurthuis", "Repair Café", "Kringwinkel", "Vereniging", "Bib"]
    elements, named = [], []
    for i in range(ELEMENTS):
        rule = rules[i % len(rules)]
        tags = {rule.key: rule.value}
        roll = rng.random()
        if roll < 0.1:
            tags = {"amenity": "bench"}
        if roll >= 0.2 or roll < 0.1:
            tags["name"] = f"{kinds[i % len(kinds)]} {i}"
            named.append((tags["name"], float(lat[i]), float(lon[i])))
        point = {"lat": round(float(lat[i]), 7), "lon": round(float(lon[i]), 7)}
        element = ({"type": "way", "id": i, "center": point} if i % 3 == 0 else {"type": "node", "id": i, **point})
        elements.append({**element, "tags": tags})
    return json.dumps({"version": 0.6, "elements": elements}).encode(), named


def _partners(named, rng) -> list:
    """400 partners named as a candidate at 20 m, 300 with a longer name at 80 m, the rest elsewhere."""
    from geo.partners import Partner

    chosen = rng.choice(len(named), 700, replace=False)
    partners = []
    for n, index in enumerate(chosen):
        name, lat, lon = named[index]
        if n < 400:
            partners.append(Partner(name, "school", lat=lat + 0.00018, lon=lon, id=f"p{n}"))
        else:
            partners.append(Partner(f"Vzw {name} Antwerpen", "school", lat=lat, lon=lon + 0.00115, id=f"p{n}"))
    for n in range(700, PARTNERS):
        partners.append(Partner(f"Partner {n}", "buurt", lat=51.0 + rng.random() * 0.5, lon=4.0 + rng.random() * 0.8,
                                id=f"p{n}"))
    return partners


def _naive(answer: bytes, rules, area, boundaries, partners) -> set:
    """The same result with a loop per element and per candidate."""
    import shapely
    from rapidfuzz import fuzz

    from geo.candidates.listing import SIMILAR_NAME, SIMILAR_NEAR_M
    from geo.duplicates import NEARBY_M, normalise_name
    from geo.reach import to_lambert_xy

    located = [p for p in partners if p.has_location]
    px, py = to_lambert_xy(np.array([p.lon for p in located]), np.array([p.lat for p in located]))
    names = [normalise_name(p.naam) for p in located]
    result = set()
    for element in json.loads(answer)["elements"]:
        tags = element.get("tags", {})
        if not tags.get("name"):
            continue
        rule = next((r for r in rules if tags.get(r.key) == r.value), None)
        if rule is None:
            continue
        point = element.get("center", element)
        x, y = to_lambert_xy(np.array([point["lon"]]), np.array([point["lat"]]))
        if not area.contains(shapely.Point(x[0], y[0])):
            continue
        found = boundaries.locate(point["lon"], point["lat"])
        distance = np.hypot(px - x[0], py - y[0])
        name, match = normalise_name(tags["name"]), ""
        for other in np.argsort(distance):
            if distance[other] > SIMILAR_NEAR_M:
                break
            if (name == names[other] and distance[other] <= NEARBY_M) or \
                    fuzz.token_set_ratio(name, names[other]) >= SIMILAR_NAME:
                match = located[other].id
                break
        result.add((f"{element['type']}/{element['id']}", rule.categorie, found[1] if found else "", match))
    return result
