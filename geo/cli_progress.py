"""The campaign's progress on the command line (part of ``python -m geo``).

- ``voortgang --gemeente NIS|naam [--sinds DATUM] [--inwoners CSV] [--format tekst|csv|json]``:
  what changed since ``--sinds`` (default: three months ago) as the page *Voortgang* says it
  (``tekst``: the sentences), or the series per month end with the funnel (``csv``/``json``).

``rapport --sinds DATUM`` (:mod:`geo.cli_coverage`) adds the same to the A4 report. Both call
:func:`geo.campaign.progress.municipality_progress`, as the page does.
"""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd

from geo import texts
from geo.campaign.dates import EARLIEST, belgian_today, months_before
from geo.campaign.progress import Progress, municipality_progress
from geo.campaign.records import parse_day
from geo.campaign.sentences import dutch_date, progress_sentences
from geo.cli_access import _store
from geo.cli_files import write_table
from geo.config import load_settings


def register(commands) -> None:
    """Add the ``voortgang`` command to the ``python -m geo`` parser."""
    command = commands.add_parser("voortgang", help="wat veranderde sinds een datum: trechter, dekking, witte vlekken")
    command.add_argument("--gemeente", required=True, help="NIS-code of naam")
    add_since_argument(command, "sinds deze datum (standaard: drie maanden geleden)")
    command.add_argument("--inwoners", help="CSV met wijkcode en inwoners (optioneel; in plaats van de ingebouwde "
                                            "cijfers van Statbel)")
    command.add_argument("--format", choices=("tekst", "csv", "json"), default="tekst")
    command.set_defaults(handler=voortgang_command)


def add_since_argument(command, help_text: str) -> None:
    command.add_argument("--sinds", type=since_date, help=f"{help_text}; JJJJ-MM-DD of DD/MM/JJJJ")


def since_date(text: str) -> date:
    """A date from 2000 up to yesterday from ``2026-09-06`` or ``06/09/2026``; a Dutch refusal otherwise."""
    try:
        day = parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.CLI_VOORTGANG_DATUM.format(waarde=text)) from None
    if not EARLIEST <= day < belgian_today():
        raise argparse.ArgumentTypeError(texts.VOORTGANG_SINDS_ONGELDIG.format(vandaag=dutch_date(belgian_today())))
    return day


def voortgang_command(args: argparse.Namespace) -> int:
    from geo.cli_coverage import _coverage_inputs

    inputs = _coverage_inputs(args)
    if inputs is None:
        return 2
    boundaries, nis, _, categories, coverage_settings, population = inputs
    progress = progress_of(boundaries, nis, args.sinds, categories, coverage_settings, population)
    if args.format == "tekst":
        print(texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(progress.sinds)) + ":")
        for line in progress_sentences(progress):
            print(f"- {line}")
        return 0
    write_table(series_table(progress), args.format)
    return 0


def progress_of(boundaries, nis: str, since: date | None, categories, coverage_settings, population) -> Progress:
    """The progress since ``since`` (default three months ago) until today, every action counted."""
    today = belgian_today()
    with _store(load_settings()) as store:  # the command line is the operator: it sees everything
        return municipality_progress(store, boundaries, nis, since or months_before(today, 3), today, categories,
                                     coverage_settings, population, store.action_list(nis))


def series_table(progress: Progress) -> pd.DataFrame:
    """One row per date: covered share (area and inhabitants), white spots and their wijk codes, trusted partners."""
    table = progress.reeks.copy()
    table["datum"] = [d.isoformat() for d in table["datum"]]
    table["witte_vlek_codes"] = [",".join(codes) for codes in table["witte_vlek_codes"]]
    return table
