"""A candidate partner, the last search of a source for a municipality, and a dismissal.

Candidates are organiser information: they are never shown through a share link. Every text
here comes from open data: escape it wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable, Mapping

from geo import texts

OSM = "osm"
POI = "poi"
OWN = "eigen:"  # + the id of a source a beheerder added (CandidateSource)
SOURCES = (OSM, POI)
ATTRIBUTION = {OSM: texts.KANDIDATEN_OSM_BRONVERMELDING, POI: texts.KANDIDATEN_POI_BRONVERMELDING}
LICENCE = {OSM: "ODbL 1.0", POI: "Modellicentie Gratis Hergebruik Vlaanderen v1.0"}


@dataclass(frozen=True)
class Candidate:
    """One organisation found in open data: ``bron`` (a source of :data:`SOURCES`) and ``bron_id``
    (its id there, e.g. ``node/123``) identify it; ``lat``/``lon`` are WGS84; ``categorie`` is a
    category code; ``detail`` says why it is a candidate (the label of its tag rule)."""

    gemeente_nis: str
    bron: str
    bron_id: str
    naam: str
    categorie: str
    lat: float
    lon: float
    detail: str = ""
    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    plaats: str = ""
    wijk_code: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.bron, self.bron_id

    @property
    def adres(self) -> str:
        street = " ".join(p for p in (self.straat, self.huisnummer) if p)
        town = " ".join(p for p in (self.postcode, self.plaats) if p)
        return ", ".join(p for p in (street, town) if p)

    @property
    def attribution(self) -> str:
        return attribution_of(self.bron)


@dataclass(frozen=True)
class CandidateSearch:
    """When a source was last searched for a municipality: ``opgehaald`` (ISO 8601, UTC) is the time
    of the list kept; ``melding`` the Dutch note of a failed refresh ("" when it went well)."""

    gemeente_nis: str
    bron: str
    opgehaald: str
    aantal: int = 0
    melding: str = ""


@dataclass(frozen=True)
class Dismissal:
    """A candidate an organiser marked ``geen kandidaat``: it stays hidden after every refresh."""

    bron: str
    bron_id: str
    gemeente_nis: str
    naam: str
    door: str = ""
    tijdstip: str = ""


@dataclass(frozen=True)
class CandidateSource:
    """A source of candidates a beheerder added: an uploaded file (``formaat`` ``bestand``: CSV/XLSX,
    GeoJSON, GeoPackage, zipped Shapefile; its name in ``bestand``) or a URL (``geojson``, ``wfs`` or
    ``csv``). Every candidate gets kind ``categorie``, or the kind its column ``kolom`` names.
    ``bronvermelding`` is shown wherever its candidates appear (the name when empty)."""

    naam: str
    formaat: str
    url: str = ""
    bestand: str = ""
    categorie: str = ""
    kolom: str = ""
    bronvermelding: str = ""
    aantal: int = 0
    opgehaald: str = ""
    melding: str = ""
    door: str = ""
    aangemaakt: str = ""
    id: int = 0

    @property
    def bron(self) -> str:
        return f"{OWN}{self.id}"

    @property
    def attribution(self) -> str:
        return self.bronvermelding or self.naam


SOURCE_FORMATS = ("bestand", "geojson", "wfs", "csv")
CANDIDATE_COLUMNS = tuple(f.name for f in fields(Candidate))
CANDIDATE_SOURCE_COLUMNS = tuple(f.name for f in fields(CandidateSource))
SEARCH_COLUMNS = tuple(f.name for f in fields(CandidateSearch))
DISMISSAL_COLUMNS = tuple(f.name for f in fields(Dismissal))


def attribution_of(bron: str, names: Mapping[str, str] | None = None) -> str:
    """What to name as the source ``bron``: a built-in source's attribution, or an added source's
    (``names``: :meth:`~geo.store.candidate_tables.CandidateTables.candidate_source_names`)."""
    return (names or {}).get(bron) or ATTRIBUTION.get(bron, bron)


def partner_attribution(sources: Mapping[tuple[str, str], str], partner_ids: Iterable[str],
                        names: Mapping[str, str] | None = None) -> list[str]:
    """The attribution of every source that a partner among ``partner_ids`` came from
    (``sources``: :meth:`~geo.store.candidate_tables.CandidateTables.partner_sources`)."""
    shown = set(partner_ids)
    return sorted({attribution_of(bron, names) for (bron, _), partner_id in sources.items() if partner_id in shown})
