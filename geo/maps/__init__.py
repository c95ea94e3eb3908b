"""Folium maps of wijken and partners, with local Leaflet and escaped text.

Every map loads Leaflet from the app itself (:mod:`geo.assets`), shows the data sources in
its attribution, and escapes every text that came from a user or a file before it reaches
the browser. :mod:`geo.maps.views` builds the maps of the pages from the layers of
:mod:`geo.maps.layers` and the legends of :mod:`geo.maps.legends`.
"""

from geo.maps.layers import (PROSPECT_REACH_STYLE, STATUS_STYLE, TRUSTED_REACH_STYLE, base_map, html_bytes,
                             partner_feature, partner_icon, partner_layer, percent, rank_icon, reach_layer, wijk_features, wijk_layer)
from geo.maps.legends import legend_html
from geo.maps.views import (METRIC_CLASSES, WEAK_SPOT_STYLE, WHITE_SPOT_STYLE, coverage_map, flanders_map,
                            location_map, metric_class, municipality_map, preview_map, white_spot_map)

__all__ = ["METRIC_CLASSES", "PROSPECT_REACH_STYLE", "STATUS_STYLE", "TRUSTED_REACH_STYLE", "WEAK_SPOT_STYLE",
           "WHITE_SPOT_STYLE", "base_map", "coverage_map", "flanders_map", "html_bytes", "legend_html", "location_map",
           "metric_class", "municipality_map", "partner_feature", "partner_icon", "partner_layer", "percent", "preview_map", "rank_icon",
           "reach_layer", "white_spot_map", "wijk_features", "wijk_layer"]
