"""``python -m geo acties lijst|export|import`` as a user runs it (a real subprocess and store)."""

from __future__ import annotations

import csv
import io
import json

import openpyxl

from geo import texts
from geo.campaign.records import Action, ActionPartner
from geo.partners import Partner
from geo.store import open_store


def filled(cli, boundaries) -> dict:
    store = open_store(str(cli.db))
    try:
        chiro = store.add_partner(Partner("Chiro Ter Elst", "jeugdbeweging", status="zet zich mee in",
                                          gemeente_nis="12025"))
        wijk = boundaries.locate(4.4777, 51.0282)[1]
        salon = store.action_add(Action("=HYPERLINK(\"http://x\")", "autodeelsalon", "2026-03-12", "12025", lat=51.0282,
                                        lon=4.4777, wijk_code=wijk, bereikt_wijk=True, bedrag=250.5,
                                        notities="+32 intern", partners=(ActionPartner(chiro.id, "organiseert mee"),)))
        store.action_add(Action("Elders", "proefrit", "2026-01-01", "11002"))
    finally:
        store.close()
    return {"chiro": chiro, "salon": salon, "wijk": wijk}


def test_lijst_prints_the_actions_of_one_municipality_with_formulas_neutralised(cli, boundaries):
    made = filled(cli, boundaries)

    result = cli.run("acties", "lijst", "--gemeente", "Mechelen")

    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["titel"] for r in rows] == ["'=HYPERLINK(\"http://x\")"]
    assert rows[0]["partners"] == "Chiro Ter Elst (organiseert mee)" and rows[0]["wijk_code"] == made["wijk"]
    assert rows[0]["bereikt_wijk"] == "ja" and "notities" not in rows[0]
    as_json = json.loads(cli.run("acties", "lijst", "--gemeente", "12025", "--format", "json").stdout)
    assert as_json[0]["id"] == made["salon"].id and as_json[0]["bereikt"] is None


def test_export_writes_every_field_to_csv_and_xlsx_files(cli, boundaries, tmp_path):
    filled(cli, boundaries)
    out_csv, out_xlsx = tmp_path / "acties.csv", tmp_path / "acties.xlsx"

    assert cli.run("acties", "export", "--gemeente", "12025", "--out", str(out_csv)).returncode == 0
    assert cli.run("acties", "export", "--gemeente", "12025", "--format", "xlsx", "--out", str(out_xlsx)).returncode == 0

    text = out_csv.read_bytes().decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["notities"] == "'+32 intern" and row["bedrag"] == "250,5" and row["titel"].startswith("'=")
    assert text.rstrip().splitlines()[-1].startswith("# Bronnen")
    sheet = openpyxl.load_workbook(out_xlsx)["acties"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]]))
    assert values["titel"].startswith("'=") and values["notities"] == "'+32 intern" and values["bedrag"] == 250.5


def test_an_export_imports_again_as_new_actions(cli, boundaries, tmp_path):
    made = filled(cli, boundaries)
    out = tmp_path / "acties.csv"
    cli.run("acties", "export", "--gemeente", "12025", "--out", str(out))

    result = cli.run("acties", "import", str(out), "--gemeente", "12025", "--gebruiker", "an")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == texts.ACTIE_IMPORT_KLAAR.format(aantal=1)
    store = open_store(str(cli.db))
    try:
        copies = [a for a in store.action_list("12025") if a.id != made["salon"].id]
    finally:
        store.close()
    assert len(copies) == 1
    copy, original = copies[0], made["salon"]
    assert (copy.titel, copy.partners, copy.bedrag, copy.wijk_code, copy.notities) == (
        original.titel, original.partners, original.bedrag, original.wijk_code, original.notities)


def test_refusals_are_dutch_with_exit_code_2_and_write_nothing(cli, boundaries, tmp_path):
    filled(cli, boundaries)
    bad = tmp_path / "fout.csv"
    bad.write_text("titel;soort;datum\nGoed;infomoment;2026-03-01\nFout;vergadering;2026-03-02\n", encoding="utf-8")

    unknown = cli.run("acties", "lijst", "--gemeente", "Atlantis")
    refused = cli.run("acties", "import", str(bad), "--gemeente", "12025")
    no_out = cli.run("acties", "export", "--gemeente", "12025", "--format", "xlsx")

    assert unknown.returncode == 2 and texts.CLI_GEMEENTE_ONBEKEND.format(waarde="Atlantis") in unknown.stderr
    assert refused.returncode == 2 and "Rij 3" in refused.stderr and "vergadering" in refused.stderr
    assert no_out.returncode == 2 and texts.CLI_ACTIES_XLSX_OUT in no_out.stderr
    store = open_store(str(cli.db))
    try:
        assert [a.titel for a in store.action_list("12025")] == ['=HYPERLINK("http://x")']
    finally:
        store.close()


def test_rapport_lists_the_actions_of_the_municipality(cli, boundaries, tmp_path):
    from pypdf import PdfReader

    filled(cli, boundaries)
    out = tmp_path / "rapport.pdf"

    result = cli.run("rapport", "--gemeente", "12025", "--out", str(out))

    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert texts.RAPPORT_ACTIES_KOP.format(gemeente="Mechelen") in text and 'HYPERLINK("http://x")' in text
    assert "Elders" not in text  # an action of another municipality
