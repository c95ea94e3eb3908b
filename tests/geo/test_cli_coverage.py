"""``python -m geo dekking | witte-vlekken | advies | rapport`` as a user runs them: real
subprocesses on a store seeded with the demo partners, compared with the same functions
called in this process."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from geo import texts
from geo.advice import advise, white_spots
from geo.categories import load_categories
from geo.coverage import wijk_coverage
from geo.demo import load_demo
from geo.export import coverage_table
from geo.population.upload import read_population
from geo.preferences import load_coverage_settings, save_coverage_settings
from geo.reach import CoverageSettings
from geo.store import open_store

HEADER = ["wijk_code", "wijk_naam", "partners", "vertrouwde_partners", "categorieen", "ontbrekende_categorieen",
          "gedekt_aandeel", "witte_vlek", "inwoners_gedekt"]
MUNICIPALITY_WIDE = ("adviesraad", "gemeente")  # a prospect of these kinds covers all of Mechelen at once


@pytest.fixture
def seeded(cli, boundaries):
    """The CLI's store with the demo set; ``seeded.partners()`` and ``seeded.settings()`` read it back."""
    store = open_store(str(cli.db))
    try:
        assert load_demo(store, boundaries, force=True) > 0
    finally:
        store.close()

    def read(what):
        store = open_store(str(cli.db))
        try:
            return what(store)
        finally:
            store.close()

    cli.partners = lambda: read(lambda s: s.list_partners())
    cli.settings = lambda: read(load_coverage_settings)
    cli.store = read
    return cli


def in_process_table(boundaries, cli, population=None):
    coverage = wijk_coverage(boundaries, "12025", cli.partners(), load_categories(), cli.settings(), population)
    return coverage_table(coverage)


def assert_same_table(rows: list[dict], expected) -> None:
    """CLI rows (text from CSV, or values from JSON) equal the in-process table, value by value."""
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected.to_dict("records")):
        assert str(row["wijk_code"]) == want["wijk_code"]
        assert row["wijk_naam"] == want["wijk_naam"]
        assert int(row["partners"]) == want["partners"]
        assert int(row["vertrouwde_partners"]) == want["vertrouwde_partners"]
        assert row["categorieen"] == want["categorieen"]
        assert row["ontbrekende_categorieen"] == want["ontbrekende_categorieen"]
        assert float(row["gedekt_aandeel"]) == want["gedekt_aandeel"]
        assert row["witte_vlek"] == want["witte_vlek"]
        if pd.isna(want["inwoners_gedekt"]):
            assert row["inwoners_gedekt"] in ("", None)
        else:
            assert int(row["inwoners_gedekt"]) == int(want["inwoners_gedekt"])


def read_csv(stdout: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(stdout))
    return list(reader.fieldnames or []), list(reader)


def population_csv(tmp_path, boundaries, codes=None):
    wijken = boundaries.wijk_table("12025")
    codes = list(wijken["wijk_code"]) if codes is None else codes
    path = tmp_path / "inwoners.csv"
    path.write_text("wijkcode;inwoners\n" + "".join(f"{code};{1000 + 250 * i}\n" for i, code in enumerate(codes)),
                    encoding="utf-8")
    return path


# -- dekking ---------------------------------------------------------------------------------


def test_dekking_csv_has_the_documented_header_and_the_in_process_values(seeded, boundaries):
    done = seeded.run("dekking", "--gemeente", "Mechelen", "--format", "csv")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ",".join(HEADER)
    header, rows = read_csv(done.stdout)
    assert header == HEADER
    assert len(rows) == 12
    expected = in_process_table(boundaries, seeded)
    assert_same_table(rows, expected)
    assert sum(int(r["vertrouwde_partners"]) for r in rows) > 0  # the seeded store was read
    assert {"true", "false"} == {r["witte_vlek"] for r in rows}


def test_dekking_json_has_the_same_rows(seeded, boundaries):
    done = seeded.run("dekking", "--gemeente", "12025", "--format", "json")

    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert [list(row) for row in rows] == [HEADER] * 12
    assert all(row["inwoners_gedekt"] is None for row in rows)
    assert_same_table(rows, in_process_table(boundaries, seeded))


def test_dekking_uses_the_saved_coverage_settings(seeded, boundaries):
    seeded.store(lambda s: save_coverage_settings(s, CoverageSettings(threshold=1.0,
                                                                      radius_overrides={"jeugdbeweging": 4000})))
    assert seeded.settings().threshold == 1.0

    done = seeded.run("dekking", "--gemeente", "12025")

    assert done.returncode == 0, done.stderr
    _, rows = read_csv(done.stdout)
    expected = in_process_table(boundaries, seeded)
    assert_same_table(rows, expected)
    default = coverage_table(wijk_coverage(boundaries, "12025", seeded.partners(), load_categories(),
                                           CoverageSettings()))
    assert [r["witte_vlek"] for r in rows] != list(default["witte_vlek"])
    assert all(r["witte_vlek"] == ("true" if float(r["gedekt_aandeel"]) < 1 else "false") for r in rows)


def test_inwoners_fills_the_covered_inhabitants(seeded, boundaries, tmp_path):
    path = population_csv(tmp_path, boundaries)

    done = seeded.run("dekking", "--gemeente", "12025", "--inwoners", str(path))

    assert done.returncode == 0, done.stderr
    _, rows = read_csv(done.stdout)
    population = read_population(path.read_bytes(), path.name, boundaries)
    expected = in_process_table(boundaries, seeded, population)
    assert_same_table(rows, expected)
    assert all(r["inwoners_gedekt"] != "" for r in rows)
    first = rows[0]
    assert int(first["inwoners_gedekt"]) == round(1000 * float(first["gedekt_aandeel"]))


def test_inwoners_for_some_wijken_leaves_the_others_empty_and_json_stays_valid(seeded, boundaries, tmp_path):
    path = population_csv(tmp_path, boundaries, codes=["12025W01", "12025W02"])

    as_csv = seeded.run("dekking", "--gemeente", "12025", "--inwoners", str(path))
    as_json = seeded.run("dekking", "--gemeente", "12025", "--inwoners", str(path), "--format", "json")

    assert as_csv.returncode == 0 and as_json.returncode == 0, as_csv.stderr + as_json.stderr
    _, rows = read_csv(as_csv.stdout)
    assert [r["inwoners_gedekt"] == "" for r in rows] == [False, False] + [True] * 10
    assert rows[0]["inwoners_gedekt"].isdigit()  # a whole number, not "1000.0"
    records = json.loads(as_json.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert [r["inwoners_gedekt"] is None for r in records] == [False, False] + [True] * 10


def test_a_population_file_without_inhabitants_exits_2_with_the_reason(seeded, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text("wijkcode;iets\n12025W01;5\n", encoding="utf-8")

    done = seeded.run("dekking", "--gemeente", "12025", "--inwoners", str(path))

    assert done.returncode == 2
    assert texts.BEVOLKING_KOLOM_INWONERS.format(bestand="fout.csv") in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


# -- witte-vlekken and advies ------------------------------------------------------------------


def test_witte_vlekken_lists_the_ranked_spots_like_the_function(seeded, boundaries):
    done = seeded.run("witte-vlekken", "--gemeente", "12025")

    assert done.returncode == 0, done.stderr
    header, rows = read_csv(done.stdout)
    partners, settings = seeded.partners(), seeded.settings()
    coverage = wijk_coverage(boundaries, "12025", partners, load_categories(), settings)
    spots = white_spots(coverage, partners, boundaries, settings)
    assert {"rang", "wijk_code", "wijk_naam", "soort", "gedekt_aandeel", "prospecten"} <= set(header)
    assert len(rows) == len(spots) >= 1
    assert [r["wijk_code"] for r in rows] == list(spots["wijk_code"])
    assert [int(r["rang"]) for r in rows] == list(range(1, len(rows) + 1))
    assert [r["soort"] for r in rows] == list(spots["soort"])
    assert [r["prospecten"] for r in rows] == [",".join(p) for p in spots["prospecten"]]
    white = [r["wijk_code"] for r in rows if r["soort"] == texts.ADVIES_WITTE_VLEK]
    assert white == [r["wijk_code"] for r in rows[:len(white)]]  # white spots first
    assert set(white) == set(coverage.loc[coverage["witte_vlek"], "wijk_code"])


def test_witte_vlekken_json_is_valid_json(seeded):
    done = seeded.run("witte-vlekken", "--gemeente", "12025", "--format", "json")

    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert rows and all(row["ongedekte_inwoners"] is None for row in rows)  # no population given


@pytest.fixture
def without_municipality_wide(seeded):
    """The demo set without the advisory councils and the city: several prospects each add a little."""
    def drop(store):
        for partner in store.list_partners():
            if partner.categorie in MUNICIPALITY_WIDE:
                store.delete_partner(partner.id)

    seeded.store(drop)
    return seeded


def test_advies_gives_at_most_k_ranked_candidates(without_municipality_wide, boundaries):
    cli = without_municipality_wide

    done = cli.run("advies", "--gemeente", "12025", "-k", "3")

    assert done.returncode == 0, done.stderr
    header, rows = read_csv(done.stdout)
    assert header == ["rang", "partner_id", "naam", "categorie", "status", "winst", "eenheid",
                      "wijken_nieuw_gedekt", "reden"]
    expected = advise(boundaries, "12025", cli.partners(), load_categories(), cli.settings(), 3)
    assert len(rows) == len(expected) == 3
    assert [int(r["rang"]) for r in rows] == [1, 2, 3]
    assert [r["partner_id"] for r in rows] == [a.partner_id for a in expected]
    assert [r["naam"] for r in rows] == [a.naam for a in expected]
    gains = [float(r["winst"]) for r in rows]
    assert gains == [round(a.gain, 4) for a in expected]
    assert gains == sorted(gains, reverse=True) and gains[-1] > 0
    assert {r["status"] for r in rows} <= {"te contacteren", "gecontacteerd"}
    assert {r["eenheid"] for r in rows} == {"km²"}
    assert all(r["reden"] for r in rows)


def test_advies_k_1_gives_the_first_of_those(without_municipality_wide):
    three = read_csv(without_municipality_wide.run("advies", "--gemeente", "12025", "-k", "3").stdout)[1]
    one = without_municipality_wide.run("advies", "--gemeente", "12025", "-k", "1", "--format", "json")

    assert one.returncode == 0, one.stderr
    [only] = json.loads(one.stdout)
    assert only["rang"] == 1 and only["partner_id"] == three[0]["partner_id"]


# -- rapport ---------------------------------------------------------------------------------


def test_rapport_writes_a_pdf(seeded, tmp_path):
    out = tmp_path / "r.pdf"

    done = seeded.run("rapport", "--gemeente", "12025", "--out", str(out))

    assert done.returncode == 0, done.stderr
    assert texts.CLI_RAPPORT_KLAAR.format(bestand=out) in done.stdout
    pdf = PdfReader(out)
    assert len(pdf.pages) >= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Dekking door vertrouwde partners" in text and "Mechelen" in text
    assert "Dekking door vertrouwde partners" in pdf.metadata.title


def test_rapport_writes_a_png(seeded, tmp_path):
    out = tmp_path / "r.png"

    done = seeded.run("rapport", "--gemeente", "Mechelen", "--out", str(out))

    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    width, height = Image.open(out).size
    assert width / height == pytest.approx(math.sqrt(2), abs=0.01)


# -- wrong input -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["dekking"], ["witte-vlekken"], ["advies", "-k", "3"], ["rapport", "--out", "r.pdf"]])
def test_an_unknown_municipality_exits_2_with_the_reason(seeded, tmp_path, command):
    if command[0] == "rapport":
        command = ["rapport", "--out", str(tmp_path / "r.pdf")]

    done = seeded.run(*command, "--gemeente", "Atlantis")

    assert done.returncode == 2
    assert texts.CLI_GEMEENTE_ONBEKEND.format(waarde="Atlantis") in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "r.pdf").exists()
