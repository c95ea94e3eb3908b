"""Adding a listed source in one click, and the GBFS systems of a country from MobilityData's catalogue.

What the page *Lagen* ("Kies een bron") and ``python -m geo lagen bronnen`` / ``lagen toevoegen
--uit-lijst`` both call:

- :func:`gbfs_systems`: the catalogue ``systems.csv`` of MobilityData (columns ``Country Code``,
  ``Name``, ``Location``, ``System ID``, ``URL``, ``Auto-Discovery URL``, ``Supported Versions``),
  fetched like every layer document (:mod:`geo.context.fetch`: timeout, size limit, address
  check) and kept in the cache (:mod:`geo.context.cache`), so the list still works offline from
  its last good copy. Only the rows of the entry's country are kept. The catalogue says nothing
  about vehicles, so **car-sharing systems are recognised by name**: a system whose name or ID
  contains one of the entry's ``autodelen`` words (``getaround``, ``cambio``, …) is listed first
  and becomes a ``deelauto`` layer; any other (bikes, scooters, mopeds) a ``deelfiets`` layer,
  which keeps only bikes (:mod:`geo.context.gbfs`).
- :func:`add_from_catalogue`: a layer from a listed source (and for the catalogue, a system),
  stored once for the whole region it covers (each map shows the points within its municipality
  plus a margin), with the list's attribution as the layer's ``bronvermelding``.

>>> layer = add_from_catalogue(store, settings, "gbfs", system_id="getaround_gent", door="an")  # doctest: +SKIP
>>> layer.soort, layer.bronvermelding                                                         # doctest: +SKIP
('deelauto', 'Getaround Gent, via de GBFS-catalogus van MobilityData')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from geo import texts
from geo.context import cache
from geo.context.bronnen import Source, catalogue_sources, find_source
from geo.context.checks import clean_text, shown
from geo.context.fetch import FetchOptions, fetch
from geo.context.records import KIND_COLOURS, ContextLayer

MAX_SYSTEMS = 5_000
CAR_KIND, BIKE_KIND = "deelauto", "deelfiets"


@dataclass(frozen=True)
class GbfsSystem:
    """One system of the catalogue: its ID, name, place, auto-discovery URL, versions, and whether it shares cars."""

    system_id: str
    naam: str
    plaats: str
    url: str
    versies: str = ""
    autodelen: bool = False

    @property
    def soort(self) -> str:
        """The kind of layer it becomes: ``deelauto`` for car sharing, else ``deelfiets``."""
        return CAR_KIND if self.autodelen else BIKE_KIND


@dataclass(frozen=True)
class GbfsSystems:
    """The systems of one country, car sharing first; ``note`` says when the list is an older copy."""

    systems: tuple[GbfsSystem, ...]
    note: str = ""


def gbfs_systems(settings, source: Source | str = "gbfs") -> GbfsSystems:
    """The catalogue's systems of the entry's country, car-sharing systems first, then by name.

    Fetched now; when that fails, the last good copy with a Dutch note; without one, a Dutch
    ``ValueError`` (a :class:`~geo.context.fetch.FetchError` for the network).
    """
    entry = find_source(settings, source) if isinstance(source, str) else source
    if entry.catalogus is None:
        raise ValueError(texts.BRONNEN_GEEN_CATALOGUS.format(id=entry.id))
    url = entry.catalogus.url
    try:
        data = fetch(url, FetchOptions.from_settings(settings)).data
        systems = _systems(data, entry)
    except ValueError as error:
        copy = cache.read_cached(url, settings)
        if copy is None:
            raise
        return GbfsSystems(_systems(copy.data, entry), cache.fallback_note(str(error), copy.fetched))
    cache.store_copy(url, data, settings)
    return GbfsSystems(systems)


def add_from_catalogue(store, settings, source_id: str, system_id: str | None = None, naam: str | None = None,
                       publiek: bool = False, door: str = "") -> ContextLayer:
    """Add the listed source ``source_id`` (for the GBFS catalogue: its system ``system_id``) as a layer.

    The layer takes the list's name (or ``naam``), kind, format, URL, refresh interval and
    attribution (``{systeem}`` in it becomes the system's name). Raises a Dutch ``ValueError``
    when the source is unknown, wants a key that is not set, or cannot be read; nothing is
    stored then. A 401/403 answer of a keyed source says the key is missing or wrong.
    """
    from geo.context.manage import add_layer

    choice = next((c for c in catalogue_sources(settings) if c.source.id == source_id), None)
    if choice is None:
        find_source(settings, source_id)  # raises: unknown, with the ids there are
        raise ValueError(texts.BRONNEN_ONBEKEND.format(id=shown(source_id, 60), ids=""))
    if not choice.enabled:
        raise ValueError(choice.reason)
    source = choice.source
    if source.catalogus is not None:
        if not system_id:
            raise ValueError(texts.BRONNEN_SYSTEEM_NODIG.format(naam=source.naam))
        system = next((s for s in gbfs_systems(settings, source).systems if s.system_id == system_id), None)
        if system is None:
            raise ValueError(texts.BRONNEN_SYSTEEM_ONBEKEND.format(systeem=shown(system_id, 60), land=source.catalogus.land))
        url, kind, title = system.url, system.soort, system.naam
        attribution = source.bronvermelding.replace("{systeem}", system.naam) if source.bronvermelding else ""
    else:
        url, kind, title, attribution = source.url, source.soort, source.naam, source.bronvermelding
    layer = ContextLayer(naam=clean_text(naam or title, 200) or title, soort=kind, kleur=KIND_COLOURS.get(kind, "#CC6677"),
                         bron=source.formaat, url=url, publiek=bool(publiek), ververs_minuten=source.ververs_minuten,
                         bronvermelding=clean_text(attribution, 500))
    return add_layer(store, layer, None, settings, door=door)


# Helpers ----------------------------------------------------------------------------------------

def _systems(data: bytes, entry: Source) -> tuple[GbfsSystem, ...]:
    """The rows of ``systems.csv`` for the entry's country; a Dutch ``ValueError`` for a file that is no catalogue."""
    assert entry.catalogus is not None
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        rows = [row for _, row in zip(range(MAX_SYSTEMS + 1), reader)]
    except (UnicodeError, csv.Error) as exc:
        raise ValueError(texts.BRONNEN_CATALOGUS_ONLEESBAAR.format(url=shown(entry.catalogus.url))) from exc
    header = {str(name).strip() for name in (reader.fieldnames or [])}
    if not {"Country Code", "Name", "System ID", "Auto-Discovery URL"} <= header:
        raise ValueError(texts.BRONNEN_CATALOGUS_ONLEESBAAR.format(url=shown(entry.catalogus.url)))
    words = entry.catalogus.autodelen
    systems = []
    for row in rows:
        row = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None and isinstance(v, str)}
        url = row.get("Auto-Discovery URL", "")
        if row.get("Country Code", "").upper() != entry.catalogus.land or not url.lower().startswith(("http://", "https://")):
            continue
        name, system_id = clean_text(row.get("Name"), 200), clean_text(row.get("System ID"), 200)
        if not system_id:
            continue
        label = f"{name} {system_id}".casefold()
        systems.append(GbfsSystem(system_id=system_id, naam=name or system_id, plaats=clean_text(row.get("Location"), 200),
                                  url=url, versies=clean_text(row.get("Supported Versions"), 100),
                                  autodelen=any(word in label for word in words)))
    return tuple(sorted(systems, key=lambda s: (not s.autodelen, s.naam.casefold(), s.plaats.casefold(), s.system_id)))
