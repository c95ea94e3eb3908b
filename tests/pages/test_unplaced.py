"""Partners without a location on Kaart and Partners: listed per municipality, looked up again, placed."""

from __future__ import annotations

import pytest

from geo import texts
from geo.editing import save_partner
from tests.geo.address_register import AddressRegister
from pages.ui import plain
from tests.pages.helpers import run, shown

GROTE_MARKT = (51.02796, 4.47806)
WAITING = {"naam": "Chiro *Sint-Andries*", "categorie": "jeugdbeweging", "straat": "Grote Markt", "huisnummer": "21",
           "postcode": "2800", "plaats": "Mechelen", "gemeente_nis": "12025", "status": "zet zich mee in"}


@pytest.fixture
def waiting(open_db, boundaries):
    """A partner in Mechelen without a location, as an import without coordinates leaves one."""
    stored, errors = save_partner(open_db(), boundaries, WAITING)
    assert not errors
    return stored


def expander_labels(at) -> list[str]:
    return [e.label for e in at.expander]


@pytest.mark.parametrize("page", ["pages/kaart.py", "pages/partners.py"])
def test_editors_see_the_partners_without_location_with_both_actions(app, waiting, page, monkeypatch):
    monkeypatch.setenv("PARTNERKAART_GEOCODER", "none")
    at = run(app({"gemeente": "12025"}).switch_page(page))

    assert texts.UI_ONGEPLAATST_KOP.format(aantal=1) in expander_labels(at)
    assert at.button(key=f"plaats-{waiting.id}").label == texts.UI_PLAATS_OP_KAART
    look_up = at.button(key=f"zoek-{waiting.id}")
    assert look_up.disabled and look_up.help == texts.UI_ZOEK_ADRES_UIT
    assert f"**{plain(waiting.naam)}**" in [m.value.split("  \n")[0] for m in at.markdown]  # Markdown escaped


def test_a_share_link_and_other_municipalities_get_no_list(app, waiting):
    assert not any(label.startswith("Zonder locatie:") for label in expander_labels(app({"gemeente": "12025"},
                                                                                        who="lezer:12025")))
    assert not any(label.startswith("Zonder locatie:") for label in expander_labels(app({"gemeente": "12025"},
                                                                                        who="organisator:11050")))


def test_plaats_op_de_kaart_opens_the_picking_map(app, waiting):
    at = run(app({"gemeente": "12025"}).button(key=f"plaats-{waiting.id}").click())

    assert texts.UI_PLAATS_KLIK.format(naam=plain(waiting.naam)) in [m.value for m in at.markdown]
    assert at.button(key="plaats-bewaren").disabled  # nothing clicked on the map yet
    maps = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(maps) == 2  # the municipality's map and the picking map

    at = run(at.button(key="plaats-annuleren").click())
    assert not at.button(key=f"plaats-{waiting.id}").disabled and len(
        [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]) == 1


def test_zoek_het_adres_opnieuw_places_the_partner_through_the_address_register(app, waiting, open_db, monkeypatch):
    with AddressRegister({("grote markt", "21"): GROTE_MARKT}) as register:
        monkeypatch.setenv("PARTNERKAART_GEOCODER", "vlaanderen")
        monkeypatch.setenv("PARTNERKAART_GEOCODER_URL", register.url)
        at = run(app({"gemeente": "12025"}).button(key=f"zoek-{waiting.id}").click())

    placed = open_db().get_partner(waiting.id)
    assert placed.has_location and placed.wijk_code.startswith("12025W")
    assert shown(at.success) == [texts.UI_ADRES_GEVONDEN.format(naam=waiting.naam, adres="Grote Markt 21, 2800 Mechelen",
                                                                wijk=placed.wijk_code)]
    assert texts.UI_ONGEPLAATST_KOP.format(aantal=1) not in expander_labels(at)


def test_an_address_the_register_does_not_know_leaves_the_partner_waiting_with_the_reason(app, waiting, open_db,
                                                                                           monkeypatch):
    with AddressRegister({}) as register:
        monkeypatch.setenv("PARTNERKAART_GEOCODER", "vlaanderen")
        monkeypatch.setenv("PARTNERKAART_GEOCODER_URL", register.url)
        at = run(app({"gemeente": "12025"}).button(key=f"zoek-{waiting.id}").click())

    assert not open_db().get_partner(waiting.id).has_location
    [warning] = shown(at.warning)
    assert warning.startswith(f"{waiting.naam}: Het adres 'Grote Markt 21, 2800 Mechelen' werd niet gevonden")
