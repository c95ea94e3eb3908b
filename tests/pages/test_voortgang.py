"""The Voortgang page: what changed since a date in sentences, the funnel then and now, the series,
the report with its voortgang section; read-only through a share link."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from geo import texts
from geo.campaign.dates import belgian_today, months_before
from geo.campaign.sentences import dutch_date
from geo.partners import STATUSES, Partner
from tests.pages.helpers import RecordingMediaStorage, record_media, run, shown  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("record_media")


def voortgang(app, who: str = "beheerder", gemeente: str = "12025") -> AppTest:
    at = app({"gemeente": gemeente}, who=who)
    return run(at.switch_page("pages/voortgang.py"))


def table_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_page_tells_what_changed_since_three_months_ago_and_the_funnel(app, open_db):
    store = open_db()
    chiro = store.add_partner(Partner(naam="Chiro <Leest>", categorie="jeugdbeweging", lat=51.02545, lon=4.40533,
                                      gemeente_nis="12025", wijk_code="12025W06"), door="an")
    store.update_partner(chiro.with_changes(status="zet zich mee in"), door="an")
    today = belgian_today()

    at = voortgang(app)

    assert not at.exception, at.exception
    since = months_before(today, 3)
    assert texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(since)) in shown(at.subheader)
    sentences = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert "Chiro \\<Leest\\>" in sentences.splitlines()[0] and "nieuwe vertrouwde partner" in sentences
    funnel = table_with(at, texts.UI_VOORTGANG_KOLOM_STAP)
    now = {s: sum(p.status == s for p in store.list_partners("12025")) for s in STATUSES}
    assert dict(zip(funnel[texts.UI_VOORTGANG_KOLOM_STAP], funnel[texts.UI_VOORTGANG_KOLOM_NU])) == now
    then = funnel[texts.UI_VOORTGANG_KOLOM_TOEN.format(datum=since.strftime("%d/%m/%Y"))]
    assert list(then) == [0] * len(STATUSES)  # everything in this fresh store is newer than three months
    series = table_with(at, texts.UI_VOORTGANG_KOLOM_PARTNERS)
    assert series[texts.UI_VOORTGANG_KOLOM_DATUM].iloc[-1] == dutch_date(today)
    assert series[texts.UI_VOORTGANG_KOLOM_PARTNERS].iloc[-1] == sum(
        p.status in ("communiceert mee", "zet zich mee in") for p in store.list_partners("12025"))
    assert len(at.get("vega_lite_chart")) == 2


def test_a_date_from_today_on_is_refused_in_dutch(app):
    at = voortgang(app)
    at = run(at.date_input(key="voortgang_sinds").set_value(belgian_today()))

    assert shown(at.error) == [texts.VOORTGANG_SINDS_ONGELDIG.format(vandaag=dutch_date(belgian_today()))]
    assert texts.UI_VOORTGANG_TRECHTER_KOP not in shown(at.subheader)


def test_the_report_has_a_voortgang_section_for_the_chosen_date(app):
    at = voortgang(app)
    chosen = belgian_today() - timedelta(days=30)
    at = run(at.date_input(key="voortgang_sinds").set_value(chosen))
    at = run(at.button(key="voortgang_rapport_maken").click())

    button = at.get("download_button")[0]
    pdf = RecordingMediaStorage.made[-1].get_file(button.proto.url.rsplit("/", 1)[1]).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert texts.RAPPORT_VOORTGANG_KOP.format(datum=dutch_date(chosen)) in text
    assert texts.RAPPORT_VOORTGANG_REEKS in text and "Trechter nu:" in text


def test_a_share_link_sees_voortgang_read_only_with_counts_for_partners_being_contacted(app, open_db):
    store = open_db()
    store.add_partner(Partner(naam="Nog Niet Akkoord vzw", categorie="school", status="gecontacteerd", lat=51.028,
                              lon=4.480, gemeente_nis="12025"), door="an")

    at = app({}, who="lezer:12025")
    at = run(at.switch_page("pages/voortgang.py"))

    assert not at.exception, at.exception
    assert texts.UI_VOORTGANG_DEELLINK in shown(at.caption)
    funnel = table_with(at, texts.UI_VOORTGANG_KOLOM_STAP)
    assert dict(zip(funnel[texts.UI_VOORTGANG_KOLOM_STAP], funnel[texts.UI_VOORTGANG_KOLOM_NU]))["gecontacteerd"] >= 1
    assert all("Nog Niet Akkoord" not in m.value for m in at.markdown)
    assert not at.get("file_uploader") and not at.get("form")


def test_a_link_with_sinds_opens_at_that_date_and_a_wrong_one_warns(app):
    chosen = belgian_today() - timedelta(days=45)
    at = app({"gemeente": "12025", "sinds": chosen.isoformat()})
    at = run(at.switch_page("pages/voortgang.py"))

    assert texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(chosen)) in shown(at.subheader)
    assert at.query_params["sinds"] == chosen.isoformat()

    at = voortgang(app)
    at.query_params["sinds"] = "morgen"  # a link typed or pasted while on the page
    at = run(at)
    assert texts.URL_SINDS_ONGELDIG.format(waarde="morgen") in shown(at.warning)
    default = months_before(belgian_today(), 3)
    assert texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(default)) in shown(at.subheader)
    assert "sinds" not in at.query_params  # the default is left out of the address
