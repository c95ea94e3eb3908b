"""Candidate partners (kandidaten): organisations open data knows of that are not partners yet.

- :mod:`geo.candidates.records`: a candidate, a source's last search and a dismissal, as the store keeps them.
- :mod:`geo.candidates.osm_tags`: which OpenStreetMap tags make a candidate of which kind
  (``data/osm_kandidaten.json``) and the Overpass query that asks for them.
- :mod:`geo.candidates.overpass`: an Overpass API answer read as candidates; a timed-out answer is a failure.
- :mod:`geo.candidates.search`: fetching a municipality's candidates on the server and keeping them in the store;
  a failed refresh keeps the last good list.
- :mod:`geo.candidates.listing`: the candidates of a municipality with their wijk, the partner they match and
  whether they were dismissed; per white spot, the missing kinds first.
- :mod:`geo.candidates.adding`: candidates added as partners to contact (one import: audit log and undo), or
  dismissed.
"""
