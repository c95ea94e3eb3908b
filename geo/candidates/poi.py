"""The Flemish points of interest (Digitaal Vlaanderen's POI service) read as candidate partners: schools.

The service is a WFS without key; asked for its ``POI`` features of the categories
*Basisonderwijs* and *Secundair onderwijs* (``CQL_FILTER``) in GeoJSON, it answers in Belgian
Lambert 72. The answer is read by :func:`geo.context.wfs.read_wfs`, the reader of WFS context
layers (coordinate system from the answer or the URL, else recognised; names, limits), so a
point of interest meets the same checks as a Hoppinpunt. Every feature becomes a candidate of
kind ``school``; its category is the detail, its address comes from the usual property names
when present, and its id from the feature's id property (else its place and name, so a refresh
finds the same candidate again).

>>> read_poi(answer, settings.kandidaten_poi_url, "12025")[0].categorie     # doctest: +SKIP
'school'
"""

from __future__ import annotations

from geo.candidates.objects import as_candidate
from geo.candidates.overpass import CandidateError
from geo.candidates.records import POI, Candidate
from geo.context.checks import LayerError, LayerLimits
from geo.context.wfs import read_wfs


def read_poi(data: bytes, url: str, gemeente_nis: str, limits: LayerLimits = LayerLimits()) -> list[Candidate]:
    """The features of a POI answer as candidates of kind ``school``; a :class:`CandidateError` (Dutch) otherwise."""
    try:
        parsed = read_wfs(data, url, limits)
    except LayerError as error:
        raise CandidateError(str(error)) from error
    return [as_candidate(item, POI, gemeente_nis, "school", item.detail or "school") for item in parsed.objects]
