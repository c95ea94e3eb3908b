"""Map assets copied into the static folder, and only when missing or changed."""

from __future__ import annotations

import os
from pathlib import Path

from xstatic.pkg import leaflet, leaflet_markercluster

from geo import assets

EXPECTED = {
    "leaflet/leaflet.js": Path(leaflet.BASE_DIR) / "leaflet.js",
    "leaflet/leaflet.css": Path(leaflet.BASE_DIR) / "leaflet.css",
    "leaflet/images/marker-icon.png": Path(leaflet.BASE_DIR) / "images" / "marker-icon.png",
    "leaflet/images/layers.png": Path(leaflet.BASE_DIR) / "images" / "layers.png",
    "markercluster/leaflet.markercluster.js": Path(leaflet_markercluster.BASE_DIR) / "leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": Path(leaflet_markercluster.BASE_DIR) / "MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": Path(leaflet_markercluster.BASE_DIR) / "MarkerCluster.Default.css",
    "partnerkaart/partnerkaart.css": assets.OWN_FILES / "partnerkaart.css",
}
OLD = 1_000_000_000  # 2001-09-09: a modification time no copy made now can have


def installed_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_install_copies_the_assets(tmp_path):
    root = assets.install_assets(tmp_path / "static")

    assert root == tmp_path / "static"
    for relative, origin in EXPECTED.items():
        assert (root / relative).read_bytes() == origin.read_bytes(), relative
    images = {p.name for p in (Path(leaflet.BASE_DIR) / "images").iterdir()}
    assert {p.name for p in (root / "leaflet" / "images").iterdir()} == images
    files = installed_files(root)
    assert not any(name.endswith((".map", "-src.js", ".esm.js")) for name in files), "only what the maps use"
    assert (root / "leaflet" / "leaflet.js").stat().st_size > 100_000


def test_url_constants_match_installed_files(tmp_path):
    root = assets.install_assets(tmp_path)
    for url in (assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.MARKERCLUSTER_JS, assets.MARKERCLUSTER_CSS,
                assets.MARKERCLUSTER_DEFAULT_CSS, assets.MAP_CSS, assets.MAP_JS):
        assert url.startswith("/app/static/")
        assert (root / url.removeprefix("/app/static/")).is_file(), url


def test_second_install_does_not_rewrite_unchanged_files(tmp_path):
    root = assets.install_assets(tmp_path)
    files = installed_files(root)
    for name in files:
        os.utime(root / name, (OLD, OLD))

    assets.install_assets(tmp_path)

    assert installed_files(root) == files
    assert {name: (root / name).stat().st_mtime for name in files} == {name: OLD for name in files}


def test_changed_or_missing_file_is_restored(tmp_path):
    root = assets.install_assets(tmp_path)
    (root / "leaflet" / "leaflet.css").write_text("/* bewerkt */", encoding="utf-8")
    (root / "partnerkaart" / "partnerkaart.css").unlink()
    os.utime(root / "leaflet" / "leaflet.js", (OLD, OLD))

    assets.install_assets(tmp_path)

    assert (root / "leaflet" / "leaflet.css").read_bytes() == EXPECTED["leaflet/leaflet.css"].read_bytes()
    assert (root / "partnerkaart" / "partnerkaart.css").read_bytes() == EXPECTED[
        "partnerkaart/partnerkaart.css"].read_bytes()
    assert (root / "leaflet" / "leaflet.js").stat().st_mtime == OLD
