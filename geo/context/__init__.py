"""Context layers: where shared cars, stations, mobipunten and chargers already are, beside the partners.

- :mod:`geo.context.records`: a layer and its objects, as the store keeps them.
- :mod:`geo.context.analysis`: the objects as points in Lambert 72; per wijk the points of each
  kind and the distance to the nearest shared car and station.
- :mod:`geo.context.views`: the Dekking views *partner but no car* and *car but no partner*.
- :mod:`geo.context.sources`: a layer's objects from an upload or its URL (``read_layer``, ``refresh``); parsing
  in the upload worker, fallback to the last good copy.
- :mod:`geo.context.fetch`: fetching a URL safely: http(s), connected to the checked addresses only, redirects
  re-checked, time and size bounded.
- :mod:`geo.context.addresses`: which addresses may be fetched (no loopback, private, link-local … unless allowed)
  and :class:`~geo.context.addresses.FetchError`.
- :mod:`geo.context.cache`: the last good copy of each fetched document, checked by SHA-256.
- :mod:`geo.context.gbfs`: a GBFS 2.x/3.0 feed's stations and free-floating vehicles.
- :mod:`geo.context.gtfs`: a GTFS zip's stations and stops (``stops.txt`` only).
- :mod:`geo.context.cambio`: Cambio's station list (round-trip shared cars).
- :mod:`geo.context.wfs`: a WFS answer in GeoJSON, its coordinate system (Lambert 72, WGS84, …) honoured.
- :mod:`geo.context.bronnen`: the list of sources in one click (``data/bronnen.json``) and their keys.
- :mod:`geo.context.catalogue`: the GBFS systems of MobilityData's catalogue, and adding a listed source.
- :mod:`geo.context.files`: a CSV/XLSX table with coordinates, or a GeoJSON/GeoPackage/Shapefile of points,
  lines and zones.
- :mod:`geo.context.checks`: what every layer's objects must satisfy (in Belgium, named, bounded) and
  :class:`~geo.context.checks.LayerError`.
"""
