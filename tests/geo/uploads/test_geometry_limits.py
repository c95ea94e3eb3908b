"""Tests for geo.uploads.geometry_limits: limits checked before the repair, the repair and its report."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

import geo.uploads.geometry_limits as geometry_limits
from geo.config import load_settings
from geo.uploads.geometry_limits import (
    BoundaryLimits,
    RepairReport,
    check_coordinates,
    count_crossings,
    repair_note,
    repair_polygons,
)
from geo.uploads.refusals import BoundaryFileError

BOWTIE = shapely.Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])


def random_polygon(vertices: int, seed: int = 1) -> shapely.Polygon:
    return shapely.Polygon(np.random.default_rng(seed).random((vertices, 2)) * 1000)


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(BoundaryFileError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def test_limits_come_from_the_settings():
    settings = load_settings({"PARTNERKAART_MAX_HOEKPUNTEN_PER_VLAK": "7", "PARTNERKAART_MAX_HOEKPUNTEN": "70",
                              "PARTNERKAART_MAX_STUKKEN_PER_VLAK": "3", "PARTNERKAART_MAX_NAAM_TEKENS": "40",
                              "PARTNERKAART_MAX_UITGEPAKT_MB": "5"})
    assert BoundaryLimits.from_settings(settings) == BoundaryLimits(
        max_vertices_per_polygon=7, max_vertices=70, max_pieces_per_polygon=3, max_name_chars=40, max_unpacked_mb=5)
    assert BoundaryLimits.from_settings(load_settings({})) == BoundaryLimits()


# Before the repair ------------------------------------------------------------------------------

def test_vertices_per_object_and_in_all_are_counted_with_the_object_named():
    geometries = np.array([shapely.box(0, 0, 1, 1), None, shapely.Point(0, 0).buffer(1, 64)], dtype=object)
    check_coordinates(geometries, "f.geojson", BoundaryLimits(max_vertices_per_polygon=257, max_vertices=262))
    message = refusal(check_coordinates, geometries, "f.geojson", BoundaryLimits(max_vertices_per_polygon=256))
    assert message.startswith("Object 3 in 'f.geojson' heeft 257 hoekpunten; hoogstens 256 per object")
    message = refusal(check_coordinates, geometries, "f.geojson", BoundaryLimits(max_vertices=261))
    assert "samen 262 hoekpunten; hoogstens 261 zijn toegestaan (instelling max_hoekpunten)" in message


@pytest.mark.filterwarnings("ignore:invalid value encountered")
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_coordinate_that_is_no_number_is_refused(bad):
    geometries = np.array([shapely.box(0, 0, 1, 1), shapely.Polygon([(0, 0), (1, 0), (bad, 1), (0, 0)])], dtype=object)
    assert "Object 2 in 'f.geojson' heeft een coördinaat die geen gewoon getal is" in refusal(
        check_coordinates, geometries, "f.geojson", BoundaryLimits())


def test_a_height_that_is_no_number_is_refused_but_a_missing_height_is_fine():
    flat = shapely.box(0, 0, 1, 1)
    high = shapely.Polygon([(0, 0, 5), (1, 0, 5), (1, 1, 5), (0, 0, 5)])
    check_coordinates(np.array([flat, high], dtype=object), "f.gpkg", BoundaryLimits())
    broken = shapely.Polygon([(0, 0, 5), (1, 0, np.nan), (1, 1, 5), (0, 0, 5)])
    assert "(NaN)" in refusal(check_coordinates, np.array([flat, broken], dtype=object), "f.gpkg", BoundaryLimits())


def test_crossings_are_counted_without_neighbouring_edges():
    assert count_crossings(shapely.box(0, 0, 1, 1), stop_after=10) == 0
    assert count_crossings(BOWTIE, stop_after=10) == 1
    with_hole = shapely.box(0, 0, 10, 10).difference(shapely.box(2, 2, 3, 3))
    assert count_crossings(with_hole, stop_after=10) == 0
    repeated = shapely.Polygon([(0, 0), (1, 0), (1, 0), (1, 1), (0, 1), (0, 0)])
    assert count_crossings(repeated, stop_after=10) == 0  # a repeated vertex is no crossing
    hole_across = shapely.Polygon(shapely.box(0, 0, 10, 10).exterior, [shapely.box(5, 2, 12, 3).exterior])
    assert count_crossings(hole_across, stop_after=10) == 2


def test_counting_stops_just_past_the_limit():
    polygon = random_polygon(2000)
    everything = count_crossings(polygon, stop_after=10**9)
    assert everything > 400_000  # it crosses itself everywhere
    assert 1_000 < count_crossings(polygon, stop_after=1_000) < everything / 2  # counting stops after the chunk


def test_counting_gives_up_when_too_many_pairs_would_be_tested():
    assert count_crossings(random_polygon(2000), stop_after=10**9, max_candidates=1_000) is None


# The repair -------------------------------------------------------------------------------------

def test_a_bowtie_is_repaired_into_two_triangles_both_kept():
    [repaired], report = repair_polygons(np.array([BOWTIE]), np.array([4]), "strik.geojson", BoundaryLimits())
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
    assert sorted(round(part.area) for part in repaired.geoms) == [2500, 2500]
    assert report == RepairReport(repaired=1, reasons=("zichzelf kruisende randen",), pieces=2, area_before=0.0,
                                  area_after=5000.0)
    assert repair_note(report) == ("1 vlak werd hersteld (zichzelf kruisende randen) en bestaat nu uit 2 delen; "
                                   "de oppervlakte is nu 5.000 m² (vóór het herstel: 0 m²).")


def test_valid_polygons_are_kept_as_they_are():
    square = shapely.box(0, 0, 10, 10)
    [kept], report = repair_polygons(np.array([square]), np.array([1]), "f.geojson", BoundaryLimits())
    assert kept.equals(square) and report == RepairReport() and repair_note(report) is None


def test_a_polygon_without_area_collapses_and_is_not_reported_as_repaired():
    flat = shapely.Polygon([(0, 0), (1, 1), (2, 2), (0, 0)])
    [collapsed], report = repair_polygons(np.array([flat]), np.array([1]), "f.geojson", BoundaryLimits())
    assert collapsed.is_empty and report.repaired == 0


def test_too_many_crossings_are_refused_before_the_repair(monkeypatch):
    def no_repair(*args, **kwargs):
        raise AssertionError("the repair must not start")

    monkeypatch.setattr(geometry_limits.shapely, "make_valid", no_repair)
    message = refusal(repair_polygons, np.array([random_polygon(2000)]), np.array([7]), "k.geojson", BoundaryLimits())
    assert message.startswith("De rand van object 7 in 'k.geojson' kruist zichzelf meer dan 10.000 keer")


def test_too_many_pieces_after_the_repair_are_refused_naming_the_setting():
    limits = BoundaryLimits(max_pieces_per_polygon=50, max_crossings_per_polygon=10**9)
    message = refusal(repair_polygons, np.array([random_polygon(500)]), np.array([2]), "k.geojson", limits)
    assert message.startswith("Object 2 in 'k.geojson' kruist zichzelf zo vaak dat het bij het herstellen uiteenvalt in")
    assert "hoogstens 50 zijn toegestaan (instelling max_stukken_per_vlak)" in message


def test_islands_that_were_there_before_do_not_count_as_pieces():
    islands = [shapely.box(i * 10, 0, i * 10 + 5, 5) for i in range(20)]
    multi = shapely.MultiPolygon(islands + [shapely.Polygon([(0, 10), (5, 15), (5, 10), (0, 15)])])
    [repaired], report = repair_polygons(np.array([multi]), np.array([1]), "f.geojson",
                                         BoundaryLimits(max_pieces_per_polygon=5))
    assert len(repaired.geoms) == 22 and report.pieces == 22


def test_the_note_gives_the_change_in_area_when_it_can_be_compared():
    note = repair_note(RepairReport(repaired=3, reasons=("zichzelf kruisende randen", "te weinig hoekpunten"), pieces=3,
                                    area_before=2_000_000, area_after=1_990_000))
    assert note == ("3 vlakken werden hersteld (zichzelf kruisende randen, te weinig hoekpunten); "
                    "de oppervlakte veranderde met -0,5 % (van 2,000 km² naar 1,990 km²).")


def test_when_crossings_cannot_be_counted_in_time_the_pieces_limit_still_applies(monkeypatch):
    """The candidate budget is per file; past it the repair runs (bounded by the worker) and its pieces count."""
    monkeypatch.setattr(geometry_limits, "MAX_CANDIDATE_PAIRS", 1_000)
    limits = BoundaryLimits(max_pieces_per_polygon=50)
    message = refusal(repair_polygons, np.array([random_polygon(500)]), np.array([1]), "k.geojson", limits)
    assert "(instelling max_stukken_per_vlak)" in message
