"""``python -m geo voortgang`` and ``rapport --sinds`` as a user runs them (a real subprocess and store)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from pypdf import PdfReader

from geo import texts
from geo.campaign.dates import belgian_today, months_before
from geo.campaign.sentences import dutch_date
from geo.partners import Partner
from geo.store import open_store


def campaign(cli) -> None:
    store = open_store(str(cli.db))
    try:
        chiro = store.add_partner(Partner("Chiro Leest", "jeugdbeweging", lat=51.02545, lon=4.40533,
                                          gemeente_nis="12025", wijk_code="12025W06"))
        store.update_partner(chiro.with_changes(status="zet zich mee in"))
        store.add_partner(Partner("Nog te bellen", "school", gemeente_nis="12025"))
    finally:
        store.close()


def test_voortgang_says_what_changed_since_three_months_ago(cli):
    campaign(cli)

    result = cli.run("voortgang", "--gemeente", "Mechelen")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(months_before(belgian_today(), 3))) + ":"
    assert "- 1 nieuwe vertrouwde partner: Chiro Leest." in lines
    assert "- 1 witte vlek minder: Leest (Mechelen)." in lines
    assert lines[-1] == ("- Trechter nu: 1 te contacteren (+1), 0 gecontacteerd (0), 0 communiceren mee (0), "
                         "1 zet zich mee in (+1), 0 haken af (0).")


def test_voortgang_as_csv_gives_the_series_per_date(cli):
    campaign(cli)
    since = belgian_today() - timedelta(days=40)

    result = cli.run("voortgang", "--gemeente", "12025", "--sinds", since.strftime("%d/%m/%Y"), "--format", "csv")

    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["datum"] == since.isoformat() and rows[-1]["datum"] == belgian_today().isoformat()
    assert rows[0]["vertrouwde_partners"] == "0" and rows[-1]["vertrouwde_partners"] == "1"
    assert "12025W06" in rows[0]["witte_vlek_codes"] and "12025W06" not in rows[-1]["witte_vlek_codes"]
    assert int(rows[0]["witte_vlekken"]) == int(rows[-1]["witte_vlekken"]) + 1


def test_a_wrong_or_future_date_is_refused_in_dutch(cli):
    wrong = cli.run("voortgang", "--gemeente", "12025", "--sinds", "gisteren")
    future = cli.run("voortgang", "--gemeente", "12025", "--sinds", (belgian_today() + timedelta(days=1)).isoformat())

    assert wrong.returncode == 2 and texts.CLI_VOORTGANG_DATUM.format(waarde="gisteren") in wrong.stderr
    ancient = cli.run("voortgang", "--gemeente", "12025", "--sinds", "01/01/1600")
    assert future.returncode == 2 and "vóór vandaag" in future.stderr
    assert ancient.returncode == 2 and "vanaf 2000" in ancient.stderr


def test_rapport_with_sinds_has_the_voortgang_section(cli, tmp_path):
    campaign(cli)
    out = tmp_path / "rapport.pdf"
    since = belgian_today() - timedelta(days=10)

    result = cli.run("rapport", "--gemeente", "12025", "--out", str(out), "--sinds", since.isoformat())

    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert texts.RAPPORT_VOORTGANG_KOP.format(datum=dutch_date(since)) in text
    assert "1 nieuwe vertrouwde partner: Chiro Leest." in text
    without = tmp_path / "zonder.pdf"
    assert cli.run("rapport", "--gemeente", "12025", "--out", str(without)).returncode == 0
    assert "Voortgang sinds" not in " ".join(page.extract_text() for page in PdfReader(without).pages)
