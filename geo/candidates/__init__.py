"""Candidate partners (kandidaten): organisations open data knows of that are not partners yet.

- :mod:`geo.candidates.records`: a candidate, a source's last search and a dismissal, as the store keeps them.
- :mod:`geo.candidates.osm_tags`: which OpenStreetMap tags make a candidate of which kind
  (``data/osm_kandidaten.json``) and the Overpass query that asks for them.
- :mod:`geo.candidates.overpass`: an Overpass API answer read as candidates; a timed-out answer is a failure.
- :mod:`geo.candidates.poi`: the schools of the Flemish points of interest (a WFS in Lambert 72).
- :mod:`geo.candidates.own`: the sources a beheerder adds (a file or a URL, a fixed kind or a kind column),
  their candidates kept per municipality they reach.
- :mod:`geo.candidates.objects`: objects read by the layer readers as candidates (id, address).
- :mod:`geo.candidates.search`: fetching a municipality's candidates from every source on the server and keeping
  them in the store; a source whose refresh fails keeps its last good list.
- :mod:`geo.candidates.listing`: the candidates of a municipality with their wijk, the partner they match and
  whether they were dismissed; per white spot, the missing kinds first.
- :mod:`geo.candidates.adding`: candidates added as partners to contact (one import: audit log and undo), or
  dismissed.
"""
