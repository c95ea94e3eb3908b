"""``python -m geo`` as a user runs it: a real subprocess in the repository, settings from the environment."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from geo import texts
from geo.store import open_store

WIJK_COLUMNS = ["wijk_code", "wijk_naam", "gemeente_nis", "gemeente_naam", "oppervlakte_km2"]


def stored(db: Path) -> tuple[list, list]:
    store = open_store(str(db))
    try:
        return store.list_partners(), store.list_imports()
    finally:
        store.close()


@pytest.fixture
def partners_csv(tmp_path) -> Path:
    path = tmp_path / "partners.csv"
    path.write_bytes(("naam;soort;lat;lon;postcode\r\n"
                      "Chiro Ter Elst;Chiro;51,02635;4,47663;2800\r\n"  # ok
                      "Ruimteclub;ruimteschip;51,06824;4,44520;2800\r\n"  # unknown kind: warning
                      ";natuur;51,01081;4,51677;2800\r\n"  # no name: rejected
                      "Zonder plaats;buurt;;;2800\r\n").encode("cp1252"))  # placed later
    return path


def test_import_dry_run_prints_counts_writes_the_report_and_stores_nothing(cli, partners_csv, tmp_path):
    report_path = tmp_path / "r.json"

    done = cli.run("import", str(partners_csv), "--gemeente", "12025", "--dry-run", "--rapport", str(report_path))

    assert done.returncode == 0, done.stderr
    counts = {"rows": 4, "accepted": 3, "warnings": 2, "rejected": 1, "merged": 0, "needs_location": 1, "geocoded": 0}
    assert texts.CLI_IMPORT_TELLING.format(**counts, toevoegen=3, bijwerken=0, verwijderen=0) in done.stdout
    assert texts.CLI_DRY_RUN in done.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert {k: report[k] for k in counts} == counts
    assert [(d["row"], d["status"]) for d in report["details"]] == [
        (2, "ok"), (3, "waarschuwing"), (4, "geweigerd"), (5, "waarschuwing")]
    assert all({"row", "status", "reason"} <= set(d) for d in report["details"])
    assert report["details"][2]["reason"] == texts.NAAM_VERPLICHT
    assert "ruimteschip" in report["details"][1]["reason"]
    assert stored(cli.db) == ([], [])


def test_a_file_mixing_utf8_and_cp1252_lines_is_read_right_and_the_lines_are_named(cli, tmp_path):
    path = tmp_path / "gemengd.csv"
    path.write_bytes("naam;soort;lat;lon\r\n".encode("ascii")
                     + "Vrienden van het Zoniënwoud;natuur;51,02635;4,47663\r\n".encode("utf-8")
                     + "Café Zoniënwoud;buurt;51,01081;4,51677\r\n".encode("cp1252"))
    report_path = tmp_path / "r.json"

    done = cli.run("import", str(path), "--gemeente", "12025", "--dry-run", "--rapport", str(report_path))

    assert done.returncode == 0, done.stderr
    warning = texts.TABEL_CODERING_GEMENGD.format(bestand="gemengd.csv", lijnen="lijn 3 is", codering="Windows-1252")
    assert texts.CLI_IMPORT_WAARSCHUWING.format(tekst=warning) in done.stdout.splitlines()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert warning in report["waarschuwingen"]
    assert report["lijnen_per_codering"] == {"cp1252": [3]}
    assert [d["naam"] for d in report["details"]] == ["Vrienden van het Zoniënwoud", "Café Zoniënwoud"]
    assert stored(cli.db) == ([], [])


def test_import_stores_the_rows_and_an_import_run(cli, partners_csv):
    done = cli.run("import", str(partners_csv), "--gemeente", "Mechelen", "--gebruiker", "An")

    assert done.returncode == 0, done.stderr
    partners, imports = stored(cli.db)
    assert sorted(p.naam for p in partners) == ["Chiro Ter Elst", "Ruimteclub", "Zonder plaats"]
    assert {p.naam: p.wijk_code for p in partners}["Chiro Ter Elst"] == "12025W03"
    [run] = imports
    assert (run.bestand, run.modus, run.gemeente_nis, run.gebruiker) == ("partners.csv", "toevoegen", "12025", "An")
    assert (run.toegevoegd, run.geweigerd) == (3, 1)
    assert texts.CLI_IMPORT_KLAAR.format(id=run.id) in done.stdout


@pytest.mark.parametrize("case", ["ontbreekt", "onleesbaar"])
def test_a_file_that_cannot_be_read_exits_2_with_the_reason(cli, tmp_path, case):
    path = tmp_path / "partners.xlsx"
    if case == "onleesbaar":
        path.write_bytes(os.urandom(4096))

    done = cli.run("import", str(path), "--gemeente", "12025")

    assert done.returncode == 2
    expected = "kon niet gelezen worden"
    assert expected in done.stderr and "partners.xlsx" in done.stderr
    assert "Traceback" not in done.stderr
    if cli.db.exists():
        assert stored(cli.db) == ([], [])


def test_an_unknown_municipality_exits_2(cli, partners_csv):
    done = cli.run("import", str(partners_csv), "--gemeente", "Atlantis")

    assert done.returncode == 2
    assert texts.CLI_GEMEENTE_ONBEKEND.format(waarde="Atlantis") in done.stderr
    assert not cli.db.exists() or stored(cli.db) == ([], [])


def test_gemeenten_as_json(cli):
    done = cli.run("gemeenten", "--format", "json")

    assert done.returncode == 0, done.stderr
    municipalities = json.loads(done.stdout)
    assert len(municipalities) == 304
    assert all(set(m) == {"nis", "naam", "wijken"} for m in municipalities)
    assert {"nis": "12025", "naam": "Mechelen", "wijken": 12} in municipalities
    assert len({m["nis"] for m in municipalities}) == 304
    assert sum(m["wijken"] for m in municipalities) == 2767


def test_wijken_of_mechelen_as_csv(cli):
    done = cli.run("wijken", "--gemeente", "Mechelen", "--format", "csv")

    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == WIJK_COLUMNS
    assert len(rows[1:]) == 12
    assert {r[2] for r in rows[1:]} == {"12025"} and {r[3] for r in rows[1:]} == {"Mechelen"}
    assert [r[0] for r in rows[1:]] == [f"12025W{i:02d}" for i in range(1, 13)]
    assert all(float(r[4]) > 0 for r in rows[1:])
