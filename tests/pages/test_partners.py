"""The Partners page: the filterable table, adding, editing (with the concurrency check), deleting, demo data."""

from __future__ import annotations

import json
from collections import Counter

from streamlit.testing.v1 import AppTest

from geo import texts
from geo.partners import Partner
from tests.pages.helpers import figures, run, shown

SUBMIT = "FormSubmitter:partner_form-" + texts.UI_BEWAREN
MECHELEN_LAT, MECHELEN_LON = "51,0282", "4,4777"  # decimal commas, as Flemish users type them


def names(at: AppTest) -> list[str]:
    table = at.dataframe[0].value
    return [] if table.empty else list(table[texts.UI_KOLOM_NAAM])


def new_partner_form(at: AppTest) -> AppTest:
    at = run(at.button(key="nieuw").click())
    assert shown(at.subheader)[0] == texts.UI_NIEUW_TITEL
    return at


def fill(at: AppTest, **values: str) -> AppTest:
    for name, value in values.items():
        at.text_input(key=f"f_{name}").input(value)
    return at


def submit(at: AppTest) -> AppTest:
    assert SUBMIT in [b.key for b in at.button]
    return run(at.button(key=SUBMIT).click())


def edit(at: AppTest, partner: Partner) -> AppTest:
    """Choose ``partner`` in the picker and open it in the form."""
    run(at.selectbox(key=f"kies-{partner.gemeente_nis}").set_value(partner.id))
    run(at.button(key="bewerk_knop").click())
    assert shown(at.subheader)[0] == texts.UI_BEWERK_TITEL.format(naam=partner.naam)
    assert at.text_input(key="f_naam").value == partner.naam
    return at


def mechelen_from(db) -> list[Partner]:
    return db.list_partners("12025")


def test_the_table_lists_the_partners_of_the_municipality(partners_page, demo):
    at = partners_page("12025")

    expected = sorted(p.naam for p in demo if p.gemeente_nis == "12025")
    assert sorted(names(at)) == expected
    assert texts.UI_AANTAL_GETOOND.format(getoond=len(expected), totaal=len(expected)) in [c.value for c in at.caption]
    table = at.dataframe[0].value
    assert table[texts.UI_KOLOM_DEMO].all()
    assert not table[texts.UI_KOLOM_WIJK].str.contains("12025W").any()  # wijk names, not codes
    assert at.query_params["gemeente"] == "12025"


def test_the_category_filter_keeps_only_that_kind(partners_page, demo, categories):
    mechelen = [p for p in demo if p.gemeente_nis == "12025"]
    kind, count = Counter(p.categorie for p in mechelen).most_common(1)[0]
    assert 0 < count < len(mechelen)
    at = partners_page("12025")

    run(at.multiselect[0].set_value([kind]))

    assert sorted(names(at)) == sorted(p.naam for p in mechelen if p.categorie == kind)
    assert set(at.dataframe[0].value[texts.UI_KOLOM_SOORT]) == {categories[kind].label}
    assert texts.UI_AANTAL_GETOOND.format(getoond=count, totaal=len(mechelen)) in [c.value for c in at.caption]


def test_the_status_filter_keeps_only_that_status(partners_page, demo):
    mechelen = [p for p in demo if p.gemeente_nis == "12025"]
    status, count = Counter(p.status for p in mechelen).most_common(1)[0]
    assert 0 < count < len(mechelen)
    at = partners_page("12025")

    run(at.multiselect[1].set_value([status]))

    assert sorted(names(at)) == sorted(p.naam for p in mechelen if p.status == status)
    assert set(at.dataframe[0].value[texts.UI_KOLOM_STATUS]) == {status}


def test_the_search_filters_by_name_ignoring_case(partners_page, demo):
    mechelen = sorted((p for p in demo if p.gemeente_nis == "12025"), key=lambda p: p.naam)
    wanted = mechelen[0]
    term = wanted.naam.removesuffix(" (demo)").upper()
    at = partners_page("12025")

    search = next(t for t in at.text_input if t.label == texts.UI_FILTER_ZOEK)
    run(search.input(term))

    assert names(at) == [wanted.naam]


def test_a_new_partner_is_stored_with_its_wijk_derived_from_the_location(partners_page, open_db, boundaries):
    at = new_partner_form(partners_page("12025"))
    before = len(mechelen_from(open_db()))

    fill(at, naam="Buurtfietsclub Testwijk", straat="Testlaan", huisnummer="7", postcode="2800",
         plaats="Mechelen", lat=MECHELEN_LAT, lon=MECHELEN_LON, email="fiets@example.org")
    submit(at)

    assert shown(at.success) == [texts.UI_BEWAARD.format(naam="Buurtfietsclub Testwijk")]
    assert not at.error
    stored = [p for p in mechelen_from(open_db()) if p.naam == "Buurtfietsclub Testwijk"]
    assert len(stored) == 1 and len(mechelen_from(open_db())) == before + 1
    partner = stored[0]
    assert (partner.lat, partner.lon) == (51.0282, 4.4777)
    assert partner.gemeente_nis == "12025"
    assert partner.wijk_code.startswith("12025W")
    assert partner.wijk_code in set(boundaries.wijk_table("12025")["wijk_code"])
    assert partner.email == "fiets@example.org" and partner.postcode == "2800"
    assert partner.demo is False and partner.versie == 1
    # the form is closed and the new partner is in the table, with its wijk's name
    assert SUBMIT not in [b.key for b in at.button]
    row = at.dataframe[0].value.set_index(texts.UI_KOLOM_NAAM).loc["Buurtfietsclub Testwijk"]
    wijk_names = dict(zip(boundaries.wijk_table("12025")["wijk_code"], boundaries.wijk_table("12025")["wijk_naam"]))
    assert row[texts.UI_KOLOM_WIJK] == wijk_names[partner.wijk_code]


def test_a_partner_without_name_is_refused_in_dutch(partners_page, open_db):
    at = new_partner_form(partners_page("12025"))
    before = open_db().count_partners()

    fill(at, naam="   ", lat=MECHELEN_LAT, lon=MECHELEN_LON)
    submit(at)

    assert texts.NAAM_VERPLICHT == "De naam is verplicht."
    assert texts.NAAM_VERPLICHT in shown(at.error)
    assert open_db().count_partners() == before
    assert SUBMIT in [b.key for b in at.button]  # the form stays open with what was typed
    assert at.text_input(key="f_lat").value == MECHELEN_LAT


def test_a_location_outside_flanders_is_refused(partners_page, open_db):
    at = new_partner_form(partners_page("12025"))
    before = open_db().count_partners()

    fill(at, naam="Club in Parijs", lat="48.85", lon="2.35")
    submit(at)

    errors = shown(at.error)
    assert any("buiten Vlaanderen" in e for e in errors), errors
    assert open_db().count_partners() == before
    assert not [p for p in open_db().list_partners() if p.naam == "Club in Parijs"]


def test_editing_saves_the_change_and_increments_the_version(partners_page, open_db):
    at = partners_page("12025")
    partner = sorted(mechelen_from(open_db()), key=lambda p: p.naam)[0]
    edit(at, partner)

    fill(at, naam="Hernoemde partner")
    submit(at)

    assert not at.error
    assert shown(at.success) == [texts.UI_BEWAARD.format(naam="Hernoemde partner")]
    stored = open_db().get_partner(partner.id)
    assert stored.naam == "Hernoemde partner"
    assert stored.versie == partner.versie + 1
    assert (stored.lat, stored.lon, stored.wijk_code) == (partner.lat, partner.lon, partner.wijk_code)
    assert "Hernoemde partner" in names(at) and partner.naam not in names(at)


def test_moving_a_partner_to_another_municipality_says_where_it_went(partners_page, open_db, boundaries):
    at = partners_page("12025")
    partner = sorted(mechelen_from(open_db()), key=lambda p: p.naam)[3]
    edit(at, partner)
    inside = boundaries.wijken[boundaries.wijken["wijk_code"] == "11050W02"].to_crs(4326).representative_point().iloc[0]

    fill(at, lat=f"{inside.y:.6f}", lon=f"{inside.x:.6f}")
    submit(at)

    assert shown(at.success) == [texts.UI_ANDERE_GEMEENTE.format(naam=partner.naam, gemeente="11050")]
    stored = open_db().get_partner(partner.id)
    assert (stored.gemeente_nis, stored.wijk_code) == ("11050", "11050W02")
    assert partner.naam not in names(at)


def test_cancelling_an_edit_changes_nothing(partners_page, open_db):
    at = partners_page("12025")
    partner = sorted(mechelen_from(open_db()), key=lambda p: p.naam)[4]
    edit(at, partner)

    fill(at, naam="Niet bewaren")
    run(at.button(key="annuleren").click())

    assert SUBMIT not in [b.key for b in at.button]
    assert open_db().get_partner(partner.id) == partner
    assert "Niet bewaren" not in names(at)


def test_a_concurrent_change_is_not_overwritten(partners_page, open_db):
    at = partners_page("12025")
    partner = sorted(mechelen_from(open_db()), key=lambda p: p.naam)[1]
    edit(at, partner)

    other = open_db().update_partner(partner.with_changes(naam="Gewijzigd door collega"), door="bo@example.be")
    fill(at, naam="Mijn wijziging")
    at.text_area(key="f_notities").input("mijn notitie")
    submit(at)

    errors = shown(at.error)
    assert len(errors) == 1
    assert "intussen gewijzigd door bo@example.be" in errors[0]
    assert f"naam: '{partner.naam}' → 'Gewijzigd door collega'" in errors[0]
    stored = open_db().get_partner(partner.id)
    assert stored.naam == "Gewijzigd door collega"
    assert stored.versie == other.versie == partner.versie + 1
    assert stored.notities == partner.notities
    assert not [p for p in open_db().list_partners() if p.naam == "Mijn wijziging"]


def test_deleting_asks_for_confirmation_then_removes_the_partner(partners_page, open_db):
    at = partners_page("12025")
    partner = sorted(mechelen_from(open_db()), key=lambda p: p.naam)[2]
    total = open_db().count_partners()
    edit(at, partner)

    run(at.button(key="verwijderen").click())
    assert texts.UI_VERWIJDEREN_VRAAG.format(naam=partner.naam) in shown(at.warning)
    assert open_db().get_partner(partner.id) is not None  # nothing happens before the confirmation

    run(at.button(key="verwijderen_ja").click())

    assert open_db().get_partner(partner.id) is None
    assert open_db().count_partners() == total - 1
    assert shown(at.success) == [texts.UI_VERWIJDERD.format(naam=partner.naam)]
    assert partner.naam not in names(at)


def test_removing_the_demo_data_is_permanent(partners_page, app, open_db, demo):
    at = partners_page("12025")
    assert open_db().count_partners() == len(demo)
    assert [b.label for b in at.sidebar.button if b.key != "afmelden"] == [texts.UI_DEMO_VERWIJDEREN]

    run(at.sidebar.button(key="demo_weg").click())

    assert shown(at.success) == [texts.UI_DEMO_VERWIJDERD.format(aantal=len(demo))]
    db = open_db()
    assert db.count_partners() == 0 and not db.has_demo()
    assert names(at) == []
    # they stay away: on the next run, and for a new visitor
    run(at)
    assert db.count_partners() == 0
    again = app({"gemeente": "12025"})
    assert figures(again)[texts.UI_PARTNERS] == "0"
    assert db.count_partners() == 0
    # the sidebar now offers to load them into the empty store instead
    again.switch_page("pages/partners.py").run()
    assert [b.key for b in again.sidebar.button if b.key != "afmelden"] == ["demo_laden"]


def test_loading_demo_data_into_an_empty_store(partners_page, open_db, monkeypatch, demo):
    monkeypatch.setenv("PARTNERKAART_DEMO", "nee")
    at = partners_page("12025")
    assert open_db().count_partners() == 0

    run(at.sidebar.button(key="demo_laden").click())

    assert open_db().count_partners() == len(demo)
    assert shown(at.success) == [texts.UI_DEMO_GELADEN.format(aantal=len(demo))]
    assert sorted(names(at)) == sorted(p.naam for p in demo if p.gemeente_nis == "12025")


def test_html_in_a_name_is_kept_as_plain_text(partners_page, open_db):
    evil = "<img src=x onerror=alert(1)>"
    at = new_partner_form(partners_page("12025"))

    fill(at, naam=evil, lat=MECHELEN_LAT, lon=MECHELEN_LON)
    submit(at)

    assert not at.error
    assert evil in names(at)
    assert [p.naam for p in open_db().list_partners() if p.naam == evil] == [evil]
    # the map of the municipality gets it escaped, never as a tag
    at.switch_page("pages/kaart.py").run()
    assert not at.exception
    script = "".join(json.loads(c.proto.json_args)["script"] for c in at.get("component_instance"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in script.replace("\\u0026", "&")
    assert "<img src=x" not in script
