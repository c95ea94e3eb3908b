"""Tests for geo.uploads.zipped_shapefile: a zip is checked on its directory before anything is unpacked."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from geo.uploads.boundary_files import BoundaryLimits, read_boundary_file
from geo.uploads.zipped_shapefile import shapefile_from_zip
from tests.geo.uploads.boundary_samples import MAX, MB, refused, shapefile_zip, squares, zip_bytes


def snapshot(*folders: Path) -> dict[Path, set[str]]:
    return {folder: set(os.listdir(folder)) for folder in folders}


def test_shapefile_inside_a_subfolder_of_the_zip(tmp_path):
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", prefix="export/grenzen/",
                         extra={"__MACOSX/export/grenzen/._wijken.shp": b"\0" * 10, "export/LEESMIJ.txt": b"hallo"})
    uploaded = read_boundary_file(data, "grenzen.zip", MAX)
    assert len(uploaded.frame) == 2
    assert uploaded.source_crs == "EPSG:31370"


def test_the_repacked_zip_holds_only_the_shapefile_parts(tmp_path):
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", prefix="export/",
                         extra={"export/LEESMIJ.txt": b"hallo", "export/andere.vrt": b"<OGRVRTDataSource/>"})
    with zipfile.ZipFile(io.BytesIO(shapefile_from_zip(data, "grenzen.zip", MAX))) as repacked:
        names = sorted(repacked.namelist())
        assert all(info.compress_type == zipfile.ZIP_STORED for info in repacked.infolist())
    assert names == sorted(f"upload.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg"))


@pytest.mark.parametrize("evil", ["../evil.txt", "grenzen/../../evil.txt", "/etc/passwd", "/tmp/evil.txt",
                                  "C:/evil.txt", "..\\evil.txt"])
def test_refuses_zip_slip_before_extracting_anything(tmp_path, monkeypatch, evil):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", extra={evil: b"pwned"})
    watched = (tmp_path, tmp_path.parent, work)
    before = snapshot(*watched)
    refused(data, "grenzen.zip", "onveilige bestandsnaam")
    assert snapshot(*watched) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_refuses_a_zip_bomb_by_total_size():
    bomb = zip_bytes({"wijken.shp": b"\0" * (50 * MB), "wijken.shx": b"", "wijken.dbf": b""})
    assert len(bomb) < MB
    message = refused(bomb, "bom.zip", "zip-bom", max_bytes=1 * MB)
    assert "10 MB" in message


def test_the_unpacked_limit_of_the_settings_applies_too():
    parts = zip_bytes({"wijken.shp": os.urandom(3 * MB), "wijken.shx": b"", "wijken.dbf": b""})
    message = refused(parts, "groot.zip", "zip-bom", limits=BoundaryLimits(max_unpacked_mb=2))
    assert "(2 MB)" in message


def test_refuses_a_zip_bomb_by_compression_ratio():
    bomb = zip_bytes({"wijken.shp": b"\0" * (5 * MB), "wijken.shx": b"", "wijken.dbf": b""})
    refused(bomb, "bom.zip", "verdacht sterk gecomprimeerd")


def test_refuses_a_zip_with_too_many_entries():
    data = zip_bytes({f"bestand{i}.txt": b"" for i in range(101)})
    refused(data, "veel.zip", "101 bestanden")


def test_refuses_a_zip_without_or_with_an_incomplete_shapefile(tmp_path):
    refused(zip_bytes({"wijken.geojson": b"{}"}), "wijken.zip", "geen shapefile")
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", skip=("dbf",))
    refused(data, "wijken.zip", "mist .dbf")


def test_refuses_two_shapefiles_in_one_zip(tmp_path):
    first = shapefile_zip(squares().to_crs(31370), tmp_path / "a")
    entries = {}
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        for name in archive.namelist():
            entries[name] = entries[f"tweede/{name}"] = archive.read(name)
    refused(zip_bytes(entries), "twee.zip", "meerdere shapefiles")
