"""The baseline page of ``python -m bench eerstekaart``: one polygon through streamlit-folium, with the
app's own local Leaflet (a page with folium's CDN Leaflet would never draw offline)."""

import folium
from streamlit_folium import st_folium

from geo import assets

fmap = folium.Map(location=[51.03, 4.48], zoom_start=13, tiles=None)
fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS)]
folium.Polygon([[51.02, 4.47], [51.04, 4.47], [51.04, 4.49]], fill=True).add_to(fmap)
st_folium(fmap, height=560, use_container_width=True, returned_objects=[])
