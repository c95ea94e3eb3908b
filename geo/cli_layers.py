"""Command-line management of context layers (part of ``python -m geo``).

- ``lagen lijst [--format csv|json]``: every layer (id, naam, soort, bron, url, bestand,
  objecten, publiek, ververs_minuten, opgehaald, melding).
- ``lagen toevoegen --naam N --soort S (--bestand F | --url U --bron geojson|gbfs|gtfs|cambio|wfs|csv)
  [--kleur #RRGGBB] [--symbool S] [--publiek] [--ververs-minuten M] [--bronvermelding T]``
- ``lagen toevoegen --uit-lijst ID [--systeem SYSTEEM_ID] [--naam N] [--publiek]``: a source of the
  list (``data/bronnen.json``, setting ``lagen_bronnen``); ``--systeem`` picks a system of the GBFS
  catalogue.
- ``lagen bronnen [--gbfs] [--format csv|json]``: the list of sources (id, naam, soort, formaat,
  licentie, bronvermelding, beschikbaar, reden); with ``--gbfs`` the GBFS systems of the
  catalogue (car sharing first).
- ``lagen vernieuwen [ID …] [--bestand F]``: fetch the URL layers now (all of them without
  an ID); with ``--bestand``, a new version of one layer's file. Exit 0 when every layer was
  read (fresh, or its last good copy with a note), 2 when one could not be read at all.
- ``lagen verwijderen ID``

They call what the page *Lagen* calls (:mod:`geo.context.manage`); ``--gebruiker`` is the
name in the audit log. Every refusal is a Dutch message on stderr with exit code 2, and
nothing is written. :func:`wijk_context` gives ``dekking``, ``witte-vlekken``, ``advies``
and ``rapport`` the layers: all of them, as the command line is the operator.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from geo import texts
from geo.cli_access import _store
from geo.config import load_settings
from geo.context.records import KINDS, SOURCES, ContextLayer

LIST_COLUMNS = ("id", "naam", "soort", "bron", "url", "bestand", "objecten", "publiek", "ververs_minuten",
                "opgehaald", "melding")
URL_SOURCES = tuple(s for s in SOURCES if s != "bestand")  # as geo.context.sources, without importing its readers
SOURCE_COLUMNS = ("id", "naam", "soort", "formaat", "licentie", "bronvermelding", "ververs_minuten", "beschikbaar", "reden")
SYSTEM_COLUMNS = ("systeem", "naam", "plaats", "autodelen", "soort", "versies", "url")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def register(commands) -> None:
    """Add the ``lagen`` command to the ``python -m geo`` parser."""
    layers = commands.add_parser("lagen", help="contextlagen: deelauto's, stations, mobipunten, laadpunten")
    actions = layers.add_subparsers(required=True, metavar="actie")

    listing = actions.add_parser("lijst", help="alle lagen")
    listing.add_argument("--format", choices=("csv", "json"), default="csv")
    listing.set_defaults(handler=list_command)

    sources = actions.add_parser("bronnen", help="de lijst met bronnen (Kies een bron); --gbfs: de GBFS-systemen")
    sources.add_argument("--gbfs", action="store_true", help="de systemen van de GBFS-catalogus (autodelen eerst)")
    sources.add_argument("--format", choices=("csv", "json"), default="csv")
    sources.set_defaults(handler=sources_command)

    add = actions.add_parser("toevoegen", help="een laag toevoegen uit een bestand, van een adres of uit de lijst")
    add.add_argument("--uit-lijst", metavar="ID", help="een bron uit de lijst (zie 'lagen bronnen')")
    add.add_argument("--systeem", metavar="SYSTEEM_ID", help="bij --uit-lijst gbfs: het systeem (zie 'lagen bronnen --gbfs')")
    add.add_argument("--naam")
    add.add_argument("--soort", help=" | ".join(KINDS))
    add.add_argument("--bestand", help="CSV, XLSX, GeoJSON, GeoPackage, gezipte shapefile of GTFS-zip")
    add.add_argument("--url", help="adres van een GeoJSON, een GBFS-feed (gbfs.json), een GTFS-zip, een Cambio-lijst, "
                                   "een WFS (GeoJSON) of een CSV")
    add.add_argument("--bron", help="bij --url: " + " | ".join(URL_SOURCES))
    add.add_argument("--kleur", help="#RRGGBB")
    add.add_argument("--symbool", default="", help="één of twee tekens op de kaart (standaard: volgens de soort)")
    add.add_argument("--publiek", action="store_true", help="ook tonen via deellinks")
    add.add_argument("--ververs-minuten", type=int, default=0, help="automatisch vernieuwen na zoveel minuten (0: nooit)")
    add.add_argument("--bronvermelding", default="", help="standaard: wat de bron zelf vermeldt")
    add.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
    add.set_defaults(handler=add_command)

    refresh = actions.add_parser("vernieuwen", help="lagen nu ophalen (zonder ID: alle lagen met een adres)")
    refresh.add_argument("ids", nargs="*", type=int, metavar="ID")
    refresh.add_argument("--bestand", help="een nieuwe versie van het bestand van één laag")
    refresh.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
    refresh.set_defaults(handler=refresh_command)

    remove = actions.add_parser("verwijderen", help="een laag met haar objecten verwijderen")
    remove.add_argument("id", type=int, metavar="ID")
    remove.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
    remove.set_defaults(handler=remove_command)


def list_command(args: argparse.Namespace) -> int:
    from geo.cli_files import write_table as _write

    with _store(load_settings()) as store:
        layers = store.layer_list()
    rows = [{c: getattr(layer, c) for c in LIST_COLUMNS} for layer in layers]
    table = pd.DataFrame(rows, columns=list(LIST_COLUMNS))
    if args.format == "csv":  # as the coverage table writes its flags
        table["publiek"] = ["true" if value else "false" for value in table["publiek"]]
    _write(table, args.format)
    return 0


def sources_command(args: argparse.Namespace) -> int:
    from geo.cli_files import write_table as _write
    from geo.context.bronnen import catalogue_sources
    from geo.context.catalogue import gbfs_systems

    settings = load_settings()
    if args.gbfs:
        found = gbfs_systems(settings)
        table = pd.DataFrame([{"systeem": s.system_id, "naam": s.naam, "plaats": s.plaats, "autodelen": s.autodelen,
                               "soort": s.soort, "versies": s.versies, "url": s.url} for s in found.systems],
                             columns=list(SYSTEM_COLUMNS))
        if found.note:
            print(found.note, file=sys.stderr)
    else:
        table = pd.DataFrame([{"id": c.source.id, "naam": c.source.naam, "soort": c.source.soort,
                               "formaat": c.source.formaat, "licentie": c.source.licentie,
                               "bronvermelding": c.source.bronvermelding, "ververs_minuten": c.source.ververs_minuten,
                               "beschikbaar": c.enabled, "reden": c.reason} for c in catalogue_sources(settings)],
                             columns=list(SOURCE_COLUMNS))
    if args.format == "csv":
        for column in ("autodelen", "beschikbaar"):
            if column in table:
                table[column] = ["true" if value else "false" for value in table[column]]
    _write(table, args.format)
    return 0


def add_command(args: argparse.Namespace) -> int:
    from geo.cli_files import read_file as _read_file
    from geo.context.manage import add_layer

    settings = load_settings()
    if args.uit_lijst:
        return _add_from_list(args, settings)
    if args.systeem:
        raise ValueError(texts.CLI_BRONNEN_SYSTEEM_ALLEEN)
    layer = _new_layer(args)
    data = None
    if args.bestand:
        data = _read_file(Path(args.bestand), settings.max_upload_bytes, settings.max_upload_mb)
        if data is None:
            return 2
    with _store(settings) as store:
        stored = add_layer(store, layer, data, settings, door=args.gebruiker)
    print(texts.CLI_LAAG_TOEGEVOEGD.format(id=stored.id, naam=stored.naam, objecten=stored.objecten))
    _print_note(stored)
    return 0


def refresh_command(args: argparse.Namespace) -> int:
    from geo.cli_files import read_file as _read_file
    from geo.context.manage import FAILED, FROM_COPY, refresh_layer_outcome, replace_file

    settings = load_settings()
    with _store(settings) as store:
        layers = [_existing(store, layer_id) for layer_id in dict.fromkeys(args.ids)]
        if args.bestand:
            if len(layers) != 1:
                raise ValueError(texts.CLI_LAGEN_BESTAND_EEN_ID)
            path = Path(args.bestand)
            data = _read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
            if data is None:
                return 2
            stored = replace_file(store, layers[0], data, path.name, settings, door=args.gebruiker)
            print(texts.CLI_LAAG_VERNIEUWD_BESTAND.format(id=stored.id, naam=stored.naam, bestand=path.name,
                                                          objecten=stored.objecten))
            _print_note(stored)
            return 0
        for layer in layers:
            if layer.bron not in URL_SOURCES:
                raise ValueError(texts.CLI_LAAG_UIT_BESTAND.format(id=layer.id, naam=layer.naam))
        if not args.ids:
            layers = [layer for layer in store.layer_list() if layer.bron in URL_SOURCES]
            if not layers:
                print(texts.CLI_LAGEN_GEEN_URL)
                return 0
        outcomes = [refresh_layer_outcome(store, layer, settings, door=args.gebruiker) for layer in layers]
    for stored, outcome in outcomes:
        values = {"id": stored.id, "naam": stored.naam, "objecten": stored.objecten}
        if outcome == FAILED:
            print(texts.CLI_LAAG_MISLUKT.format(**values), file=sys.stderr)
            _print_note(stored, sys.stderr)
        else:
            print((texts.CLI_LAAG_KOPIE if outcome == FROM_COPY else texts.CLI_LAAG_VERNIEUWD).format(**values))
            _print_note(stored)
    copies = sum(outcome == FROM_COPY for _, outcome in outcomes)
    failed = sum(outcome == FAILED for _, outcome in outcomes)
    if copies:
        print(texts.CLI_LAGEN_KOPIE_GETOOND.format(aantal=copies))
    if failed:
        print(texts.CLI_LAGEN_NIET_GELEZEN.format(aantal=failed), file=sys.stderr)
        return 2
    return 0


def remove_command(args: argparse.Namespace) -> int:
    with _store(load_settings()) as store:
        layer = _existing(store, args.id)
        store.layer_delete(layer.id, door=args.gebruiker)
    print(texts.CLI_LAAG_VERWIJDERD.format(id=layer.id, naam=layer.naam, objecten=layer.objecten))
    return 0


def wijk_context(boundaries, nis: str):
    """Every layer (the command line is the operator) counted and measured per wijk of ``nis``
    (a :class:`~geo.context.per_wijk.WijkContext`); None without layers."""
    from geo.context.per_wijk import load_context, municipality_context

    with _store(load_settings()) as store:
        layers, objects = load_context(store)
    return municipality_context(boundaries, nis, layers, objects)


# Helpers ----------------------------------------------------------------------------------------

def _add_from_list(args: argparse.Namespace, settings) -> int:
    """``lagen toevoegen --uit-lijst ID [--systeem S]``: a source of the list, as the page's "Kies een bron" adds it."""
    from geo.context.catalogue import add_from_catalogue

    if args.bestand or args.url or args.bron or args.soort:
        raise ValueError(texts.CLI_BRONNEN_EEN_KEUZE)
    with _store(settings) as store:
        stored = add_from_catalogue(store, settings, args.uit_lijst, system_id=args.systeem, naam=args.naam,
                                    publiek=args.publiek, door=args.gebruiker)
    print(texts.CLI_LAAG_TOEGEVOEGD.format(id=stored.id, naam=stored.naam, objecten=stored.objecten))
    _print_note(stored)
    return 0


def _new_layer(args: argparse.Namespace) -> ContextLayer:
    """The layer the arguments describe, checked before anything is read (Dutch ``ValueError``)."""
    if not args.naam or not args.soort:
        raise ValueError(texts.CLI_LAGEN_NAAM_SOORT)
    if args.soort not in KINDS:
        raise ValueError(texts.LAAG_SOORT_ONGELDIG.format(soort=args.soort, soorten=", ".join(KINDS)))
    if bool(args.bestand) == bool(args.url):
        raise ValueError(texts.CLI_LAGEN_EEN_BRON)
    if args.bestand and args.bron:
        raise ValueError(texts.CLI_LAGEN_BRON_BIJ_BESTAND)
    if args.url and not args.bron:
        raise ValueError(texts.CLI_LAGEN_BRON_NODIG.format(bronnen=", ".join(URL_SOURCES)))
    if args.url and args.bron not in URL_SOURCES:
        raise ValueError(texts.CLI_LAGEN_BRON_ONBEKEND.format(bron=args.bron, bronnen=", ".join(URL_SOURCES)))
    if args.kleur is not None and not _COLOUR.fullmatch(args.kleur):
        raise ValueError(texts.LAAG_KLEUR_ONGELDIG.format(kleur=args.kleur[:60]))
    extra = {"kleur": args.kleur} if args.kleur else {}
    return ContextLayer(naam=args.naam, soort=args.soort, bron=args.bron if args.url else "bestand",
                        url=args.url or "", bestand=Path(args.bestand).name if args.bestand else "",
                        symbool=args.symbool, publiek=args.publiek, ververs_minuten=args.ververs_minuten,
                        bronvermelding=args.bronvermelding, **extra)


def _existing(store, layer_id: int) -> ContextLayer:
    layer = store.layer_get(layer_id)
    if layer is None:
        raise ValueError(texts.CLI_LAAG_ONBEKEND.format(id=layer_id))
    return layer


def _print_note(layer: ContextLayer, stream=None) -> None:
    if layer.melding:
        print(texts.CLI_LAAG_MELDING.format(melding=layer.melding), file=stream or sys.stdout)
