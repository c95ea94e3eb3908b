"""Partner validation (Dutch errors), placement in a wijk, and the public view."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import texts
from geo.categories import load_categories
from geo.partners import (MAX_NOTES, MAX_TEXT, PRIVATE_FIELDS, Partner, parse_number, place_partner, validate_partner,
                          validate_partners)

GOOD = {
    "naam": "Chiro Ter Elst", "categorie": "jeugdbeweging", "status": "gecontacteerd",
    "organisatie": "Chiro", "straat": "Grote Markt", "huisnummer": "1", "postcode": "2800", "plaats": "Mechelen",
    "lat": "51.0279", "lon": "4.4801", "contactpersoon": "An Peeters", "email": "an@example.be",
    "telefoon": "+32 15 12 34 56", "notities": "Eerste contact\nop de markt", "bereik_m": "1500",
}


def errors_for(categories, **changes) -> list[str]:
    partner, errors = validate_partner({**GOOD, **changes}, categories)
    assert (partner is None) == bool(errors)
    return errors


def test_accepts_good_input(categories):
    partner, errors = validate_partner(GOOD, categories)
    assert errors == []
    assert partner == Partner(
        naam="Chiro Ter Elst", categorie="jeugdbeweging", status="gecontacteerd", organisatie="Chiro",
        straat="Grote Markt", huisnummer="1", postcode="2800", plaats="Mechelen", lat=51.0279, lon=4.4801,
        contactpersoon="An Peeters", email="an@example.be", telefoon="+32 15 12 34 56",
        notities="Eerste contact\nop de markt", bereik_m=1500)
    assert partner.adres == "Grote Markt 1, 2800 Mechelen"
    assert partner.has_location


def test_minimal_input_gets_defaults(categories):
    partner, errors = validate_partner({"naam": "  Wijkcomité  ", "categorie": "buurt", "gemeente_nis": "12025"},
                                       categories)
    assert errors == []
    assert partner.naam == "Wijkcomité"
    assert partner.status == "te contacteren"
    assert partner.lat is None and partner.lon is None and not partner.has_location
    assert partner.bereik_m is None
    assert partner.gemeente_nis == "12025"
    assert partner.adres == ""


@pytest.mark.parametrize("naam", ["", "   ", None])
def test_name_is_required(categories, naam):
    assert errors_for(categories, naam=naam) == [texts.NAAM_VERPLICHT]


def test_unknown_category(categories):
    assert errors_for(categories, categorie="sekte") == [texts.CATEGORIE_ONBEKEND.format(waarde="sekte")]
    assert errors_for(categories, categorie="") == [texts.CATEGORIE_ONBEKEND.format(waarde="")]


def test_unknown_status(categories):
    [error] = errors_for(categories, status="misschien")
    assert error.startswith("Onbekende status 'misschien'")
    assert "te contacteren, gecontacteerd" in error


@pytest.mark.parametrize("email", ["an", "an@", "an@example", "an @example.be", "<a>@b.be", "a@b@c.be"])
def test_bad_email(categories, email):
    assert errors_for(categories, email=email) == [texts.EMAIL_ONGELDIG.format(waarde=email)]


@pytest.mark.parametrize("telefoon", ["bel me", "015 12", "015-12-34-5x", "+32 (0)15"])
def test_bad_phone(categories, telefoon):
    assert errors_for(categories, telefoon=telefoon) == [texts.TELEFOON_ONGELDIG.format(waarde=telefoon)]


@pytest.mark.parametrize("telefoon", ["015 12 34 56", "+32 (0)15/12.34.56", "0471-123456"])
def test_good_phone(categories, telefoon):
    assert errors_for(categories, telefoon=telefoon) == []


@pytest.mark.parametrize("postcode", ["0280", "280", "28000", "B-2800", "abcd"])
def test_bad_postcode(categories, postcode):
    assert errors_for(categories, postcode=postcode) == [texts.POSTCODE_ONGELDIG.format(waarde=postcode)]


@pytest.mark.parametrize("lat,lon", [("51.03", ""), ("", "4.48"), (None, 4.48), (51.03, None)])
def test_half_coordinates(categories, lat, lon):
    assert errors_for(categories, lat=lat, lon=lon) == [texts.COORDINAAT_HALF]


@pytest.mark.parametrize("lat,lon", [("91", "4.48"), ("51", "181"), ("-90.5", "0"), ("nan", "4"), ("inf", "4")])
def test_out_of_range_coordinates(categories, lat, lon):
    [error] = errors_for(categories, lat=lat, lon=lon)
    assert error.startswith("De coördinaten (")
    assert "bestaan niet" in error


def test_coordinates_that_are_not_numbers(categories):
    assert errors_for(categories, lat="noord", lon="4.48") == [texts.COORDINAAT_GEEN_GETAL]
    assert errors_for(categories, lat="51,02,59", lon="4.48") == [texts.COORDINAAT_GEEN_GETAL]


def test_decimal_comma_coordinates(categories):
    partner, errors = validate_partner({**GOOD, "lat": " 51,0259 ", "lon": "4,4776"}, categories)
    assert errors == []
    assert (partner.lat, partner.lon) == (51.0259, 4.4776)


def test_coordinates_are_rounded_to_seven_decimals(categories):
    partner, _ = validate_partner({**GOOD, "lat": 51.123456789, "lon": 4.987654321}, categories)
    assert (partner.lat, partner.lon) == (51.1234568, 4.9876543)


def test_too_long_text(categories):
    assert errors_for(categories, organisatie="x" * MAX_TEXT) == []
    assert errors_for(categories, organisatie="x" * (MAX_TEXT + 1)) == [
        texts.TE_LANG.format(veld="organisatie", max=MAX_TEXT)]
    assert errors_for(categories, notities="x" * MAX_NOTES) == []
    assert errors_for(categories, notities="x" * (MAX_NOTES + 1)) == [
        texts.TE_LANG.format(veld="notities", max=MAX_NOTES)]


@pytest.mark.parametrize("value", ["Chiro\x00", "a\x1bb", "regel\rregel", "\x07"])
def test_control_characters(categories, value):
    assert texts.STUURTEKENS.format(veld="naam") in errors_for(categories, naam=value)


def test_newline_and_tab_allowed_in_notes(categories):
    assert errors_for(categories, notities="regel 1\n\tregel 2") == []


@pytest.mark.parametrize("value,expected", [("1500", 1500), ("250,6", 251), ("", None), ("0", None), (None, None),
                                            (300, 300), ("50000", 50_000)])
def test_reach(categories, value, expected):
    partner, errors = validate_partner({**GOOD, "bereik_m": value}, categories)
    assert errors == []
    assert partner.bereik_m == expected


@pytest.mark.parametrize("value", ["-5", "50001", "ver", "1.500,0"])
def test_bad_reach(categories, value):
    assert errors_for(categories, bereik_m=value) == [texts.BEREIK_ONGELDIG.format(max=50_000)]


def test_several_errors_are_reported_together(categories):
    errors = errors_for(categories, naam="", categorie="x", email="y", postcode="1")
    assert len(errors) == 4


def test_editing_keeps_identity(categories):
    base = Partner(naam="Oud", categorie="buurt", id="abc", versie=3, aangemaakt="2026-01-01T00:00:00+00:00",
                   gewijzigd="2026-01-02T00:00:00+00:00", gemeente_nis="12025", demo=True)
    partner, errors = validate_partner({"naam": "Nieuw", "categorie": "school"}, categories, base=base)
    assert errors == []
    assert (partner.id, partner.versie, partner.aangemaakt, partner.demo) == ("abc", 3, base.aangemaakt, True)
    assert (partner.naam, partner.categorie, partner.gemeente_nis) == ("Nieuw", "school", "12025")


# Values as the importer and other callers hand them over: good ones, edge cases, wrong types.
ANY_VALUE = st.one_of(
    st.none(),
    st.sampled_from(["", "  ", "Chiro Ter Elst", " jeugdbeweging ", "sekte", "gecontacteerd", "te contacteren ",
                     "misschien", "an@example.be", "an@", "+32 15 12 34 56", "12345", "٠١٢٣٤٥٦", "2800", "28OO",
                     "0800", "1500", "250,6", "-5", "ver", "cirkel", "gemeente", "wijken:12025A00-, 12025A01-",
                     "wijken:", "x" * MAX_TEXT, "x" * (MAX_TEXT + 1), "y" * (MAX_NOTES + 1), "a\x1bb", "regel\rregel",
                     "regel 1\n\tregel 2", "12025", "51,0259", "nan", "123456", "12 34 5", "(015) 12.34.56",
                     "+32-1", "١٢٣٤٥٦٧"]),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-200, max_value=200),
    st.integers(min_value=-10, max_value=60_000),
    st.booleans(),
)
# A good row; each row of a case changes a few of its values, and a case can leave columns out.
BASE = {**GOOD, "lat": 51.02791234567, "lon": 4.48012345678, "bediend_gebied": "cirkel", "gemeente_nis": "12025",
        "demo": False}
ROWS = st.lists(st.dictionaries(st.sampled_from(sorted(BASE)), ANY_VALUE, max_size=2), max_size=6)


@settings(max_examples=400, deadline=None)
@given(ROWS, st.sets(st.sampled_from(sorted(BASE))), st.sampled_from(["", "12025A00-"]))
def test_validate_partners_is_validate_partner_per_row(changes, left_out, wijk_code):
    count, categories = len(changes), load_categories()
    rows = [{**BASE, **change} for change in changes]
    columns = {name: [row[name] for row in rows] for name in BASE if name not in left_out}
    partners, refused = validate_partners(columns, count, categories, wijk_codes=[wijk_code] * count)
    for index in range(count):
        data = {name: values[index] for name, values in columns.items() if values[index] is not None}
        partner, errors = validate_partner(data, categories, wijk_code=wijk_code)
        assert (partners[index], refused.get(index, [])) == (partner, errors)
        if partner is not None:
            assert vars(partners[index]) == vars(partner)  # the same object, field by field


def test_validate_partners_takes_a_clean_file_without_errors(categories):
    columns = {"naam": ["Chiro Ter Elst", "KSA Walem"], "categorie": ["jeugdbeweging"] * 2,
               "email": ["an@example.be", ""], "telefoon": ["+32 15 12 34 56", ""], "postcode": ["2800", ""],
               "lat": [51.123456789, None], "lon": [4.987654321, None], "gemeente_nis": ["12025", "12025"]}
    partners, refused = validate_partners(columns, 2, categories, wijk_codes=["12025A00-", ""])
    assert refused == {}
    assert partners[0] == validate_partner({k: v[0] for k, v in columns.items()}, categories, wijk_code="12025A00-")[0]
    assert (partners[0].lat, partners[0].lon, partners[0].wijk_code) == (51.1234568, 4.9876543, "12025A00-")
    assert (partners[1].lat, partners[1].naam, partners[1].status) == (None, "KSA Walem", "te contacteren")


def test_parse_number():
    assert parse_number("4,4776") == 4.4776
    assert parse_number(" 51.02 ") == 51.02
    assert parse_number("1\u00a0000") == 1000.0
    assert parse_number("") is None
    assert parse_number(float("nan")) is None
    with pytest.raises(ValueError):
        parse_number("4,4,7")


def test_place_partner_derives_gemeente_and_wijk(boundaries, categories):
    draft, _ = validate_partner({**GOOD, "gemeente_nis": "11050"}, categories)  # typed municipality is ignored
    placed, errors = place_partner(draft, boundaries)
    assert errors == []
    assert (placed.gemeente_nis, placed.wijk_code) == ("12025", "12025W03")
    assert placed.naam == draft.naam


def test_place_partner_in_wijnegem(boundaries, categories):
    draft, _ = validate_partner({**GOOD, "lat": "51,2283", "lon": "4,5177"}, categories)
    placed, errors = place_partner(draft, boundaries)
    assert errors == []
    assert placed.gemeente_nis == "11050"
    assert placed.wijk_code.startswith("11050W")


def test_place_partner_refuses_point_outside_flanders(boundaries, categories):
    draft, _ = validate_partner({**GOOD, "lat": "48.8566", "lon": "2.3522"}, categories)  # Paris
    placed, errors = place_partner(draft, boundaries)
    assert placed is None
    assert errors == [texts.BUITEN_GEBIED.format(lat=48.8566, lon=2.3522)]
    assert "buiten Vlaanderen en Brussel" in errors[0]


def test_place_partner_without_location_keeps_gemeente(boundaries, categories):
    draft, _ = validate_partner({"naam": "Gezinsbond", "categorie": "ledenorganisatie", "gemeente_nis": "11050"},
                                categories)
    placed, errors = place_partner(draft.with_changes(wijk_code="12025W01"), boundaries)
    assert errors == []
    assert (placed.gemeente_nis, placed.wijk_code) == ("11050", "")


def test_place_partner_needs_gemeente_or_location(boundaries, categories):
    draft, _ = validate_partner({"naam": "Gezinsbond", "categorie": "ledenorganisatie"}, categories)
    assert place_partner(draft, boundaries) == (None, [texts.GEMEENTE_OF_LOCATIE_NODIG])


def test_public_dict_drops_private_fields(categories):
    partner, _ = validate_partner(GOOD, categories)
    public = partner.public_dict()
    assert set(PRIVATE_FIELDS) == {"contactpersoon", "email", "telefoon", "notities"}
    assert not set(PRIVATE_FIELDS) & set(public)
    assert "an@example.be" not in repr(public) and "An Peeters" not in repr(public)
    assert public["naam"] == "Chiro Ter Elst" and public["lat"] == 51.0279
    assert set(public) | set(PRIVATE_FIELDS) == set(partner.to_dict())


def test_validate_partners_takes_the_importers_float_arrays_for_coordinates(categories):
    lats = np.array([51.02635, np.nan, 91.0, np.nan])
    lons = np.array([4.47663, np.nan, 4.4, 4.4])
    columns = {"naam": ["A", "B", "C", "D"], "categorie": ["jeugdbeweging"] * 4, "gemeente_nis": ["12025"] * 4,
               "lat": lats, "lon": lons}

    partners, refused = validate_partners(columns, 4, categories)

    assert (partners[0].lat, partners[0].lon) == (51.02635, 4.47663)
    assert (partners[1].lat, partners[1].lon) == (None, None)  # NaN: no location
    assert partners[2] is None and partners[3] is None and set(refused) == {2, 3}
    expected = [validate_partner({name: values[i] for name, values in columns.items()}, categories)[1]
                for i in (2, 3)]
    assert [refused[2], refused[3]] == expected
