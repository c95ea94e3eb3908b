"""A tiny hand-made area for coverage tests: two municipalities of two 1 km² square wijken.

``Aastad`` (91001) holds wijken W01 and W02, ``Beedorp`` (91002) the next two, in a row
from west to east starting at Lambert 72 (``X0``, ``Y0``).
"""

import geopandas as gpd
import shapely

from geo.boundaries import Boundaries, prepare_boundaries
from geo.partners import Partner
from geo.reach import to_wgs84_lonlat

X0, Y0 = 150_000.0, 200_000.0


def tiny_boundaries() -> Boundaries:
    codes = ["91001W01", "91001W02", "91002W01", "91002W02"]
    names = ["West (Aastad)", "Oost (Aastad)", "West (Beedorp)", "Oost (Beedorp)"]
    wijken = gpd.GeoDataFrame({"geoitem": codes, "naam": names}, crs=31370, geometry=[
        shapely.box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000) for i in range(4)])
    gemeenten = gpd.GeoDataFrame({"geoitem": ["91001", "91002"], "naam": ["Aastad", "Beedorp"]}, crs=31370, geometry=[
        shapely.box(X0, Y0, X0 + 2000, Y0 + 1000), shapely.box(X0 + 2000, Y0, X0 + 4000, Y0 + 1000)])
    return prepare_boundaries(wijken, gemeenten)


def partner_at(naam: str, dx: float | None, dy: float | None, categorie: str = "school",
               status: str = "zet zich mee in", **fields) -> Partner:
    """A partner at (X0 + dx, Y0 + dy) in Lambert 72, or without location when dx is None."""
    if dx is None:
        return Partner(naam=naam, categorie=categorie, status=status, id=naam, **fields)
    lon, lat = to_wgs84_lonlat([X0 + dx], [Y0 + dy])
    return Partner(naam=naam, categorie=categorie, status=status, lat=float(lat[0]), lon=float(lon[0]), id=naam,
                   **fields)
