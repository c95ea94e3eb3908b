"""``python -m geo bevolking`` as a user runs it, and the coverage commands with built-in inhabitants."""

from __future__ import annotations

import csv
import io

from bench.population_bench import statbel_zip
from geo import texts
from geo.population.aggregate import REPORT_COLUMNS
from tests.geo.population.conftest import UNLINKED


def test_bevolking_prints_the_totals_per_municipality(cli, sector_zip, rows):
    done = cli.run("bevolking", "--jaar", "2025", "--bestand", str(sector_zip))

    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(table[0]) == list(REPORT_COLUMNS)
    assert len(table) == 305
    antwerpen = next(r for r in table if r["gemeente_nis"] == "11002")
    in_antwerpen = sum(n for refnis, _, n in rows if refnis in ("11002", "11007"))  # Borsbeek joined Antwerpen in 2025
    assert int(antwerpen["inwoners"]) == in_antwerpen
    assert int(antwerpen["inwoners"]) == (int(antwerpen["inwoners_wijken"]) + int(antwerpen["onbekend_adres"])
                                          + int(antwerpen["ongekoppeld_inwoners"]))
    assert antwerpen["ongekoppeld_inwoners"] == str(UNLINKED[2])
    assert texts.INWONERS_BRON.format(jaar=2025) in done.stderr
    assert "11002Q99-" in done.stderr and "buiten Vlaanderen en Brussel" in done.stderr


def test_bevolking_refuses_a_year_with_too_many_unlinked_inhabitants(cli, rows, tmp_path):
    path = tmp_path / "OPENDATA_SECTOREN_2025.zip"
    path.write_bytes(statbel_zip(rows + [("11002", "11002Q98-", 1_000_000)], 2025))

    done = cli.run("bevolking", "--jaar", "2025", "--bestand", str(path))

    assert done.returncode == 2 and done.stdout == ""
    assert "worden niet gebruikt" in done.stderr and "Traceback" not in done.stderr


def test_witte_vlekken_ranks_by_the_builtin_inhabitants_and_an_upload_overrides_them(cli, sector_zip, rows, link):
    """No partners: every wijk of Mechelen is a white spot whose uncovered inhabitants are all of its inhabitants."""
    builtin = cli.run("witte-vlekken", "--gemeente", "Mechelen", "--format", "csv",
                      env={"PARTNERKAART_BEVOLKING_PAD": str(sector_zip)})
    without = cli.run("witte-vlekken", "--gemeente", "Mechelen", "--format", "csv")

    assert builtin.returncode == 0 and without.returncode == 0, builtin.stderr + without.stderr
    ranked = list(csv.DictReader(io.StringIO(builtin.stdout)))
    counts = {sector: n for _, sector, n in rows}
    expected = {wijk: sum(counts.get(s, 0) for s in link.loc[link["wijk_code"] == wijk, "sector"])
                for wijk in (r["wijk_code"] for r in ranked)}
    assert len(ranked) == 12
    assert [(r["wijk_code"], float(r["ongedekte_inwoners"])) for r in ranked] == \
        sorted(((c, float(n)) for c, n in expected.items()), key=lambda item: (-item[1], item[0]))
    assert all(r["ongedekte_inwoners"] == "" for r in csv.DictReader(io.StringIO(without.stdout)))
    assert texts.INWONERS_ONBESCHIKBAAR.split(":")[0] in without.stderr  # by area, and it says why

    upload = cli.db.parent / "inwoners.csv"
    upload.write_text("wijkcode;inwoners\n" + "".join(f"{c};{100 * (i + 1)}\n" for i, c in enumerate(sorted(expected))))
    both = cli.run("witte-vlekken", "--gemeente", "12025", "--format", "csv", "--inwoners", str(upload),
                   env={"PARTNERKAART_BEVOLKING_PAD": str(sector_zip)})
    assert both.returncode == 0, both.stderr
    assert {r["wijk_code"]: float(r["ongedekte_inwoners"]) for r in csv.DictReader(io.StringIO(both.stdout))} == \
        {c: 100.0 * (i + 1) for i, c in enumerate(sorted(expected))}


def test_controle_loads_the_builtin_inhabitants_or_says_why_not(cli, sector_zip):
    done = cli.run("controle", env={"PARTNERKAART_BEVOLKING_PAD": str(sector_zip)})
    offline = cli.run("controle")

    assert done.returncode == 0 and offline.returncode == 0, done.stderr + offline.stderr
    assert texts.CLI_INWONERS_KLAAR.format(bron=texts.INWONERS_BRON.format(jaar=2025), wijken=2767) in done.stdout
    assert "Geen ingebouwde inwonerscijfers" in offline.stderr and "127.0.0.1:9" in offline.stderr
