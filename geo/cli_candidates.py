"""Command-line access to candidate partners from open data (part of ``python -m geo``).

- ``kandidaten zoeken --gemeente NIS|naam [--vernieuwen]``: fetch the municipality's
  candidates from OpenStreetMap and the Flemish points of interest (reused without fetching
  while younger than ``kandidaten_dagen``).
- ``kandidaten lijst --gemeente … [--alle] [--format csv|json] [--out F]``: the open candidates
  (``--alle``: also those matching a partner, dismissed or added, with why), attributed.
- ``kandidaten toevoegen --gemeente … ID …``: add them as partners ``te contacteren`` (one import).
- ``kandidaten afwijzen --gemeente … ID …`` / ``terugzetten``: mark them ``geen kandidaat`` or undo that.
- ``kandidaten bronnen``, ``bron-toevoegen --naam N (--bestand F | --url U [--formaat …]) (--soort S | --kolom K)``,
  ``bron-verwijderen ID``: the sources of candidates a beheerder adds (Lagen).

An ID is the source's id (``node/123``, ``way/45``), optionally prefixed by the source
(``osm:node/123``, ``poi:4711``, ``eigen:3:12`` for a source a beheerder added). They call what the page *Witte vlekken* calls. A refusal is a Dutch
message on stderr with exit code 2 and nothing written; a failed refresh (the last list kept)
exits with 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import texts
from geo.candidates.adding import add_candidates, dismiss_candidates
from geo.candidates.listing import municipality_candidates, open_candidates
from geo.candidates.own import add_source
from geo.candidates.records import OSM, OWN, SOURCES, CandidateSource
from geo.candidates.search import enabled_sources, is_fresh, search_candidates
from geo.cli_access import _gemeente, _store
from geo.config import load_settings
from geo.export import csv_bytes, safe_frame

LIST_COLUMNS = ("bron", "bron_id", "naam", "categorie", "detail", "adres", "wijk_code", "lat", "lon")
ALL_COLUMNS = (*LIST_COLUMNS, "match_naam", "match_uitleg", "afgewezen", "toegevoegd_als")
SOURCE_COLUMNS = ("id", "naam", "formaat", "url", "bestand", "categorie", "kolom", "aantal", "opgehaald", "melding",
                  "bronvermelding")


def register(commands) -> None:
    """Add the ``kandidaten`` command to the ``python -m geo`` parser."""
    candidates = commands.add_parser("kandidaten", help="kandidaat-partners uit open data (OpenStreetMap, POI Vlaanderen)")
    verbs = candidates.add_subparsers(required=True, metavar="actie")

    search = verbs.add_parser("zoeken", help="de kandidaten van een gemeente ophalen")
    search.add_argument("--gemeente", required=True, help="NIS-code of naam")
    search.add_argument("--vernieuwen", action="store_true", help="ook ophalen als de lijst nog recent is")
    search.set_defaults(handler=search_command)

    listing = verbs.add_parser("lijst", help="de kandidaten van een gemeente")
    listing.add_argument("--gemeente", required=True, help="NIS-code of naam")
    listing.add_argument("--alle", action="store_true", help="ook wie al partner is, afgewezen of toegevoegd")
    listing.add_argument("--format", choices=("csv", "json"), default="csv")
    listing.add_argument("--out", help="bestand (standaard: het scherm)")
    listing.set_defaults(handler=list_command)

    for verb, helptext, handler in (("toevoegen", "als partner 'te contacteren' toevoegen", add_command),
                                    ("afwijzen", "als 'geen kandidaat' verbergen", dismiss_command),
                                    ("terugzetten", "een afgewezen kandidaat weer tonen", undismiss_command)):
        command = verbs.add_parser(verb, help=helptext)
        command.add_argument("ids", nargs="+", metavar="ID", help="bv. node/123 of osm:way/45")
        command.add_argument("--gemeente", required=True, help="NIS-code of naam")
        command.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
        command.set_defaults(handler=handler)

    sources = verbs.add_parser("bronnen", help="de bronnen van kandidaten die een beheerder toevoegde")
    sources.add_argument("--format", choices=("csv", "json"), default="csv")
    sources.set_defaults(handler=sources_command)

    adding = verbs.add_parser("bron-toevoegen", help="een lijst van organisaties als bron van kandidaten")
    adding.add_argument("--naam", required=True)
    origin = adding.add_mutually_exclusive_group(required=True)
    origin.add_argument("--bestand", help="CSV/XLSX, GeoJSON, GeoPackage of gezipte Shapefile")
    origin.add_argument("--url", help="het adres van een GeoJSON, WFS (GeoJSON) of CSV")
    adding.add_argument("--formaat", choices=("geojson", "wfs", "csv"), default="geojson", help="bij --url")
    kind = adding.add_mutually_exclusive_group(required=True)
    kind.add_argument("--soort", help="de soort partner van elke organisatie (een code, bv. jeugdbeweging)")
    kind.add_argument("--kolom", help="de kolom die de soort geeft (herkend zoals bij de import)")
    adding.add_argument("--bronvermelding", default="")
    adding.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
    adding.set_defaults(handler=add_source_command)

    removing = verbs.add_parser("bron-verwijderen", help="een toegevoegde bron en haar kandidaten verwijderen")
    removing.add_argument("id", type=int)
    removing.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
    removing.set_defaults(handler=remove_source_command)


def search_command(args: argparse.Namespace) -> int:
    from geo.boundaries import load_boundaries

    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    with _store(settings) as store:
        kept = [store.candidate_search(nis, bron) for bron in enabled_sources(settings)]
        if not args.vernieuwen and all(is_fresh(search, settings) for search in kept):
            print(texts.CLI_KANDIDATEN_HERGEBRUIKT.format(aantal=sum(s.aantal for s in kept),
                                                         datum=min(s.opgehaald for s in kept)))
            return 0
        outcome = search_candidates(store, load_boundaries(settings), nis, settings)
    if outcome.failed:
        print(outcome.note, file=sys.stderr)
        return 1
    print(texts.CLI_KANDIDATEN_GEVONDEN.format(aantal=outcome.found))
    return 0


def list_command(args: argparse.Namespace) -> int:
    from geo.cli_files import write_table

    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    with _store(settings) as store:
        frame = municipality_candidates(store, nis)
    if frame.empty:
        print(texts.CLI_KANDIDATEN_GEEN.format(gemeente=nis), file=sys.stderr)
    shown = frame if args.alle else open_candidates(frame)
    table = shown[list(ALL_COLUMNS if args.alle else LIST_COLUMNS)]
    if args.out is None:  # on the screen (or a pipe) as well: formulas neutralised
        write_table(safe_frame(table), args.format)
        return 0
    from geo.boundaries import ATTRIBUTION as BOUNDARIES

    sources = sorted(set(shown["bronvermelding"]))
    data = (csv_bytes(table, attribution=[*BOUNDARIES, *sources]) if args.format == "csv"
            else safe_frame(table).to_json(orient="records", force_ascii=False, indent=1).encode())
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=args.out, fout=exc.strerror or exc), file=sys.stderr)
        return 2
    return 0


def add_command(args: argparse.Namespace) -> int:
    from geo.boundaries import load_boundaries

    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    with _store(settings) as store:
        chosen = _chosen(store, nis, args.ids)
        run = add_candidates(store, load_boundaries(settings), chosen, door=args.gebruiker)
    print(texts.CLI_KANDIDATEN_TOEGEVOEGD.format(aantal=run.toegevoegd if run else 0))
    return 0


def dismiss_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    with _store(settings) as store:
        count = dismiss_candidates(store, _chosen(store, nis, args.ids), door=args.gebruiker)
    print(texts.CLI_KANDIDATEN_AFGEWEZEN.format(aantal=count))
    return 0


def undismiss_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    with _store(settings) as store:
        known = {(d.bron, d.bron_id) for d in store.dismissals(nis)}
        keys = [_key(text) for text in args.ids]
        unknown = [f"{b}:{i}" for b, i in keys if (b, i) not in known]
        if unknown:
            raise ValueError(texts.CLI_KANDIDATEN_ONBEKEND.format(ids=", ".join(unknown)))
        for bron, bron_id in keys:
            store.candidate_undismiss(bron, bron_id, door=args.gebruiker)
    print(texts.CLI_KANDIDATEN_TERUGGEZET.format(aantal=len(keys)))
    return 0


def sources_command(args: argparse.Namespace) -> int:
    import pandas as pd

    from geo.cli_files import write_table

    with _store(load_settings()) as store:
        sources = store.candidate_sources()
    write_table(safe_frame(pd.DataFrame([{c: getattr(s, c) for c in SOURCE_COLUMNS} for s in sources],
                                        columns=list(SOURCE_COLUMNS))), args.format)
    return 0


def add_source_command(args: argparse.Namespace) -> int:
    from geo.boundaries import load_boundaries
    from geo.categories import load_categories
    from geo.cli_files import read_file

    settings = load_settings()
    data = None
    if args.bestand:
        path = Path(args.bestand)
        data = read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
        if data is None:
            return 2
    source = CandidateSource(naam=args.naam, formaat="bestand" if args.bestand else args.formaat, url=args.url or "",
                             bestand=Path(args.bestand).name if args.bestand else "", categorie=args.soort or "",
                             kolom=args.kolom or "", bronvermelding=args.bronvermelding)
    with _store(settings) as store:
        stored, warnings = add_source(store, load_boundaries(settings), source, data, settings,
                                      load_categories(settings.categorieen), door=args.gebruiker)
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(texts.CLI_KANDIDAATBRON_TOEGEVOEGD.format(id=stored.id, naam=stored.naam, aantal=stored.aantal))
    return 0


def remove_source_command(args: argparse.Namespace) -> int:
    with _store(load_settings()) as store:
        store.candidate_source_delete(args.id, door=args.gebruiker)
    print(texts.CLI_KANDIDAATBRON_VERWIJDERD.format(id=args.id))
    return 0


def _chosen(store, nis: str, ids: list[str]) -> list:
    """The kept candidates named by ``ids``; a ValueError names those that are not there."""
    by_key = {c.key: c for c in store.candidate_list(nis)}
    keys = [_key(text) for text in ids]
    unknown = [f"{b}:{i}" for b, i in keys if (b, i) not in by_key]
    if unknown:
        raise ValueError(texts.CLI_KANDIDATEN_ONBEKEND.format(ids=", ".join(unknown)))
    return [by_key[key] for key in keys]


def _key(text: str) -> tuple[str, str]:
    """``osm:node/1`` or ``node/1`` → ("osm", "node/1"); ``eigen:3:12`` → ("eigen:3", "12")."""
    text = str(text)
    if text.startswith(OWN) and text.count(":") >= 2:
        number, _, rest = text[len(OWN):].partition(":")
        return f"{OWN}{number}", rest
    bron, _, rest = text.partition(":")
    return (bron, rest) if rest and bron in SOURCES else (OSM, text)
