"""Files that users upload (and files fetched for them): read within limits, refuse with a Dutch reason.

- :mod:`geo.uploads.bounded`: the worker process with a time and memory budget that every
  upload is read in.
- :mod:`geo.uploads.tables`: a partner or population table (CSV or Excel) read into rows of text,
  with rows, cells and characters counted while it is read.
- :mod:`geo.uploads.table_limits`: :class:`TableLimits` (from the settings) and :class:`TableError`.
- :mod:`geo.uploads.text_encoding`: a CSV's encoding, line by line when UTF-8 and a code page are mixed.
- :mod:`geo.uploads.delimited`: a CSV's separator and its records.
- :mod:`geo.uploads.excel`: an .xlsx checked as a zip, opened with defusedxml, its sheet streamed row by row.
- :mod:`geo.uploads.boundary_files`: a user's boundary file (GeoJSON, GeoPackage, zipped Shapefile) read,
  its CRS resolved (never guessed), its polygons repaired within the limits.
- :mod:`geo.uploads.geometry_limits`: :class:`BoundaryLimits`, the checks before the repair, the repair itself.
- :mod:`geo.uploads.geopackage`: a GeoPackage checked with SQLite alone (no views or virtual tables), also for
  a backup.
- :mod:`geo.uploads.zipped_shapefile`: a zip checked on its directory, its shapefile repacked in memory.
- :mod:`geo.uploads.refusals`: :class:`BoundaryFileError` and the wording of a refusal.
- :mod:`geo.uploads.areas`: an upload turned into an area of one's own, saved, listed, opened, removed.
"""
