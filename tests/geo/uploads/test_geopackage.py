"""Tests for geo.uploads.geopackage: a GeoPackage looked at with SQLite alone, before GDAL opens it.

The hostile files are the ones of issue 15: a layer that is a VIEW over a recursive query
that never ends (it kept ``pyogrio.read_info`` busy for minutes), virtual tables registered
as layers, a computed column. Each test runs the check for real: it must return, and with
the Dutch refusal.
"""

from __future__ import annotations

import pytest

import geo.uploads.geopackage as geopackage
from geo import texts
from geo.uploads.boundary_files import read_boundary_file
from geo.uploads.geopackage import GeoPackageLayer, GeoPackageRefused, check_geopackage
from tests.geo.uploads.boundary_samples import MAX, edited_gpkg, refused, squares_gpkg

WHAT = "De GeoPackage 'test.gpkg'"
NEVER_ENDING = ("WITH RECURSIVE r(fid, geom, naam) AS (SELECT 1, NULL, 'x' UNION ALL SELECT fid + 1, geom, naam FROM r) "
                "SELECT * FROM r")


@pytest.fixture
def path(tmp_path):
    return squares_gpkg(tmp_path / "wijken.gpkg")


def refusal(data: bytes) -> GeoPackageRefused:
    with pytest.raises(GeoPackageRefused) as caught:
        check_geopackage(data, WHAT)
    return caught.value


def test_a_plain_geopackage_lists_its_layers_with_their_crs(path):
    assert check_geopackage(path.read_bytes(), WHAT) == [
        GeoPackageLayer(name="wijken", data_type="features", srs_id=3812, srs="EPSG:3812")]


def test_the_only_layer_being_a_never_ending_view_is_refused(path):
    """The 72 KB file of issue 15: its only layer, registered in gpkg_contents, is a recursive VIEW."""
    data = edited_gpkg(path, "DROP TABLE wijken", f"CREATE VIEW wijken AS {NEVER_ENDING}")
    assert len(data) < 200_000
    error = refusal(data)
    assert str(error) == texts.GPKG_VIEW.format(wat=WHAT, naam="wijken") and not error.unreadable
    # The same through the boundary reader, which would otherwise hand it to GDAL.
    refused(data, "view.gpkg", "De GeoPackage 'view.gpkg' bevat een view ('wijken')")


def test_a_view_that_is_no_layer_is_refused_too(path):
    """GDAL lists unregistered tables and views as layers as well, and reads its own gpkg_* tables."""
    data = edited_gpkg(path, f"CREATE VIEW extra AS {NEVER_ENDING}")
    assert "bevat een view ('extra')" in str(refusal(data))


@pytest.mark.parametrize("module", ["fts5(naam)", "rtree(id, minx, maxx, miny, maxy)"])
def test_a_virtual_table_registered_as_a_layer_is_refused(path, module):
    data = edited_gpkg(path, f"CREATE VIRTUAL TABLE zoek USING {module}",
                       "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('zoek', 'attributes', 'zoek')")
    error = refusal(data)
    assert str(error) == texts.GPKG_VIRTUELE_TABEL.format(wat=WHAT, naam="zoek")


def test_an_unregistered_virtual_table_of_another_module_is_refused(path):
    data = edited_gpkg(path, "CREATE VIRTUAL TABLE zoek USING fts5(naam)")
    assert "virtuele tabel ('zoek')" in str(refusal(data))


def test_the_spatial_index_gdal_writes_is_allowed(path):
    data = path.read_bytes()
    assert b"USING rtree" in data  # GDAL's rtree_wijken_geom
    assert [layer.name for layer in check_geopackage(data, WHAT)] == ["wijken"]


def test_a_computed_column_is_refused(path):
    data = edited_gpkg(path, "ALTER TABLE wijken ADD COLUMN zwaar TEXT AS (hex(zeroblob(100000000)))")
    error = refusal(data)
    assert str(error) == texts.GPKG_BEREKENDE_KOLOM.format(wat=WHAT, naam="wijken", kolom="zwaar")


def test_triggers_are_allowed_they_fire_only_on_writes(path):
    data = edited_gpkg(path, "CREATE TRIGGER oneindig AFTER INSERT ON wijken BEGIN "
                             f"SELECT count(*) FROM ({NEVER_ENDING}); END")
    assert [layer.name for layer in check_geopackage(data, WHAT)] == ["wijken"]
    assert len(read_boundary_file(data, "trigger.gpkg", MAX).frame) == 2


def test_an_sqlite_database_without_gpkg_contents_is_no_geopackage(path):
    data = edited_gpkg(path, "DROP TABLE gpkg_contents")
    assert str(refusal(data)) == texts.GPKG_GEEN_INHOUD.format(wat=WHAT)


@pytest.mark.parametrize("damage", [lambda data: data[:100] + bytes(4000), lambda data: b"geen sqlite" + data[11:]],
                         ids=["zeros", "header"])
def test_a_damaged_file_is_unreadable(path, damage):
    assert refusal(damage(path.read_bytes())).unreadable


def test_a_check_that_needs_too_many_steps_is_stopped(path, monkeypatch):
    monkeypatch.setattr(geopackage, "_STEPS_PER_CALL", 1)
    monkeypatch.setattr(geopackage, "MAX_STEPS", 10)
    error = refusal(path.read_bytes())
    assert str(error) == texts.GPKG_TE_INGEWIKKELD.format(wat=WHAT) and not error.unreadable


def test_the_check_never_changes_the_bytes(path):
    data = edited_gpkg(path, "PRAGMA journal_mode = WAL")
    copy = bytes(data)
    check_geopackage(data, WHAT)
    assert data == copy
