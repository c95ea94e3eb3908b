"""Serve the map's JavaScript and CSS from the app itself, never from a CDN.

Leaflet and Leaflet.markercluster come from their PyPI packages (``xstatic-leaflet``,
``xstatic-leaflet-markercluster``); :func:`install_assets` copies them, with
Partnerkaart's own stylesheet and script, into the git-ignored ``static/`` folder that Streamlit
serves at ``/app/static/`` (``server.enableStaticServing``). Nothing else goes there:
files in ``static/`` are public.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from geo.config import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
URL_PREFIX = "/app/static"
LEAFLET_JS = f"{URL_PREFIX}/leaflet/leaflet.js"
LEAFLET_CSS = f"{URL_PREFIX}/leaflet/leaflet.css"
MARKERCLUSTER_JS = f"{URL_PREFIX}/markercluster/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{URL_PREFIX}/markercluster/MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = f"{URL_PREFIX}/markercluster/MarkerCluster.Default.css"
MAP_CSS = f"{URL_PREFIX}/partnerkaart/partnerkaart.css"
MAP_JS = f"{URL_PREFIX}/partnerkaart/partnerkaart.js"  # decodes the compact wijk geometry (geo/maps/compact_geometry.py)
OWN_FILES = Path(__file__).resolve().parent / "web"
APP_CSS = OWN_FILES / "app.css"  # the pages' own styles, sent inline (not served from static/)


def install_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the map assets into ``static_dir`` (only files that are missing or changed)."""
    from xstatic.pkg import leaflet, leaflet_markercluster

    _sync(Path(leaflet.BASE_DIR), static_dir / "leaflet", ("leaflet.js", "leaflet.css", "images"))
    _sync(Path(leaflet_markercluster.BASE_DIR), static_dir / "markercluster",
          ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"))
    _sync(OWN_FILES, static_dir / "partnerkaart", ("partnerkaart.css", "partnerkaart.js"))
    return static_dir


def _sync(source: Path, target: Path, names: tuple[str, ...]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        origin = source / name
        if origin.is_dir():
            _sync(origin, target / name, tuple(p.name for p in origin.iterdir() if p.is_file()))
        elif not (target / name).is_file() or not filecmp.cmp(origin, target / name, shallow=False):
            shutil.copyfile(origin, target / name)
