"""The command line: ``python -m geo <command>``, calling the same functions as the pages.

Commands:

- ``gemeenten [--format csv|json]``: every municipality (nis, naam, wijken).
- ``wijken --gemeente <nis|naam> [--format csv|json]``: the wijken of one municipality.
- ``import FILE [--gemeente] [--modus] [--dry-run] [--rapport]``: import partners;
  exit 0 when the file was read (even with rejected rows), 2 when it could not be read.
- ``dekking``, ``witte-vlekken``, ``advies -k N``, ``rapport --out F`` with
  ``--gemeente <nis|naam> [--inwoners CSV]``: coverage per wijk, white spots, whom to
  contact next, and the printable report (see :mod:`geo.cli_coverage`).
- ``gebruiker toevoegen|wachtwoord|verwijderen|lijst`` and ``deellink maken|lijst|intrekken``:
  accounts and read-only share links (see :mod:`geo.cli_access`).
- ``lagen lijst|toevoegen|vernieuwen|verwijderen``: context layers (see :mod:`geo.cli_layers`);
  ``dekking``, ``witte-vlekken``, ``advies`` and ``rapport`` include every layer.
- ``acties lijst|export|import``: joint actions (see :mod:`geo.cli_actions`).
- ``kandidaten zoeken|lijst|toevoegen|afwijzen|terugzetten``: candidate partners from open data
  (see :mod:`geo.cli_candidates`).
- ``voortgang --gemeente <nis|naam> [--sinds DATUM]``: what changed since a date; ``rapport
  --sinds DATUM`` adds it to the report (see :mod:`geo.cli_progress`).
- ``backup --out FILE.gpkg`` and ``restore FILE.gpkg``: the whole store as one GeoPackage,
  and back into an empty store (see :mod:`geo.backup`).
- ``bevolking [--jaar J] [--bestand PATH]``: the built-in inhabitants per wijk from Statbel's
  sector file, with the totals per municipality (see :mod:`geo.cli_coverage`, :mod:`geo.population`).
- ``controle``: check the settings, the boundary data (downloading it once if needed),
  the store and the map assets.
- ``start [--poort P] [--adres A] [-- streamlit options]``: ``controle``, then, while the
  store has no account, a one-time setup link (:mod:`geo.setup_link`), then the app
  itself; ``make run`` uses it. ``opzetlink`` prints a new setup link for a running app.
- ``replicas [--aantal N] [--poort P] [--adres A] [--map DIR]``: the same, as N replicas on one
  PostGIS database behind HAProxy (see :mod:`geo.cli_replicas`); ``make run-replicas`` uses it.

Exit codes: 0 done, 2 bad input or data unavailable (the reason on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.parse
from pathlib import Path
from typing import Sequence

from geo import texts
from geo.assets import install_assets
from geo.boundaries import load_boundaries
from geo.circle_cover import warm_up
from geo.cli_access import register as register_access_commands
from geo.cli_coverage import builtin_population
from geo.cli_coverage import register as register_coverage_commands
from geo.cli_files import can_write, read_file, table_limits, write_table, write_text
from geo.cli_actions import register as register_action_commands
from geo.cli_candidates import register as register_candidate_commands
from geo.cli_progress import register as register_progress_commands
from geo.cli_replicas import register as register_replica_commands
from geo.cli_layers import register as register_layer_commands
from geo.config import DEFAULT_BASIS_URL, DEFAULT_PORT, load_settings
from geo.demo import load_demo
from geo.deployment.replicas import app_command
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
    write_table(boundaries.gemeente_list(), args.format)
    return 0


def wijken_command(args: argparse.Namespace) -> int:
    boundaries = load_boundaries(load_settings())
    nis = boundaries.find_gemeente(args.gemeente)
    if nis is None:
        print(texts.CLI_GEMEENTE_ONBEKEND.format(waarde=args.gemeente), file=sys.stderr)
        return 2
    write_table(boundaries.wijk_table(nis), args.format)
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
    check_before_start(settings, args.poort)
    extra = args.streamlit[1:] if args.streamlit[:1] == ["--"] else args.streamlit
    command = app_command(args.poort, args.adres, settings.max_upload_mb, tuple(extra))
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


def check_before_start(settings, port: int) -> None:
    """``controle``, then a one-time setup link for the app on ``port`` (or ``basis_url``) while the
    store has no account (``start`` and ``replicas``)."""
    if _check(settings) == 0:
        _print_setup_link(settings, settings.basis_url if settings.basis_url != DEFAULT_BASIS_URL
                          else f"http://localhost:{port}")


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
        print(texts.CLI_DEKKINGSREKENAAR.format(seconden=f"{warm_up():.1f}".replace(".", ",")), flush=True)
        population = builtin_population(settings, boundaries)  # fills the cache too, like the boundaries
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
    if args.rapport and not can_write(Path(args.rapport)):
        return 2
    data = read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
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
                               limits=table_limits(settings), budget=Budget.from_settings(settings))
        except ImportFileError as exc:
            print(f"Fout: {exc}", file=sys.stderr)
            return 2
        counts = plan.counts
        for warning in plan.warnings:  # how the file was read (e.g. mixed encodings), the address service
            print(texts.CLI_IMPORT_WAARSCHUWING.format(tekst=warning))
        print(texts.CLI_IMPORT_TELLING.format(**counts, toevoegen=len(plan.added), bijwerken=len(plan.updated),
                                              verwijderen=len(plan.deleted)))
        if args.rapport and not write_text(Path(args.rapport), json.dumps(plan.report_dict(), ensure_ascii=False,
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
    data = read_file(path)
    if data is None:
        return 2
    store = open_store(settings.db)
    try:
        counts = restore_gpkg(store, data, door="cli")  # no upload limit: the way in for large backups
    finally:
        store.close()
    print(texts.CLI_HERSTEL_KLAAR.format(bestand=path, db=_without_password(settings.db), telling=summary(counts)))
    return 0


def _without_password(url: str) -> str:
    """A database address fit to print: ``postgresql://user:secret@host/db`` loses the secret."""
    parts = urllib.parse.urlsplit(url)
    if not parts.password:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


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
    register_coverage_commands(commands)
    register_access_commands(commands)
    register_layer_commands(commands)
    register_action_commands(commands)
    register_progress_commands(commands)
    register_candidate_commands(commands)
    register_replica_commands(commands)
    return parser
