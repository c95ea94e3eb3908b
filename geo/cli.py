"""The command line: ``python -m geo <command>``, calling the same functions as the pages.

Commands:

- ``gemeenten [--format csv|json]``: every municipality (nis, naam, wijken).
- ``wijken --gemeente <nis|naam> [--format csv|json]``: the wijken of one municipality.
- ``import FILE [--gemeente] [--modus] [--dry-run] [--rapport]``: import partners;
  exit 0 when the file was read (even with rejected rows), 2 when it could not be read.
- ``dekking``, ``witte-vlekken``, ``advies -k N``, ``rapport --out F`` with
  ``--gemeente <nis|naam> [--inwoners CSV]``: coverage per wijk, white spots, whom to
  contact next, and the printable report.
- ``gebruiker toevoegen|wachtwoord|verwijderen|lijst`` and ``deellink maken|lijst|intrekken``:
  accounts and read-only share links (see :mod:`geo.cli_access`).
- ``lagen lijst|toevoegen|vernieuwen|verwijderen``: context layers (see :mod:`geo.cli_layers`);
  ``dekking``, ``witte-vlekken``, ``advies`` and ``rapport`` include every layer.
- ``acties lijst|export|import``: joint actions (see :mod:`geo.cli_actions`).
- ``backup --out FILE.gpkg`` and ``restore FILE.gpkg``: the whole store as one GeoPackage,
  and back into an empty store (see :mod:`geo.backup`).
- ``bevolking [--jaar J] [--bestand PATH]``: the built-in inhabitants per wijk from Statbel's
  sector file, with the totals per municipality (see :mod:`geo.population`).
- ``controle``: check the settings, the boundary data (downloading it once if needed),
  the store and the map assets.
- ``start [--poort P] [--adres A] [-- streamlit options]``: ``controle``, then, while the
  store has no account, a one-time setup link (:mod:`geo.setup_link`), then the app
  itself; ``make run`` uses it. ``opzetlink`` prints a new setup link for a running app.

Exit codes: 0 done, 2 bad input or data unavailable (the reason on stderr).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import urllib.parse
from pathlib import Path
from typing import Sequence

import pandas as pd

from geo import texts
from geo.assets import install_assets
from geo.boundaries import load_boundaries
from geo.cli_access import register as register_access_commands
from geo.cli_actions import municipality_actions as _municipality_actions
from geo.cli_actions import register as register_action_commands
from geo.cli_layers import register as register_layer_commands
from geo.cli_layers import wijk_context as _wijk_context
from geo.config import DEFAULT_BASIS_URL, DEFAULT_PORT, PROJECT_ROOT, load_settings
from geo.demo import load_demo
from geo.sources import BoundaryDataUnavailable
from geo.store import StoreError, open_store
from geo.uploads.bounded import Budget


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (BoundaryDataUnavailable, StoreError, ValueError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2


def gemeenten_command(args: argparse.Namespace) -> int:
    boundaries = load_boundaries(load_settings())
    _write(boundaries.gemeente_list(), args.format)
    return 0


def wijken_command(args: argparse.Namespace) -> int:
    boundaries = load_boundaries(load_settings())
    nis = boundaries.find_gemeente(args.gemeente)
    if nis is None:
        print(texts.CLI_GEMEENTE_ONBEKEND.format(waarde=args.gemeente), file=sys.stderr)
        return 2
    _write(boundaries.wijk_table(nis), args.format)
    return 0


def controle_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    if _check(settings) == 0:
        print(texts.CLI_EERSTE_BEHEERDER)
    return 0


def start_command(args: argparse.Namespace) -> int:
    """``controle``, then the setup link while there is no account, then the app itself.

    The process becomes the Streamlit server (``exec``), so the link stands at the top of
    the server's own output.
    """
    settings = load_settings()
    if _check(settings) == 0:
        base = settings.basis_url if settings.basis_url != DEFAULT_BASIS_URL else f"http://localhost:{args.poort}"
        _print_setup_link(settings, base)
    extra = args.streamlit[1:] if args.streamlit[:1] == ["--"] else args.streamlit
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.port",
               str(args.poort), "--server.address", args.adres, "--server.maxUploadSize",
               str(max(1, math.ceil(settings.max_upload_mb))), *extra]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return


def opzetlink_command(args: argparse.Namespace) -> int:
    """A new setup link for a running app (while there is no account)."""
    settings = load_settings()
    if not _print_setup_link(settings, args.basis_url or settings.basis_url):
        print(texts.CLI_OPZET_NIET_NODIG, file=sys.stderr)
        return 2
    return 0


def _check(settings) -> int:
    """Check settings, map assets, store and boundary data (loading the demo set once); print what was
    found. Returns the number of accounts."""
    print(texts.CLI_INSTELLINGEN.format(db=_without_password(settings.db), gebieden=settings.gebieden,
                                        tegels=settings.tegels))
    install_assets()
    store = open_store(settings.db)
    try:
        print(texts.CLI_DATABANK.format(db=_without_password(settings.db), versie=store.schema_version(),
                                        aantal=store.count_partners()))
        accounts = store.user_count()
        try:
            boundaries = load_boundaries(settings)
        except BoundaryDataUnavailable as exc:
            print(texts.CLI_GEEN_GRENZEN.format(fout=exc), file=sys.stderr)
            return accounts
        print(texts.CLI_GRENZEN.format(wijken=len(boundaries.wijken), gemeenten=len(boundaries.gemeenten)))
        population = _builtin_population(settings, boundaries)  # fills the cache too, like the boundaries
        if population is not None:
            print(texts.CLI_INWONERS_KLAAR.format(bron=population.attrs["bron"], wijken=len(population)))
        if settings.demo:
            added = load_demo(store, boundaries)
            if added:
                print(texts.CLI_DEMO.format(aantal=added))
        return accounts
    finally:
        store.close()


def _print_setup_link(settings, base_url: str) -> bool:
    """Print a new one-time setup link (see :mod:`geo.setup_link`); False when an account exists."""
    from geo.setup_link import VALID_HOURS, issue_setup_link

    store = open_store(settings.db)
    try:
        link = issue_setup_link(store, base_url)
    finally:
        store.close()
    if link is None:
        return False
    print(texts.CLI_OPZETLINK.format(link=link, uren=VALID_HOURS), flush=True)
    return True


def import_command(args: argparse.Namespace) -> int:
    from geo.geocode import make_geocoder
    from geo.importer import ImportFileError, ImportOptions, commit_import, plan_import

    settings = load_settings()
    path = Path(args.bestand)
    if args.rapport and not _can_write(Path(args.rapport)):
        return 2
    data = _read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
    if data is None:
        return 2
    boundaries = load_boundaries(settings)
    nis = None
    if args.gemeente:
        nis = boundaries.find_gemeente(args.gemeente)
        if nis is None:
            print(texts.CLI_GEMEENTE_ONBEKEND.format(waarde=args.gemeente), file=sys.stderr)
            return 2
    store = open_store(settings.db)
    try:
        geocoder = make_geocoder(settings, store)
        options = ImportOptions(modus=args.modus, gemeente_nis=nis, duplicates=args.dubbels)
        try:
            plan = plan_import(data, path.name, store, boundaries, options, geocoder=geocoder,
                               limits=_limits(settings), budget=Budget.from_settings(settings))
        except ImportFileError as exc:
            print(f"Fout: {exc}", file=sys.stderr)
            return 2
        counts = plan.counts
        for warning in plan.warnings:  # how the file was read (e.g. mixed encodings), the address service
            print(texts.CLI_IMPORT_WAARSCHUWING.format(tekst=warning))
        print(texts.CLI_IMPORT_TELLING.format(**counts, toevoegen=len(plan.added), bijwerken=len(plan.updated),
                                              verwijderen=len(plan.deleted)))
        if args.rapport and not _write_text(Path(args.rapport), json.dumps(plan.report_dict(), ensure_ascii=False,
                                                                           indent=1)):
            return 2
        if args.dry_run:
            print(texts.CLI_DRY_RUN)
            return 0
        run = commit_import(store, plan, user=args.gebruiker, confirm_replace=args.modus == "vervangen")
        print(texts.CLI_IMPORT_NIETS if run is None else texts.CLI_IMPORT_KLAAR.format(id=run.id))
        return 0
    finally:
        store.close()


def dekking_command(args: argparse.Namespace) -> int:
    from geo.export import coverage_table

    computed = _coverage(args)
    if computed is None:
        return 2
    _write(coverage_table(computed[-1]), args.format)
    return 0


def witte_vlekken_command(args: argparse.Namespace) -> int:
    from geo.advice import white_spots

    computed = _coverage(args)
    if computed is None:
        return 2
    boundaries, _, partners, _, coverage_settings, _, context, coverage = computed
    spots = white_spots(coverage, partners, boundaries, coverage_settings, **_nearby(args, context))
    for column in ("ontbrekende_categorieen", "prospecten", "prospect_ids", "prospect_afstanden_m"):
        spots[column] = [",".join(str(v) for v in values) for values in spots[column]]
    _write(spots, args.format)
    return 0


def advies_command(args: argparse.Namespace) -> int:
    from geo.advice import advise

    inputs = _coverage_inputs(args)
    if inputs is None:
        return 2
    boundaries, nis, partners, categories, coverage_settings, population = inputs
    advice = advise(boundaries, nis, partners, categories, coverage_settings, args.k, population,
                    **_nearby(args, _wijk_context(boundaries, nis)))
    table = pd.DataFrame([{"rang": i, "partner_id": a.partner_id, "naam": a.naam, "categorie": a.categorie,
                           "status": a.status, "winst": round(a.gain, 4), "eenheid": a.eenheid,
                           "wijken_nieuw_gedekt": ",".join(a.wijken_nieuw_gedekt), "reden": a.reason}
                          for i, a in enumerate(advice, start=1)],
                         columns=["rang", "partner_id", "naam", "categorie", "status", "winst", "eenheid",
                                  "wijken_nieuw_gedekt", "reden"])
    _write(table, args.format)
    return 0


def rapport_command(args: argparse.Namespace) -> int:
    from geo.report import coverage_report, render_pdf, render_png

    inputs = _coverage_inputs(args)
    if inputs is None:
        return 2
    boundaries, nis, partners, categories, coverage_settings, population = inputs
    out = Path(args.out)
    if not _can_write(out):
        return 2
    content = coverage_report(boundaries, nis, partners, categories, coverage_settings, args.k, population,
                              context=_wijk_context(boundaries, nis), actions=_municipality_actions(nis))
    try:
        out.write_bytes(render_png(content) if out.suffix.lower() == ".png" else render_pdf(content))
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=out, fout=exc.strerror or exc), file=sys.stderr)
        return 2
    print(texts.CLI_RAPPORT_KLAAR.format(bestand=out))
    return 0


def backup_command(args: argparse.Namespace) -> int:
    from geo.backup import backup_gpkg, backup_info, summary

    store = open_store(load_settings().db)
    try:
        data = backup_gpkg(store)
    finally:
        store.close()
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=out, fout=exc.strerror or exc), file=sys.stderr)
        return 2
    print(texts.CLI_BACKUP_KLAAR.format(bestand=out, telling=summary(backup_info(data).rijen)))
    return 0


def restore_command(args: argparse.Namespace) -> int:
    from geo.backup import restore_gpkg, summary

    settings = load_settings()
    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return 2
    store = open_store(settings.db)
    try:
        counts = restore_gpkg(store, data, door="cli")  # no upload limit: the way in for large backups
    finally:
        store.close()
    print(texts.CLI_HERSTEL_KLAAR.format(bestand=path, db=_without_password(settings.db), telling=summary(counts)))
    return 0


def _coverage(args: argparse.Namespace):
    """:func:`_coverage_inputs` plus the context layers per wijk (None without layers) and the coverage
    per wijk with their columns and Dekking's two views, or None (message printed)."""
    from geo.context.per_wijk import coverage_with_context
    from geo.coverage import wijk_coverage

    inputs = _coverage_inputs(args)
    if inputs is None:
        return None
    boundaries, nis, partners, categories, coverage_settings, population = inputs
    context = _wijk_context(boundaries, nis)
    coverage, _ = coverage_with_context(wijk_coverage(boundaries, nis, partners, categories, coverage_settings,
                                                      population), context, load_settings().lagen_afstand_m)
    return (*inputs, context, coverage)


def _nearby(args: argparse.Namespace, context) -> dict:
    """The context arguments of white_spots and advise: the table per wijk, and with ``--nabij`` the distance."""
    if context is None:
        return {}
    return {"context": context.table, "favour_nearby_m": load_settings().lagen_afstand_m if args.nabij else None}


def _coverage_inputs(args: argparse.Namespace):
    """Boundaries, municipality, partners, categories, saved coverage settings, population."""
    from geo.categories import load_categories
    from geo.coverage import read_population
    from geo.population.builtin import label_upload
    from geo.preferences import load_coverage_settings

    settings = load_settings()
    boundaries = load_boundaries(settings)
    nis = boundaries.find_gemeente(args.gemeente)
    if nis is None:
        print(texts.CLI_GEMEENTE_ONBEKEND.format(waarde=args.gemeente), file=sys.stderr)
        return None
    population = None
    if getattr(args, "inwoners", None):
        path = Path(args.inwoners)
        data = _read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
        if data is None:
            return None
        population = label_upload(read_population(data, path.name, boundaries, limits=_limits(settings),
                                                  budget=Budget.from_settings(settings)), path.name)
    else:
        population = _builtin_population(settings, boundaries)
    store = open_store(settings.db)
    try:
        partners = store.list_partners()
        coverage_settings = load_coverage_settings(store)
    finally:
        store.close()
    return boundaries, nis, partners, load_categories(), coverage_settings, population


def bevolking_command(args: argparse.Namespace) -> int:
    """The built-in inhabitants per wijk of a year: the source, the totals, and per municipality
    the inhabitants in wijken, without a known address and not linked (stdout); notes on stderr."""
    from geo.population.aggregate import thousands
    from geo.population.builtin import PopulationUnavailable, load_builtin

    settings = load_settings()
    boundaries = load_boundaries(settings)
    try:
        population = load_builtin(settings, boundaries, year=args.jaar, path=args.bestand)
    except PopulationUnavailable as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    totals = population.aggregation.totals
    for line in [population.note] if population.note else []:
        print(line, file=sys.stderr)
    print(texts.CLI_BEVOLKING_KOP.format(bron=population.source, inwoners=thousands(totals["inwoners_wijken"]),
                                         wijken=totals["wijken"], sectoren=totals["sectoren"]), file=sys.stderr)
    print(texts.CLI_BEVOLKING_TOTAAL.format(inwoners=thousands(totals["inwoners"]),
                                            wijken=thousands(totals["inwoners_wijken"]),
                                            wonb=thousands(totals["onbekend_adres"]),
                                            ongekoppeld=thousands(totals["ongekoppeld_inwoners"])), file=sys.stderr)
    for line in population.messages:
        print(line, file=sys.stderr)
    _write(population.aggregation.report, args.format)
    return 0


def _builtin_population(settings, boundaries):
    """The built-in inhabitants per wijk, or None after saying on stderr why they cannot be had."""
    from geo.population.builtin import PopulationUnavailable, load_builtin

    try:
        population = load_builtin(settings, boundaries)
    except PopulationUnavailable as exc:
        print(texts.INWONERS_ONBESCHIKBAAR.format(fout=exc), file=sys.stderr)
        return None
    if population.note:
        print(population.note, file=sys.stderr)
    return population.table


def _read_file(path: Path, max_bytes: int | None = None, max_mb: float | None = None) -> bytes | None:
    """The bytes of ``path``, or None after printing why it cannot be read (Dutch).

    With ``max_bytes``, a larger file is refused before it is read (its size on disk),
    and never more than ``max_bytes + 1`` bytes are read (a device or a growing file).
    """
    too_big = texts.CLI_BESTAND_TE_GROOT.format(bestand=path, max=f"{max_mb:g}" if max_mb else max_bytes)
    try:
        with path.open("rb") as handle:
            if max_bytes is None:
                return handle.read()
            if os.fstat(handle.fileno()).st_size > max_bytes:
                print(too_big, file=sys.stderr)
                return None
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        print(texts.CLI_BESTAND_ONLEESBAAR.format(bestand=path, fout=exc.strerror or exc), file=sys.stderr)
        return None
    if len(data) > max_bytes:
        print(too_big, file=sys.stderr)
        return None
    return data


def _can_write(path: Path) -> bool:
    """True when ``path`` can be written to; else False after printing why (Dutch)."""
    folder = path.parent
    if not folder.is_dir():
        print(texts.CLI_MAP_BESTAAT_NIET.format(bestand=path, map=folder), file=sys.stderr)
        return False
    if path.is_dir() or not os.access(folder, os.W_OK):
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=path, fout=texts.CLI_GEEN_SCHRIJFRECHT), file=sys.stderr)
        return False
    return True


def _write_text(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8) to ``path``; False after printing why it failed (Dutch)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=path, fout=exc.strerror or exc), file=sys.stderr)
        return False
    return True


def _without_password(url: str) -> str:
    """A database address fit to print: ``postgresql://user:secret@host/db`` loses the secret."""
    parts = urllib.parse.urlsplit(url)
    if not parts.password:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _limits(settings):
    from geo.uploads.tables import TableLimits

    return TableLimits.from_settings(settings)


def _write(table: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        # A missing number (NaN) is null: NaN is not JSON, and strict readers (jq, browsers) refuse it.
        records = [{k: None if isinstance(v, float) and v != v else v for k, v in row.items()}
                   for row in table.to_dict(orient="records")]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1, allow_nan=False)
        sys.stdout.write("\n")
    else:
        table.to_csv(sys.stdout, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Partnerkaart op de opdrachtregel.")
    commands = parser.add_subparsers(required=True, metavar="opdracht")

    gemeenten = commands.add_parser("gemeenten", help="alle gemeenten: nis, naam, wijken")
    gemeenten.add_argument("--format", choices=("csv", "json"), default="csv")
    gemeenten.set_defaults(handler=gemeenten_command)

    wijken = commands.add_parser("wijken", help="de wijken van een gemeente")
    wijken.add_argument("--gemeente", required=True, help="NIS-code of naam")
    wijken.add_argument("--format", choices=("csv", "json"), default="csv")
    wijken.set_defaults(handler=wijken_command)

    importeer = commands.add_parser("import", help="partners inlezen uit een CSV- of Excel-bestand")
    importeer.add_argument("bestand", help="CSV-, TXT- of XLSX-bestand")
    importeer.add_argument("--gemeente", help="NIS-code of naam; voor rijen zonder locatie of adres, en voor 'vervangen'")
    importeer.add_argument("--modus", choices=("toevoegen", "bijwerken", "vervangen"), default="toevoegen")
    importeer.add_argument("--dry-run", action="store_true", help="alleen nakijken, niets bewaren")
    importeer.add_argument("--rapport", help="schrijf het rapport per rij als JSON naar dit bestand")
    importeer.add_argument("--gebruiker", default="opdrachtregel", help="naam in de importgeschiedenis")
    importeer.add_argument("--dubbels", choices=("beide", "eerste"), default="beide",
                           help="mogelijke dubbels in het bestand (zelfde naam en plaats, andere velden): "
                                "beide bewaren of alleen de eerste")
    importeer.set_defaults(handler=import_command)

    for name, handler, help_text in (
            ("dekking", dekking_command, "dekking per wijk door vertrouwde partners"),
            ("witte-vlekken", witte_vlekken_command, "witte vlekken en zwak gedekte wijken, gerangschikt"),
            ("advies", advies_command, "wie eerst contacteren: de k kandidaten met de grootste winst"),
            ("rapport", rapport_command, "afdrukbaar A4-rapport (PDF of PNG)")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--gemeente", required=True, help="NIS-code of naam")
        command.add_argument("--inwoners", help="CSV met wijkcode en inwoners (optioneel; in plaats van de "
                                                 "ingebouwde cijfers van Statbel)")
        if name == "rapport":
            command.add_argument("--out", required=True, help="rapport.pdf of rapport.png")
            command.add_argument("-k", type=int, default=5, help="aantal kandidaten in het advies")
        else:
            command.add_argument("--format", choices=("csv", "json"), default="csv")
        if name == "advies":
            command.add_argument("-k", type=int, default=5, help="aantal kandidaten")
        if name in ("witte-vlekken", "advies"):
            command.add_argument("--nabij", action="store_true",
                                 help="wijken met een deelauto of station nabij eerst (contextlagen, lagen_afstand_m)")
        command.set_defaults(handler=handler)

    bevolking = commands.add_parser("bevolking", help="inwoners per wijk uit Statbels sectorbestand, met de totalen "
                                                      "per gemeente")
    bevolking.add_argument("--jaar", type=int, help="jaar van de cijfers (1 januari; standaard: instelling bevolking_jaar)")
    bevolking.add_argument("--bestand", help="een lokaal Statbel-bestand (OPENDATA_SECTOREN_<jaar>.zip of .txt) in "
                                             "plaats van de download")
    bevolking.add_argument("--format", choices=("csv", "json"), default="csv")
    bevolking.set_defaults(handler=bevolking_command)

    controle = commands.add_parser("controle", help="instellingen, grenzen en databank controleren")
    controle.set_defaults(handler=controle_command)

    start = commands.add_parser("start", help="controleren, de opzetlink tonen zolang er geen account is, de app starten")
    start.add_argument("--poort", type=int, default=DEFAULT_PORT, help=f"poort van de app (standaard {DEFAULT_PORT})")
    start.add_argument("--adres", default="0.0.0.0", help="netwerkadres waarop de app luistert (standaard 0.0.0.0)")
    start.add_argument("streamlit", nargs=argparse.REMAINDER, help="na --: extra opties voor streamlit run")
    start.set_defaults(handler=start_command)

    opzetlink = commands.add_parser("opzetlink", help="een nieuwe eenmalige link om de eerste beheerder aan te maken")
    opzetlink.add_argument("--basis-url", help="adres van de app (standaard: instelling basis_url)")
    opzetlink.set_defaults(handler=opzetlink_command)

    backup = commands.add_parser("backup", help="de hele databank bewaren als GeoPackage")
    backup.add_argument("--out", required=True, help="backup.gpkg")
    backup.set_defaults(handler=backup_command)

    restore = commands.add_parser("restore", help="een backup (GeoPackage) terugzetten in een lege databank")
    restore.add_argument("bestand", help="een backup.gpkg van python -m geo backup of de app")
    restore.set_defaults(handler=restore_command)
    register_access_commands(commands)
    register_layer_commands(commands)
    register_action_commands(commands)
    return parser
