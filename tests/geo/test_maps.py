"""Map HTML: local assets only, the wijken and partners, attribution, legend, escaping."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geo import assets, maps
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
    assert sorted(resources(mechelen)) == sorted([assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.MAP_CSS])
    assert URL.findall(mechelen) == []
    assert "cdn" not in mechelen.lower()


def test_municipality_map_shows_the_wijken_and_located_partners(mechelen, boundaries):
    wijken, partners = feature_collections(mechelen)
    assert wijken == wijk_collection(mechelen)
    codes = [f["properties"]["wijk_code"] for f in wijken["features"]]
    assert sorted(codes) == sorted(boundaries.wijken_of("12025")["wijk_code"])
    assert len(codes) == 12
    assert {f["geometry"]["type"] for f in wijken["features"]} <= {"Polygon", "MultiPolygon"}
    assert [f["properties"]["naam"] for f in partners["features"]] == ["Velt Mechelen", "Chiro"]
    assert partners["features"][0]["geometry"] == {"type": "Point", "coordinates": [4.4801, 51.0279]}
    assert partners["features"][0]["properties"]["kleur"] == "#117733"
    assert partners["features"][0]["properties"]["wijk"] == "12025W03"


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
    assert '<div class="pk-row"><span class="pk-dot" style="background:#CC6677"></span>Jeugdbeweging</div>' in markup
    assert '<div class="pk-row" style="opacity:0.45"><span class="pk-dot" style="background:#117733">' in markup


def test_partner_text_is_escaped(boundaries, categories, settings, partner):
    hostile = partner(XSS, organisatie="<script>alert(2)</script>", straat='"><svg onload=alert(3)>')
    page = render(maps.municipality_map(boundaries, "12025", [hostile], categories, settings))

    assert "<img src=x" not in page
    assert "<script>alert" not in page
    assert "<svg" not in page
    [_, partners] = feature_collections(page)
    properties = partners["features"][0]["properties"]
    assert properties["naam"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert properties["organisatie"] == "&lt;script&gt;alert(2)&lt;/script&gt;"


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
    assert sorted(resources(page)) == sorted([assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.MAP_CSS,
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
