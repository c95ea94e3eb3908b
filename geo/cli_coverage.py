"""Coverage on the command line (part of ``python -m geo``): ``dekking``, ``witte-vlekken``,
``advies``, ``rapport`` (``--gemeente <nis|naam> [--inwoners CSV]``) and ``bevolking``, calling
what the pages Dekking and Witte vlekken call, with every context layer and joint action."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from geo import texts
from geo.boundaries import load_boundaries
from geo.cli_actions import municipality_actions as _municipality_actions
from geo.cli_files import can_write, read_file, table_limits, write_table
from geo.cli_layers import wijk_context as _wijk_context
from geo.cli_progress import add_since_argument, progress_of
from geo.config import load_settings
from geo.store import open_store
from geo.uploads.bounded import Budget


def register(commands) -> None:
    """Add the coverage commands to the ``python -m geo`` parser."""
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
            add_since_argument(command, "met een deel voortgang sinds deze datum")
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



def dekking_command(args: argparse.Namespace) -> int:
    from geo.export import coverage_table

    computed = _coverage(args)
    if computed is None:
        return 2
    write_table(coverage_table(computed[-1]), args.format)
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
    write_table(spots, args.format)
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
    write_table(table, args.format)
    return 0


def rapport_command(args: argparse.Namespace) -> int:
    from geo.report import coverage_report, render_pdf, render_png

    inputs = _coverage_inputs(args)
    if inputs is None:
        return 2
    boundaries, nis, partners, categories, coverage_settings, population = inputs
    out = Path(args.out)
    if not can_write(out):
        return 2
    progress = progress_of(boundaries, nis, args.sinds, categories, coverage_settings, population) if args.sinds else None
    content = coverage_report(boundaries, nis, partners, categories, coverage_settings, args.k, population,
                              context=_wijk_context(boundaries, nis), actions=_municipality_actions(nis),
                              progress=progress, sources=_partner_sources(partners))
    try:
        out.write_bytes(render_png(content) if out.suffix.lower() == ".png" else render_pdf(content))
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=out, fout=exc.strerror or exc), file=sys.stderr)
        return 2
    print(texts.CLI_RAPPORT_KLAAR.format(bestand=out))
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
    from geo.population.upload import read_population
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
        data = read_file(path, settings.max_upload_bytes, settings.max_upload_mb)
        if data is None:
            return None
        population = label_upload(read_population(data, path.name, boundaries, limits=table_limits(settings),
                                                  budget=Budget.from_settings(settings)), path.name)
    else:
        population = builtin_population(settings, boundaries)
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
    write_table(population.aggregation.report, args.format)
    return 0


def builtin_population(settings, boundaries):
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


def _partner_sources(partners) -> list[str]:
    """The attribution of the open data that some partners came from (candidates added as partners)."""
    from geo.candidates.records import partner_attribution

    store = open_store(load_settings().db)
    try:
        return partner_attribution(store.partner_sources(), [p.id for p in partners])
    finally:
        store.close()
