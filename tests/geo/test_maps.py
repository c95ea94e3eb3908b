"""Map HTML: local assets only, the wijken and partners, attribution, legend, escaping."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geo import assets, maps, texts
from geo.boundaries import ATTRIBUTION_STATBEL
from geo.partners import Partner, validate_partner

XSS = "<img src=x onerror=alert(1)>"
URL = re.compile(r"https?://[^\s\"'<>\\)]+")


def render(fmap) -> str:
    return fmap.get_root().render()


def feature_collections(page: str) -> list[dict]:
    """Every GeoJSON FeatureCollection embedded in the map's script."""
    decoder, found = json.JSONDecoder(), []
    for match in re.finditer(r'\{"type":\s*"FeatureCollection"', page):
        found.append(decoder.raw_decode(page, match.start())[0])
    return found


def partner_points(page: str) -> list[list]:
    """The partner markers of the map's script: ``[lat, lon, icon, tooltip, popup]`` each."""
    found = []
    for match in re.finditer(r"var points = (\[.*?\]);\n", page):
        found += json.loads(match.group(1))
    return found


def resources(page: str) -> list[str]:
    """URLs the page loads as scripts or stylesheets."""
    return re.findall(r'<(?:script|link)[^>]*?(?:src|href)="([^"]*)"', page)


@pytest.fixture
def partner(boundaries, categories):
    def make(naam: str = "Velt Mechelen", lat="51.0279", lon="4.4801", **values) -> Partner:
        draft, errors = validate_partner({"naam": naam, "categorie": "natuur_milieu", "gemeente_nis": "12025",
                                          "lat": lat, "lon": lon, **values}, categories)
        assert errors == []
        return replace(draft, wijk_code=boundaries.locate(draft.lon, draft.lat)[1]) if draft.has_location else draft
    return make


@pytest.fixture
def mechelen(boundaries, categories, settings, partner) -> str:
    partners = [partner(), partner("Chiro", categorie="jeugdbeweging", lat="51.03", lon="4.46",
                                   status="zet zich mee in", contactpersoon="Geheime Persoon", email="geheim@example.be"),
                partner("Zonder locatie", lat=None, lon=None)]
    return render(maps.municipality_map(boundaries, "12025", partners, categories, settings))


def test_municipality_map_loads_only_local_assets(mechelen):
    assert sorted(resources(mechelen)) == sorted([assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.MAP_CSS, assets.MAP_JS])
    assert URL.findall(mechelen) == []
    assert "cdn" not in mechelen.lower()


def test_municipality_map_shows_the_wijken_and_located_partners(mechelen, boundaries):
    [wijken] = feature_collections(mechelen)
    assert wijken == wijk_collection(mechelen)
    codes = [f["properties"]["wijk_code"] for f in wijken["features"]]
    assert sorted(codes) == sorted(boundaries.wijken_of("12025")["wijk_code"])
    assert len(codes) == 12
    assert {f["geometry"]["type"] for f in wijken["features"]} <= {"Polygon", "MultiPolygon"}
    partners = partner_points(mechelen)
    assert [tooltip for *_, tooltip, _ in partners] == ["Velt Mechelen (Natuur- en milieuvereniging)",
                                                        "Chiro (Jeugdbeweging)"]
    assert partners[0][:2] == [51.0279, 4.4801]
    assert "border:2px solid #117733" in partners[0][2] and ">N</span>" in partners[0][2]  # colour and symbol
    assert "<th>Wijk</th><td>12025W03</td>" in partners[0][4]


def test_a_partner_marker_shows_its_kind_by_symbol_and_its_engagement_by_fill(categories):
    trusted = maps.partner_icon("#117733", "N", "zet zich mee in")
    waiting = maps.partner_icon("#117733", "N", "te contacteren")
    gone = maps.partner_icon("#117733", "N", "haakt af")
    assert "rgba(17,119,51,0.95)" in trusted and "color:#ffffff" in trusted  # dark fill: white symbol
    assert "rgba(17,119,51,0.05)" in waiting and "color:#000000" in waiting
    assert "dashed #999999" in gone
    assert len({c.symbool for c in categories.values()}) == len(categories)  # no two kinds share a symbol


def test_private_fields_stay_out_of_the_map(mechelen):
    assert "Geheime Persoon" not in mechelen
    assert "geheim@example.be" not in mechelen


def attributions(page: str) -> list[str]:
    """The texts (HTML) the page adds to the map's attribution control."""
    return [json.loads(text) for text in re.findall(r"\.attributionControl\.addAttribution\((\".*?\")\);", page)]


def test_attribution_and_legend(mechelen, categories):
    assert attributions(mechelen) == [
        "Wijken voor omgevingsanalyse. © gemeentebesturen, verzameld door Data &amp; Analyse van de Vlaamse provincies",
        ATTRIBUTION_STATBEL,
    ]
    assert 'L.DomUtil.create("div", "partnerkaart-legend")' in mechelen
    [legend] = [json.loads(text) for text in re.findall(r"div\.innerHTML = (\".*?\");", mechelen)]
    assert legend == maps.legend_html(categories, {"natuur_milieu", "jeugdbeweging"})
    assert "Soort partner" in legend and "Betrokkenheid" in legend
    for category in categories.values():
        assert f"{html.escape(category.label)}</div>" in legend
    assert "zet zich mee in (vertrouwd)" in legend and "haakt af</div>" in legend


def test_legend_dims_categories_without_partners(categories):
    markup = maps.legend_html(categories, {"jeugdbeweging"})
    jeugd = maps.partner_icon("#CC6677", "J", "zet zich mee in")
    assert f'<div class="pk-row">{jeugd}Jeugdbeweging</div>' in markup
    assert f'<div class="pk-row" style="opacity:0.45">{maps.partner_icon("#117733", "N", "zet zich mee in")}' in markup


def test_partner_text_is_escaped(boundaries, categories, settings, partner):
    hostile = partner(XSS, organisatie="<script>alert(2)</script>", straat='"><svg onload=alert(3)>')
    page = render(maps.municipality_map(boundaries, "12025", [hostile], categories, settings))

    assert "<img src=x" not in page
    assert "<script>alert" not in page
    assert "<svg" not in page
    [[_, _, _, tooltip, popup]] = partner_points(page)
    assert tooltip.startswith("&lt;img src=x onerror=alert(1)&gt;")
    assert "<td>&lt;script&gt;alert(2)&lt;/script&gt;</td>" in popup


def test_with_tiles_only_the_tile_host_is_contacted(boundaries, categories, settings, partner):
    tiles = replace(settings, tegels="https://tegels.example.org/{z}/{x}/{y}.png",
                    tegels_attributie='&copy; <a href="https://www.openstreetmap.org/copyright">OSM</a>')
    page = render(maps.municipality_map(boundaries, "12025", [partner()], categories, tiles))

    assert "https://tegels.example.org/{z}/{x}/{y}.png" in page
    assert all(url.startswith("/app/static/") for url in resources(page))
    hosts = {re.match(r"https?://([^/]+)", url).group(1) for url in URL.findall(page)}
    assert hosts <= {"tegels.example.org", "www.openstreetmap.org"}  # the tiles, and the licence link
    assert "tegels.example.org" in hosts


def wijk_collection(page: str) -> dict:
    [wijken] = [c for c in feature_collections(page) if c["features"] and "wijk_code" in c["features"][0]["properties"]]
    return wijken


def test_flanders_map_has_every_wijk_and_the_partners(boundaries, categories, settings, partner):
    partners = [partner("Fietsbieb Kasteelpark"), partner("Repair Café Wijnegem", lat="51.2283", lon="4.5177"),
                partner(XSS, lat="51.03", lon="4.46")]
    page = render(maps.flanders_map(boundaries, partners, categories, settings))

    wijken = wijk_collection(page)
    assert len(wijken["features"]) == 2767
    assert {f["properties"]["wijk_code"] for f in wijken["features"]} == set(boundaries.wijken["wijk_code"])
    assert "Fietsbieb Kasteelpark" in page and "Repair Caf" in page
    assert "<img src=x" not in page
    assert URL.findall(page) == []
    assert sorted(resources(page)) == sorted([assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.MAP_CSS, assets.MAP_JS,
                                              assets.MARKERCLUSTER_JS, assets.MARKERCLUSTER_CSS,
                                              assets.MARKERCLUSTER_DEFAULT_CSS])
    assert "L.markerClusterGroup" in page


def test_location_map_marks_the_chosen_point(boundaries, settings):
    page = render(maps.location_map(boundaries, "11050", settings, point=(51.2283, 4.5177)))
    assert len(wijk_collection(page)["features"]) == 2
    assert "[51.2283, 4.5177]" in page or "[51.2283,4.5177]" in page
    assert "Gekozen locatie" in page


def test_every_referenced_asset_is_installed(tmp_path, mechelen):
    installed = assets.install_assets(tmp_path)
    for url in resources(mechelen):
        assert (installed / Path(url).relative_to(assets.URL_PREFIX)).is_file(), url


def test_html_bytes(boundaries, categories, settings):
    # Two maps built alike (folium appends to a map's script on every render, so the same
    # map object is not rendered twice here).
    measured = maps.municipality_map(boundaries, "11050", [], categories, settings)
    rendered = maps.municipality_map(boundaries, "11050", [], categories, settings)
    assert maps.html_bytes(measured) == len(render(rendered).encode("utf-8"))
    assert 5_000 < maps.html_bytes(measured) < 200_000


# -- Witte vlekken: white spots, weak wijken, numbered prospects and their reach ------------------


def styles_of(page: str, collection: dict) -> dict[str, dict]:
    """wijk_code → the Leaflet style the rendered page gives that feature of ``collection``.

    folium turns ``style_function`` into a JavaScript ``switch`` on a property per layer;
    this reads that switch back from the page (``default`` covers the remaining codes).
    """
    codes = [f["properties"]["wijk_code"] for f in collection["features"]]
    [(name, _)] = [(m.group(1), m) for m in re.finditer(r"(geo_json_\w+)_add\(", page)
                   if json.JSONDecoder().raw_decode(page, m.end())[0] == collection]
    body = re.search(rf"function {name}_styler\(feature\) \{{(.*?)\n\s*\}}\n", page, re.S).group(1)
    found, pending = {}, []
    for line in body.splitlines():
        pending += re.findall(r'case "([^"]+)":', line) + (["*"] if "default:" in line else [])
        style = re.search(r"return (\{.*\});", line)
        if style:
            found.update({code: json.loads(style.group(1)) for code in pending})
            pending = []
    return {code: found.get(code, found.get("*")) for code in codes}


def ranked_points(page: str) -> list[list]:
    """The numbered markers' data: ``[lat, lon, icon html, tooltip html, popup html]`` each."""
    start = page.index("var points = ") + len("var points = ")
    return json.JSONDecoder().raw_decode(page, start)[0]


def lambert(geometry: dict):
    """A GeoJSON geometry (WGS84) as shapely geometry in EPSG:31370 (metres)."""
    import geopandas as gpd
    import shapely.geometry

    return gpd.GeoSeries([shapely.geometry.shape(geometry)], crs=4326).to_crs(31370).iloc[0]


@pytest.fixture
def spot_scenario(boundaries, categories, partner):
    """Mechelen with two trusted partners and four prospects, one of them named as an injection
    and one without location that serves Hombeek (12025W05); coverage, spots and advice
    computed by ``geo`` itself."""
    import geopandas as gpd

    from geo.advice import advise, white_spots
    from geo.coverage import wijk_coverage
    from geo.reach import CoverageSettings

    wijken = boundaries.wijken_of("12025").set_index("wijk_code")
    inside = gpd.GeoSeries(wijken.geometry.representative_point(), crs=wijken.crs).to_crs(4326)

    def at(code: str) -> dict:
        return {"lat": str(round(inside[code].y, 6)), "lon": str(round(inside[code].x, 6))}

    partners = [
        replace(partner(status="zet zich mee in"), id="t1"),
        replace(partner("Chiro Centrum", categorie="jeugdbeweging", lat="51.03", lon="4.46", status="communiceert mee"),
                id="t2"),
        replace(partner(XSS, categorie="mobiliteit", status="te contacteren", **at("12025W06")), id="x1"),
        replace(partner("Fietsersbond Noord", categorie="mobiliteit", status="gecontacteerd", **at("12025W07")), id="x2"),
        replace(partner("Wijkcomité Hombeek", categorie="buurt", lat=None, lon=None, bediend_gebied="wijken:12025W05"),
                id="x3"),
        replace(partner("KSA Walem", categorie="jeugdbeweging", **at("12025W12")), id="x4"),
    ]
    settings = CoverageSettings()
    coverage = wijk_coverage(boundaries, "12025", partners, categories, settings)
    spots = white_spots(coverage, partners, boundaries, settings)
    advice = advise(boundaries, "12025", partners, categories, settings, k=5)
    # What the tests below rely on: both kinds of spot, and the advice reorders the prospects.
    assert set(spots["soort"]) == {"witte vlek", "zwak gedekt"}
    assert sorted(a.partner_id for a in advice) == ["x1", "x2", "x3", "x4"]
    assert [a.partner_id for a in advice] != ["x1", "x2", "x3", "x4"]
    return {"partners": partners, "settings": settings, "coverage": coverage, "spots": spots, "advice": advice,
            "wijken": wijken}


def spot_map(boundaries, categories, settings, scenario, advice=None, coverage_settings=None) -> str:
    return render(maps.white_spot_map(boundaries, "12025", scenario["coverage"], scenario["spots"],
                                      scenario["advice"] if advice is None else advice, scenario["partners"],
                                      categories, settings, coverage_settings or scenario["settings"]))


def test_white_spot_map_numbers_the_prospects_in_the_order_of_the_advice(boundaries, categories, settings,
                                                                          spot_scenario):
    page = spot_map(boundaries, categories, settings, spot_scenario)

    points = ranked_points(page)
    by_id = {p.id: p for p in spot_scenario["partners"]}
    advised = [by_id[a.partner_id] for a in spot_scenario["advice"]]
    assert [re.search(r">(\d+)</span>$", icon).group(1) for _, _, icon, _, _ in points] == ["1", "2", "3", "4"]
    assert [tooltip for _, _, _, tooltip, _ in points] == [
        html.escape(f"{rank}. {p.naam} ({categories[p.categorie].label})") for rank, p in enumerate(advised, start=1)]
    for (lat, lon, _, _, popup), prospect in zip(points, advised):
        assert html.escape(prospect.status) in popup
        if prospect.has_location:
            assert (lat, lon) == (pytest.approx(prospect.lat, abs=1e-6), pytest.approx(prospect.lon, abs=1e-6))
        else:  # no location: the marker sits inside the wijk it serves
            assert spot_scenario["wijken"].geometry["12025W05"].contains(
                lambert({"type": "Point", "coordinates": [lon, lat]}))
    assert 'L.divIcon({className: "pk-rank-icon"' in page
    assert texts.KAART_LAAG_KANDIDATEN in page


def test_white_spot_map_outlines_white_spots_as_dekking_and_weak_wijken_dotted(boundaries, categories, settings,
                                                                                spot_scenario):
    page = spot_map(boundaries, categories, settings, spot_scenario)

    wijken = wijk_collection(page)
    kinds = dict(zip(spot_scenario["spots"]["wijk_code"], spot_scenario["spots"]["soort"]))
    assert sorted(f["properties"]["wijk_code"] for f in wijken["features"]) == sorted(spot_scenario["wijken"].index)
    styles = styles_of(page, wijken)
    for feature in wijken["features"]:
        code, properties = feature["properties"]["wijk_code"], feature["properties"]
        style = styles[code]
        if kinds.get(code) == "witte vlek":
            assert {k: style[k] for k in maps.WHITE_SPOT_STYLE} == maps.WHITE_SPOT_STYLE  # as on Dekking
            assert properties["soort"] == "witte vlek"
        elif kinds.get(code) == "zwak gedekt":
            assert style["dashArray"] == "1 5" and style["weight"] < maps.WHITE_SPOT_STYLE["weight"]
            assert properties["soort"] == "zwak gedekt"
        else:
            assert "dashArray" not in style and properties["soort"] == texts.KAART_VOLDOENDE_GEDEKT
    share = spot_scenario["coverage"].set_index("wijk_code")["gedekt_aandeel"]
    assert {f["properties"]["wijk_code"]: f["properties"]["gedekt"] for f in wijken["features"]} == {
        code: f"{value * 100:.0f} %" for code, value in share.items()}
    [legend] = [json.loads(text) for text in re.findall(r"div\.innerHTML = (\".*?\");", page)]
    assert 'pk-spot"></span>witte vlek</div>' in legend and "dotted #000000\"></span>zwak gedekt</div>" in legend
    assert f"{maps.rank_icon(1)}{html.escape(texts.KAART_LEGENDE_KANDIDAAT)}" in legend
    assert fitted_bounds(page) == boundaries.bounds_of("12025")
    assert len(attributions(page)) == 2 and resources(page) and URL.findall(page) == []


def fitted_bounds(page: str) -> list[list[float]]:
    return json.loads(re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", page, re.S).group(1))


def test_white_spot_map_draws_each_prospects_reach_in_metres(boundaries, categories, settings, spot_scenario):
    page = spot_map(boundaries, categories, settings, spot_scenario)
    closer = spot_map(boundaries, categories, settings, spot_scenario,
                      coverage_settings=spot_scenario["settings"].with_radius("mobiliteit", 800))

    by_id = {p.id: p for p in spot_scenario["partners"]}
    hombeek = spot_scenario["wijken"].geometry["12025W05"]
    for drawn, mobility_radius in ((page, 2000), (closer, 800)):
        [reach] = [c for c in feature_collections(drawn) if c["features"] and c["features"][0]["properties"] == {}]
        areas = [lambert(f["geometry"]) for f in reach["features"]]
        assert len(areas) == len(spot_scenario["advice"])
        for area, advice in zip(areas, spot_scenario["advice"]):
            prospect = by_id[advice.partner_id]
            if prospect.has_location:  # a circle of the category's radius around the prospect
                radius = {"mobiliteit": mobility_radius, "jeugdbeweging": 1000}[prospect.categorie]
                assert area.area == pytest.approx(3.14159 * radius ** 2, rel=0.01)
                assert area.contains(lambert({"type": "Point", "coordinates": [prospect.lon, prospect.lat]}))
            else:  # the served wijk
                assert area.symmetric_difference(hombeek).area < 0.01 * hombeek.area
    assert texts.KAART_LAAG_BEREIK_KANDIDATEN in page


def test_white_spot_map_escapes_prospect_names(boundaries, categories, settings, spot_scenario):
    page = spot_map(boundaries, categories, settings, spot_scenario)

    assert "<img src=x" not in page
    assert "onerror=alert(1)" in page  # it is there, but only as text
    [hostile] = [p for p in ranked_points(page) if "onerror" in p[3]]
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile[3] and "<img" not in hostile[3]
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile[4] and "<img" not in hostile[4]


def test_white_spot_map_without_advice_shows_only_the_wijken(boundaries, categories, settings, spot_scenario):
    """A share link gets no advice: no numbered markers, no reach, the outlines stay."""
    page = spot_map(boundaries, categories, settings, spot_scenario, advice=[])

    assert "var points" not in page and "pk-rank-icon" not in page
    assert texts.KAART_LAAG_BEREIK_KANDIDATEN not in page
    for prospect in spot_scenario["partners"][2:]:
        assert html.escape(prospect.naam) not in page and prospect.naam not in page
    wijken = wijk_collection(page)
    assert feature_collections(page) == [wijken]
    assert "7 5" in json.dumps(styles_of(page, wijken))
    [legend] = [json.loads(text) for text in re.findall(r"div\.innerHTML = (\".*?\");", page)]
    assert "witte vlek" in legend and texts.KAART_LEGENDE_KANDIDAAT not in legend


def test_reach_layer_simplifies_in_metres_and_sends_wgs84(boundaries):
    import geopandas as gpd
    import numpy as np

    from geo.reach import circle_polygons

    circle = circle_polygons(np.array([157_000.0]), np.array([190_000.0]), np.array([1500.0]))[0]
    layer = maps.reach_layer(gpd.GeoDataFrame(geometry=[circle], crs=31370), "Bereik", maps.PROSPECT_REACH_STYLE)
    [feature] = layer.data["features"]
    ring = feature["geometry"]["coordinates"][0]
    assert all(2.5 < lon < 6.5 and 49.5 < lat < 51.6 for lon, lat in ring)  # degrees, in Belgium
    assert len(ring) < len(circle.exterior.coords)  # simplified
    assert lambert(feature["geometry"]).area == pytest.approx(circle.area, rel=0.01)  # by metres, not degrees
    with pytest.raises(ValueError, match="EPSG:31370"):
        maps.reach_layer(gpd.GeoDataFrame(geometry=[circle], crs=31370).to_crs(4326), "Bereik", {})


def test_a_picking_map_offers_the_device_location_and_says_why_when_it_cannot(boundaries, settings):
    page = render(maps.location_map(boundaries, "11050", settings))

    assert texts.KAART_MIJN_LOCATIE in page and json.dumps(texts.KAART_LOCATIE_ONVEILIG) in page
    assert "window.isSecureContext" in page and ".locate({setView: true" in page
    assert 'map.fire("click", {latlng: e.latlng' in page  # received as a click on the map


def test_every_map_names_its_document_in_dutch_and_allows_zooming(boundaries, categories, settings):
    page = render(maps.municipality_map(boundaries, "12025", [], categories, settings))

    assert 'document.documentElement.lang = "nl"' in page
    assert json.dumps("Kaart van de wijken en partners van Mechelen") in page
    assert "user-scalable=no" not in page and "maximum-scale" not in page
