"""The reach model: settings, radius resolution, served areas, circles, ignored partners.

A tiny made-up world in Lambert 72: two municipalities of two square 1 km² wijken each,
side by side (Aastad 91001: x 0–2 km, Beedorp 91002: x 2–4 km, relative to X0, Y0).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.boundaries import Boundaries
from geo.reach import (
    MAX_DEVIATION_M,
    CoverageSettings,
    circle_polygons,
    partner_frame,
    quad_segs_for,
    reach_areas,
    to_wgs84_lonlat,
)
from tests.geo.tiny_area import X0, Y0, partner_at, tiny_boundaries


@pytest.fixture(scope="module")
def tiny() -> Boundaries:
    return tiny_boundaries()


def test_settings_are_normalised_and_keyed():
    a = CoverageSettings(radius_overrides={"school": 800, "buurt": 300}, statuses=["zet zich mee in", "gecontacteerd"])
    b = CoverageSettings(radius_overrides=(("buurt", 300), ("school", 800.0)),
                         statuses=("gecontacteerd", "zet zich mee in"))
    assert a.radius_overrides == (("buurt", 300), ("school", 800))
    assert a == b and a.key() == b.key()
    assert a.key() != CoverageSettings().key()
    assert CoverageSettings(threshold=0.3).key() != CoverageSettings().key()
    assert CoverageSettings().trusted_statuses == ("communiceert mee", "zet zich mee in")
    assert CoverageSettings().with_radius("school", 700).with_radius("school", None) == CoverageSettings()
    with pytest.raises(ValueError, match="drempel"):
        CoverageSettings(threshold=1.5)
    with pytest.raises(ValueError, match="bereik voor 'school'"):
        CoverageSettings(radius_overrides={"school": -5})


def test_radius_resolution_partner_then_override_then_category(tiny, categories):
    settings = CoverageSettings(radius_overrides={"school": 800})
    partners = [
        partner_at("eigen straal", 500, 500, bereik_m=700),
        partner_at("override", 500, 500),
        partner_at("standaard", 500, 500, categorie="jeugdbeweging"),
    ]
    areas, ignored = reach_areas(partners, tiny, categories, settings)
    assert ignored.empty
    radius = dict(zip(areas["naam"], areas["radius_m"]))
    assert radius == {"eigen straal": 700, "override": 800, "standaard": categories["jeugdbeweging"].bereik_m}
    assert (areas["reach_type"] == "cirkel").all()
    assert areas.crs.to_epsg() == 31370
    expected = [math.pi * r * r for r in areas["radius_m"]]
    assert np.allclose(areas.area, expected, rtol=1e-9)


def test_circle_polygons_have_the_true_area_and_stay_close_to_the_circle():
    radii = np.array([100.0, 1000.0, 5000.0, 50_000.0])
    polygons = circle_polygons(np.zeros(4), np.zeros(4), radii)
    assert np.allclose(shapely.area(polygons), math.pi * radii ** 2, rtol=1e-12)
    for polygon, r in zip(polygons, radii):
        coords = shapely.get_coordinates(polygon)
        vertices = np.hypot(coords[:, 0], coords[:, 1])
        midpoints = np.hypot((coords[1:, 0] + coords[:-1, 0]) / 2, (coords[1:, 1] + coords[:-1, 1]) / 2)
        assert len(coords) - 1 >= 128
        assert vertices.max() - r <= MAX_DEVIATION_M and r - midpoints.min() <= MAX_DEVIATION_M
    assert quad_segs_for(1000) == 32 and quad_segs_for(50_000) > 32


def test_served_areas(tiny, categories):
    partners = [
        partner_at("hele gemeente", 500, 500, bediend_gebied="gemeente"),
        partner_at("twee wijken", 500, 500, bediend_gebied="wijken:91001W02,91002W01"),
        partner_at("comité als cirkel", 500, 500, categorie="buurt", bediend_gebied="cirkel", bereik_m=200),
        partner_at("wijkcomité", 1500, 500, categorie="buurt"),
        partner_at("stad", 2500, 500, categorie="gemeente"),
        partner_at("raad zonder adres", None, None, categorie="adviesraad", gemeente_nis="91002"),
    ]
    areas, ignored = reach_areas(partners, tiny, categories, CoverageSettings())
    assert ignored.empty
    by_name = areas.set_index("naam")
    assert by_name.loc["hele gemeente", "reach_type"] == "gemeente"
    assert by_name.loc["hele gemeente", "geometry"].equals(shapely.box(X0, Y0, X0 + 2000, Y0 + 1000))
    assert by_name.loc["twee wijken", "reach_type"] == "wijken"
    assert by_name.loc["twee wijken", "geometry"].area == pytest.approx(2e6)
    assert by_name.loc["twee wijken", "geometry"].bounds == (X0 + 1000, Y0, X0 + 3000, Y0 + 1000)
    assert by_name.loc["comité als cirkel", "reach_type"] == "cirkel"
    assert by_name.loc["comité als cirkel", "geometry"].area == pytest.approx(math.pi * 200 ** 2)
    assert by_name.loc["wijkcomité", "reach_type"] == "wijk"
    assert by_name.loc["wijkcomité", "wijk_code"] == "91001W02"
    assert by_name.loc["wijkcomité", "geometry"].bounds == (X0 + 1000, Y0, X0 + 2000, Y0 + 1000)
    assert by_name.loc["stad", "gemeente_nis"] == "91002"
    assert by_name.loc["stad", "geometry"].area == pytest.approx(2e6)
    assert by_name.loc["raad zonder adres", "geometry"].bounds == (X0 + 2000, Y0, X0 + 4000, Y0 + 1000)
    assert np.isnan(by_name.loc["stad", "radius_m"])


def test_partners_without_an_area_are_ignored_and_reported(tiny, categories):
    partners = [
        partner_at("school zonder adres", None, None, gemeente_nis="91001"),
        partner_at("comité zonder adres", None, None, categorie="buurt", gemeente_nis="91001"),
        partner_at("onbekende wijken", 500, 500, bediend_gebied="wijken:99999W01"),
        partner_at("stad zonder gemeente", None, None, categorie="gemeente"),
        partner_at("goed", 500, 500),
    ]
    areas, ignored = reach_areas(partners, tiny, categories, CoverageSettings())
    assert list(areas["naam"]) == ["goed"]
    reasons = dict(zip(ignored["naam"], ignored["reden"]))
    assert set(reasons) == {"school zonder adres", "comité zonder adres", "onbekende wijken", "stad zonder gemeente"}
    assert "Geen locatie" in reasons["school zonder adres"] and "1000 m" in reasons["school zonder adres"]
    assert "eigen wijk" in reasons["comité zonder adres"]
    assert "99999W01" in reasons["onbekende wijken"]
    assert "gemeente" in reasons["stad zonder gemeente"]
    assert list(ignored.columns) == ["partner_id", "naam", "reden"]


def test_trust_and_filters(tiny, categories):
    partners = [
        partner_at("vertrouwd", 500, 500),
        partner_at("prospect", 500, 500, status="te contacteren"),
        partner_at("jeugd", 500, 500, categorie="jeugdbeweging", status="communiceert mee"),
    ]
    settings = CoverageSettings()
    assert set(reach_areas(partners, tiny, categories, settings).areas["naam"]) == {"vertrouwd", "jeugd"}
    everyone = reach_areas(partners, tiny, categories, settings, only_trusted=False).areas
    assert set(everyone["naam"]) == {"vertrouwd", "prospect", "jeugd"}
    only_schools = CoverageSettings(categories=["school"])
    assert set(reach_areas(partners, tiny, categories, only_schools).areas["naam"]) == {"vertrouwd"}
    only_engaged = CoverageSettings(statuses=["communiceert mee"])
    assert set(reach_areas(partners, tiny, categories, only_engaged).areas["naam"]) == {"jeugd"}


def test_reach_crosses_the_municipal_border(tiny, categories):
    areas, _ = reach_areas([partner_at("over de grens", 2100, 500, bereik_m=300)], tiny, categories,
                           CoverageSettings())
    assert areas["gemeente_nis"].iat[0] == "91002"
    aastad = tiny.wijken_of("91001").set_index("wijk_code").geometry
    assert areas.geometry.iat[0].intersection(aastad["91001W02"]).area > 0


def test_partner_frame_from_a_table():
    lon, lat = to_wgs84_lonlat([X0 + 10, X0 + 20], [Y0 + 30, Y0 + 40])
    table = pd.DataFrame({"id": ["a", "b"], "naam": ["A", "B"], "categorie": ["school", "buurt"],
                          "status": ["zet zich mee in", "gecontacteerd"], "lat": lat, "lon": lon})
    frame = partner_frame(table)
    assert list(frame["partner_id"]) == ["a", "b"]
    assert np.allclose(frame["x"], [X0 + 10, X0 + 20], atol=1e-6)
    assert np.allclose(frame["y"], [Y0 + 30, Y0 + 40], atol=1e-6)
    assert (frame["bediend_gebied"] == "").all() and frame["bereik_m"].isna().all()
    assert partner_frame(frame) is frame  # a prepared frame is reused as is
    with pytest.raises(ValueError, match="status"):
        partner_frame(table.drop(columns="status"))
