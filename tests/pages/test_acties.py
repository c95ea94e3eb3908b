"""The Acties page: the list per municipality with filters, adding on the map, editing with the
concurrency check, deleting and putting back from the Logboek, read-only for other municipalities,
the all-or-nothing import; and a partner's detail on Partners showing its actions."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import texts
from geo.campaign.records import Action, ActionPartner
from tests.pages.helpers import labelled, run, shown

SUBMIT = "FormSubmitter:actie_form-" + texts.UI_BEWAREN
ME = "beheerder-alles@example.be"


def acties_page(app, gemeente: str = "12025", who: str = "beheerder") -> AppTest:
    at = app({"gemeente": gemeente}, who=who)
    return run(at.switch_page("pages/acties.py"))


def listed(at: AppTest):
    return next(d.value for d in at.dataframe if texts.UI_ACTIES_KOLOM_TITEL in d.value.columns)


@pytest.fixture
def mechelen(app, open_db):
    """The demo set (loaded by the app's first run) and two actions in Mechelen with demo partners."""
    app({"gemeente": "12025"})
    db = open_db()
    partners = sorted(db.list_partners("12025"), key=lambda p: p.naam)
    salon = db.action_add(Action("Autodeelsalon in de bib", "autodeelsalon", "2026-03-12", "12025", lat=51.0279,
                                 lon=4.4801, wijk_code="12025W03", financiering="Buurtbudget", bedrag=300.0,
                                 notities="geheim", partners=(ActionPartner(partners[0].id, "organiseert mee"),)),
                          door="an@example.be")
    article = db.action_add(Action("Artikel in het stadsblad", "artikel", "2025-10-01", "12025", status="gedaan",
                                   partners=(ActionPartner(partners[1].id, "communiceert mee"),)), door="an@example.be")
    return {"db": db, "partners": partners, "salon": salon, "article": article}


def test_the_list_shows_the_actions_of_the_municipality_and_filters_them(app, mechelen):
    at = acties_page(app)

    table = listed(at)
    assert list(table[texts.UI_ACTIES_KOLOM_TITEL]) == ["Autodeelsalon in de bib", "Artikel in het stadsblad"]
    first = table.iloc[0]
    assert first[texts.UI_ACTIES_KOLOM_PARTNERS] == f"{mechelen['partners'][0].naam} (organiseert mee)"
    assert first[texts.UI_ACTIES_KOLOM_SOORT] == "Autodeelsalon" and first[texts.UI_ACTIES_KOLOM_BEDRAG] == 300.0

    at = run(labelled(at.multiselect, texts.UI_ACTIES_FILTER_SOORT).set_value(["artikel"]))
    assert list(listed(at)[texts.UI_ACTIES_KOLOM_TITEL]) == ["Artikel in het stadsblad"]
    assert texts.UI_ACTIES_AANTAL.format(getoond=1, totaal=2) in [c.value for c in at.caption]
    at = run(labelled(at.multiselect, texts.UI_ACTIES_FILTER_SOORT).set_value([]))
    at = run(labelled(at.multiselect, texts.UI_ACTIES_FILTER_STATUS).set_value(["gepland"]))
    assert list(listed(at)[texts.UI_ACTIES_KOLOM_TITEL]) == ["Autodeelsalon in de bib"]
    at = run(labelled(at.multiselect, texts.UI_ACTIES_FILTER_STATUS).set_value([]))
    at = run(at.date_input(key="actie_filter_periode").set_value((date(2025, 9, 1), date(2025, 12, 31))))
    assert list(listed(at)[texts.UI_ACTIES_KOLOM_TITEL]) == ["Artikel in het stadsblad"]
    at = run(at.date_input(key="actie_filter_periode").set_value(()))
    at = run(labelled(at.selectbox, texts.UI_ACTIES_FILTER_PARTNER).set_value(mechelen["partners"][0].id))
    assert list(listed(at)[texts.UI_ACTIES_KOLOM_TITEL]) == ["Autodeelsalon in de bib"]


def test_a_new_action_is_placed_in_its_wijk_with_its_partners(app, mechelen, boundaries):
    at = acties_page(app)
    at = run(at.button(key="actie_nieuw").click())
    assert shown(at.subheader)[0] == texts.UI_ACTIES_NIEUW_TITEL
    chiro = mechelen["partners"][2]

    at.text_input(key="a_titel").input("Proefrit <b>elektrisch</b>")
    at.selectbox(key="a_soort").set_value("proefrit")
    at.date_input(key="a_datum").set_value(date(2026, 5, 9))
    at.date_input(key="a_einddatum").set_value(date(2026, 5, 10))
    at.text_input(key="a_lat").input("51,0282")
    at.text_input(key="a_lon").input("4,4777")
    at.checkbox(key="a_bereikt_wijk").check()
    at.multiselect(key="a_organiseert").set_value([chiro.id])
    at.text_input(key="a_bereikt").input("25")
    at = run(at.button(key=SUBMIT).click())

    assert texts.UI_ACTIES_BEWAARD.format(naam="Proefrit <b>elektrisch</b>") in shown(at.success)
    stored = next(a for a in mechelen["db"].action_list("12025") if a.soort == "proefrit")
    assert (stored.titel, stored.datum, stored.einddatum, stored.bereikt, stored.bereikt_wijk) == (
        "Proefrit <b>elektrisch</b>", "2026-05-09", "2026-05-10", 25, True)
    assert stored.wijk_code == boundaries.locate(4.4777, 51.0282)[1]
    assert stored.partners == (ActionPartner(chiro.id, "organiseert mee"),)
    assert "Proefrit <b>elektrisch</b>" in list(listed(at)[texts.UI_ACTIES_KOLOM_TITEL])
    line = mechelen["db"].audit_list(actie=texts.ACTIE_TOEGEVOEGD)[0]
    assert (line.gebruiker, line.partner_id) == (ME, stored.id)


def test_a_new_action_without_a_title_is_refused_with_the_reason(app, mechelen):
    at = acties_page(app)
    at = run(at.button(key="actie_nieuw").click())
    at = run(at.button(key=SUBMIT).click())

    assert texts.ACTIE_TITEL_VERPLICHT in shown(at.error)
    assert len(mechelen["db"].action_list("12025")) == 2


def test_an_edit_over_someone_elses_newer_version_is_refused_with_who_and_what(app, mechelen):
    salon, db = mechelen["salon"], mechelen["db"]
    at = acties_page(app)
    at = run(at.selectbox(key="kies-actie-12025").set_value(salon.id))
    at = run(at.button(key="actie_bewerk_knop").click())
    assert at.text_input(key="a_titel").value == salon.titel and at.text_input(key="a_bedrag").value == "300,0"
    theirs = db.action_update(Action(**{**salon.__dict__, "status": "gedaan"}), door="bert@example.be")

    at.text_input(key="a_titel").input("Mijn titel")
    at = run(at.button(key=SUBMIT).click())

    errors = shown(at.error)
    assert len(errors) == 1 and "bert@example.be" in errors[0] and "status: 'gepland' → 'gedaan'" in errors[0]
    assert db.action_get(salon.id) == theirs


def test_delete_then_put_back_from_the_logboek(app, mechelen):
    salon, db = mechelen["salon"], mechelen["db"]
    at = acties_page(app)
    at = run(at.selectbox(key="kies-actie-12025").set_value(salon.id))
    at = run(at.button(key="actie_bewerk_knop").click())
    at = run(at.button(key="actie_verwijderen").click())
    at = run(at.button(key="actie_verwijderen_ja").click())

    assert texts.UI_ACTIES_VERWIJDERD.format(naam=salon.titel) in shown(at.success)
    assert db.action_get(salon.id) is None
    assert list(listed(at)[texts.UI_ACTIES_KOLOM_TITEL]) == ["Artikel in het stadsblad"]

    at = run(at.switch_page("pages/logboek.py"))
    picker = at.selectbox(key="actie_herstel_kies")
    entry = db.audit_list(actie=texts.ACTIE_VERWIJDERD)[0]
    at = run(picker.set_value(entry.id))
    at = run(at.button(key="actie_herstel").click())

    assert texts.UI_LOGBOEK_HERSTELD.format(naam=salon.titel) in shown(at.success)
    back = db.action_get(salon.id)
    assert back.versie == salon.versie + 1 and back.partners == salon.partners and back.notities == "geheim"
    assert [b.key for b in at.button if b.key == "actie_herstel"] == []  # nothing left to put back


def test_an_organiser_of_another_municipality_sees_the_actions_read_only_without_private_fields(app, mechelen):
    at = acties_page(app, who="organisator:11050")

    assert texts.UI_ACTIES_ALLEEN_BEKIJKEN in shown(at.info)
    table = listed(at)
    assert texts.UI_ACTIES_KOLOM_FINANCIERING not in table.columns and texts.UI_ACTIES_KOLOM_BEDRAG not in table.columns
    assert [b.key for b in at.button if b.key in ("actie_nieuw", "actie_bewerk_knop")] == []
    assert all("geheim" not in str(v) and "Buurtbudget" not in str(v) for v in table.to_numpy().ravel())


def test_the_import_is_all_or_nothing(app, mechelen):
    partner = mechelen["partners"][0]
    at = acties_page(app)
    bad = (f"titel;soort;datum;partners\nInfoavond;infomoment;12/03/2026;{partner.naam} (organiseert mee)\n"
           "Zonder datum;infomoment;;\n").encode("utf-8")
    at.file_uploader(key="acties_upload").set_value([("acties.csv", bad, "text/csv")])
    at = run(at)
    at = run(at.button(key="acties_inlezen").click())

    assert any("Rij 3" in e and texts.ACTIE_DATUM_VERPLICHT in e for e in shown(at.error))
    assert len(mechelen["db"].action_list("12025")) == 2

    good = bad.replace(b"Zonder datum;infomoment;;", b"Stand op de markt;Stand op markt of event;2026-06-01;")
    at.file_uploader(key="acties_upload").set_value([("acties.csv", good, "text/csv")])
    at = run(at)
    at = run(at.button(key="acties_inlezen").click())

    assert texts.ACTIE_IMPORT_KLAAR.format(aantal=2) in shown(at.success)
    added = {a.titel: a for a in mechelen["db"].action_list("12025")}
    assert added["Infoavond"].partners == (ActionPartner(partner.id, "organiseert mee"),)
    assert added["Stand op de markt"].soort == "stand"


def test_a_partners_detail_shows_its_actions(partners_page, mechelen):
    partner = mechelen["partners"][0]
    at = partners_page("12025")
    run(at.selectbox(key=f"kies-{partner.gemeente_nis}").set_value(partner.id))
    at = run(at.button(key="bewerk_knop").click())

    assert texts.UI_PARTNER_ACTIES_KOP in shown(at.subheader)
    table = next(d.value for d in at.dataframe if texts.UI_ACTIES_KOLOM_TITEL in d.value.columns)
    assert list(table[texts.UI_ACTIES_KOLOM_TITEL]) == ["Autodeelsalon in de bib"]
    assert list(table[texts.UI_ACTIES_KOLOM_ROL]) == ["organiseert mee"]


def test_without_actions_the_partner_filter_is_left_out_rather_than_drawn_disabled(app):
    at = acties_page(app, gemeente="11050")  # Wijnegem: no actions in this store

    assert texts.UI_ACTIES_GEEN in shown(at.info)
    assert texts.UI_ACTIES_FILTER_PARTNER not in [s.label for s in at.selectbox]
    assert texts.UI_ACTIES_FILTER_SOORT in [m.label for m in at.multiselect]
