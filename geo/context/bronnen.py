"""The sources a beheerder adds in one click ("Kies een bron"): a list kept as data, ``data/bronnen.json``.

The file (setting ``lagen_bronnen``) lists per source its ``id``, ``naam``, ``soort`` (a layer
kind), ``formaat`` (a URL format of :data:`~geo.context.records.SOURCES`: ``cambio``,
``gbfs``, ``geojson``, ``wfs``, ``gtfs``, ``csv``), ``url``, ``licentie``, ``bronvermelding``
(shown on every map, report and export that shows the layer), ``ververs_minuten`` and
``sleutel``: null, or ``{"instelling", "header", "waar"}`` for a source that wants a key (the
setting holding it, the HTTP header it is sent in, where to get one). The GBFS entry has a
``catalogus`` instead of a URL: MobilityData's ``systems.csv``, the country kept and the words
that mark a car-sharing system (:mod:`geo.context.catalogue`).

A key is sent only to its source's own URL (:func:`key_headers`, used by
:mod:`geo.context.sources` at every fetch) and never shown: messages name the setting, not
its value.

>>> [choice.source.id for choice in catalogue_sources(settings) if choice.enabled]   # doctest: +SKIP
['cambio-vlaanderen', 'cambio-brussel', 'gbfs', 'hoppinpunten', 'nmbs-stations']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from geo import texts
from geo.context.checks import clean_text
from geo.context.records import KINDS, SOURCES

FORMATS = tuple(s for s in SOURCES if s != "bestand")


@dataclass(frozen=True)
class SourceKey:
    """A source's key: the setting that holds it, the HTTP header it travels in, where to get one."""

    instelling: str
    header: str
    waar: str = ""


@dataclass(frozen=True)
class Catalogue:
    """A catalogue of systems (MobilityData's ``systems.csv``): its URL, the country kept, car-sharing words."""

    url: str
    land: str = "BE"
    autodelen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """One entry of the list (see the module's description)."""

    id: str
    naam: str
    soort: str
    formaat: str
    url: str = ""
    licentie: str = ""
    bronvermelding: str = ""
    ververs_minuten: int = 0
    sleutel: SourceKey | None = None
    catalogus: Catalogue | None = None


@dataclass(frozen=True)
class SourceChoice:
    """A source as offered: ``enabled`` False with the Dutch ``reason`` when its key is not set."""

    source: Source
    enabled: bool
    reason: str = ""


def load_sources(path: Path | str) -> tuple[Source, ...]:
    """The sources in the JSON file at ``path``; a Dutch ``ValueError`` naming the file and entry when wrong."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(texts.BRONNEN_ONLEESBAAR.format(pad=path)) from exc
    entries = document.get("bronnen") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError(texts.BRONNEN_ONLEESBAAR.format(pad=path))
    sources = tuple(_source(entry, path, number) for number, entry in enumerate(entries, start=1))
    ids = [source.id for source in sources]
    double = next((i for i in ids if ids.count(i) > 1), None)
    if double is not None:
        raise ValueError(texts.BRONNEN_DUBBEL.format(pad=path, id=double))
    return sources


def catalogue_sources(settings) -> list[SourceChoice]:
    """Every source of the list (setting ``lagen_bronnen``), each enabled unless its key is not set."""
    choices = []
    for source in load_sources(settings.lagen_bronnen):
        if source.sleutel is not None and not key_value(source.sleutel, settings):
            choices.append(SourceChoice(source, False, key_explanation(source)))
        else:
            choices.append(SourceChoice(source, True))
    return choices


def find_source(settings, source_id: str) -> Source:
    """The source ``source_id`` of the list; a Dutch ``ValueError`` naming the ids there are."""
    sources = load_sources(settings.lagen_bronnen)
    found = next((source for source in sources if source.id == source_id), None)
    if found is None:
        raise ValueError(texts.BRONNEN_ONBEKEND.format(id=clean_text(source_id, 60),
                                                       ids=", ".join(source.id for source in sources)))
    return found


def key_headers(url: str, settings) -> dict[str, str]:
    """The key header(s) to send with ``url``: those of the listed sources at exactly that URL whose key is set.

    A list that cannot be read gives none (the fetch then says what the server answers).
    """
    source = keyed_source(url, settings)
    if source is None or source.sleutel is None:
        return {}
    value = key_value(source.sleutel, settings)
    return {source.sleutel.header: value} if value else {}


def keyed_source(url: str, settings) -> Source | None:
    """The listed source at ``url`` that wants a key, if any."""
    try:
        sources = load_sources(settings.lagen_bronnen)
    except ValueError:
        return None
    return next((s for s in sources if s.sleutel is not None and s.url and s.url == url.strip()), None)


def key_value(key: SourceKey, settings) -> str:
    """The key's value from the settings ("" when not set)."""
    return str(getattr(settings, key.instelling, "") or "").strip()


def key_explanation(source: Source) -> str:
    """Why a keyed source is not offered, and where to get the key (Dutch; never the key itself)."""
    key = source.sleutel
    if key is None:
        return ""
    return texts.BRONNEN_SLEUTEL_NODIG.format(naam=source.naam, instelling=key.instelling,
                                              env=f"PARTNERKAART_{key.instelling.upper()}", waar=key.waar or "-")


def key_refused(source: Source, status: int) -> str:
    """The Dutch message for a 401/403 answer of a keyed source: the key is missing or wrong."""
    key = source.sleutel
    instelling = key.instelling if key else ""
    return texts.BRONNEN_SLEUTEL_GEWEIGERD.format(naam=source.naam, status=status, instelling=instelling,
                                                  env=f"PARTNERKAART_{instelling.upper()}",
                                                  waar=(key.waar if key else "") or "-")


# Helpers ----------------------------------------------------------------------------------------

def _source(entry: object, path: Path | str, number: int) -> Source:
    if not isinstance(entry, dict):
        raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout="geen object"))

    def text(name: str, required: bool = True) -> str:
        value = entry.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout=f"'{name}' ontbreekt"))
        return value.strip()

    source_id, soort, formaat = text("id"), text("soort"), text("formaat")
    if soort not in KINDS:
        raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout=f"soort '{soort}' is geen laagsoort"))
    if formaat not in FORMATS:
        raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout=f"formaat '{formaat}' onbekend"))
    catalogue = _catalogue(entry.get("catalogus"), path, number)
    url = text("url", required=catalogue is None)
    minutes = entry.get("ververs_minuten", 0)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout="'ververs_minuten' is geen getal ≥ 0"))
    return Source(id=source_id, naam=text("naam"), soort=soort, formaat=formaat, url=url,
                  licentie=text("licentie", False), bronvermelding=text("bronvermelding", False),
                  ververs_minuten=minutes, sleutel=_key(entry.get("sleutel"), path, number), catalogus=catalogue)


def _key(value: object, path: Path | str, number: int) -> SourceKey | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k] for k in ("instelling", "header")):
        raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout="'sleutel' mist instelling of header"))
    return SourceKey(value["instelling"], value["header"], str(value.get("waar", "")))


def _catalogue(value: object, path: Path | str, number: int) -> Catalogue | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("url"), str) or not value["url"]:
        raise ValueError(texts.BRONNEN_FOUT.format(pad=path, nummer=number, fout="'catalogus' mist een url"))
    words = value.get("autodelen", [])
    return Catalogue(url=value["url"], land=str(value.get("land", "BE")).upper(),
                     autodelen=tuple(str(w).casefold() for w in words if isinstance(w, str) and w.strip()))
