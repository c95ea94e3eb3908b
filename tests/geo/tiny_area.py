"""A tiny hand-made area for coverage tests: two municipalities of two 1 km² square wijken.

``Aastad`` (91001) holds wijken W01 and W02, ``Beedorp`` (91002) the next two, in a row
from west to east starting at Lambert 72 (``X0``, ``Y0``).
"""

import geopandas as gpd
import shapely

from geo.boundaries import Boundaries, prepare_boundaries

X0, Y0 = 150_000.0, 200_000.0


def tiny_boundaries() -> Boundaries:
    codes = ["91001W01", "91001W02", "91002W01", "91002W02"]
    names = ["West (Aastad)", "Oost (Aastad)", "West (Beedorp)", "Oost (Beedorp)"]
    wijken = gpd.GeoDataFrame({"geoitem": codes, "naam": names}, crs=31370, geometry=[
        shapely.box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000) for i in range(4)])
    gemeenten = gpd.GeoDataFrame({"geoitem": ["91001", "91002"], "naam": ["Aastad", "Beedorp"]}, crs=31370, geometry=[
        shapely.box(X0, Y0, X0 + 2000, Y0 + 1000), shapely.box(X0 + 2000, Y0, X0 + 4000, Y0 + 1000)])
    return prepare_boundaries(wijken, gemeenten)
