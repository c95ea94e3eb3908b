"""Command-line access to the joint actions (part of ``python -m geo``).

- ``acties lijst --gemeente NIS|naam [--format csv|json] [--out F]``: one line per action
  (:data:`LIST_COLUMNS`), newest first.
- ``acties export --gemeente NIS|naam [--format csv|json|xlsx] [--out F]``: every column of
  the page's export (:data:`geo.campaign.table_io.EXPORT_COLUMNS`, private fields included:
  the command line is the operator), formulas neutralised; ``xlsx`` needs ``--out``.
- ``acties import FILE --gemeente NIS|naam [--gebruiker G]``: the page's import, all or nothing.

They call what the page *Acties* calls. Every refusal is a Dutch message on stderr with exit
code 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import texts
from geo.campaign.table_io import action_frame, export_bytes, import_actions
from geo.cli_access import _gemeente, _store
from geo.config import load_settings
from geo.export import safe_frame

LIST_COLUMNS = ("id", "titel", "soort", "datum", "einddatum", "toestand", "wijk_code", "bereikt_wijk", "partners",
                "bereikt")


def register(commands) -> None:
    """Add the ``acties`` command to the ``python -m geo`` parser."""
    actions = commands.add_parser("acties", help="gezamenlijke acties met partners")
    verbs = actions.add_subparsers(required=True, metavar="actie")

    listing = verbs.add_parser("lijst", help="de acties van een gemeente")
    listing.add_argument("--gemeente", required=True, help="NIS-code of naam")
    listing.add_argument("--format", choices=("csv", "json"), default="csv")
    listing.add_argument("--out", help="bestand (standaard: het scherm)")
    listing.set_defaults(handler=list_command)

    export = verbs.add_parser("export", help="alle velden van de acties van een gemeente")
    export.add_argument("--gemeente", required=True, help="NIS-code of naam")
    export.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    export.add_argument("--out", help="bestand (standaard: het scherm; nodig voor xlsx)")
    export.set_defaults(handler=export_command)

    reading = verbs.add_parser("import", help="acties inlezen uit een CSV- of Excel-bestand (alles of niets)")
    reading.add_argument("bestand")
    reading.add_argument("--gemeente", required=True, help="gemeente van rijen zonder plaats (NIS-code of naam)")
    reading.add_argument("--gebruiker", default="opdrachtregel", help="naam in het logboek")
    reading.set_defaults(handler=import_command)


def list_command(args: argparse.Namespace) -> int:
    frame = _frame(args)
    return _output(frame[list(LIST_COLUMNS)], args.format, args.out)


def export_command(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and not args.out:
        raise ValueError(texts.CLI_ACTIES_XLSX_OUT)
    return _output(_frame(args), args.format, args.out)


def import_command(args: argparse.Namespace) -> int:
    from geo.boundaries import load_boundaries
    from geo.cli_files import read_file as _read_file, table_limits as _limits

    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    path = Path(args.bestand)
    data = _read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
    if data is None:
        return 2
    with _store(settings) as store:
        added = import_actions(store, load_boundaries(settings), data, path.name, nis, door=args.gebruiker,
                               limits=_limits(settings))
    print(texts.ACTIE_IMPORT_KLAAR.format(aantal=len(added)))
    return 0


def _frame(args: argparse.Namespace):
    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    with _store(settings) as store:
        actions = store.action_list(nis)
        partners = {p.id: p for p in store.list_partners()}
    if not actions:
        print(texts.CLI_ACTIES_GEEN.format(gemeente=nis), file=sys.stderr)
    return action_frame(actions, partners)


def _output(frame, fmt: str, out: str | None) -> int:
    from geo.cli_files import write_table as _write

    if out is None:  # on the screen (or a pipe) as well: formulas neutralised
        _write(safe_frame(frame).astype(object).where(frame.notna(), None), fmt)
        return 0
    from geo.boundaries import ATTRIBUTION

    data = export_bytes(frame, fmt, list(ATTRIBUTION))
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=out, fout=exc.strerror or exc), file=sys.stderr)
        return 2
    return 0


def municipality_actions(nis: str) -> list:
    """Every action of ``nis`` (the command line is the operator), for ``rapport``."""
    with _store(load_settings()) as store:
        return store.action_list(nis)
