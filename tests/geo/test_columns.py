"""Recognising partner fields in Dutch, French and English column headers."""

from __future__ import annotations

import pytest

from geo import texts
from geo.columns import ALIASES, AMBIGUOUS_NAME, FIELDS, detect_mapping, mapping_key, normalise_header, validate_mapping
from geo.partners import EDITABLE_FIELDS


@pytest.mark.parametrize(("header", "field"), [
    ("Naam", "naam"), ("Name", "naam"), ("Nom", "naam"), ("Organisatie naam", "naam"), ("Vereniging", "naam"),
    ("Naam van de organisatie", "naam"), ("Categorie", "categorie"), ("Catégorie", "categorie"),
    ("Type", "categorie"), ("Soort", "categorie"), ("Category", "categorie"), ("Straat", "straat"),
    ("Street", "straat"), ("Rue", "straat"), ("Straatnaam", "straat"), ("Straat + nr", "straat"),
    ("Nr", "huisnummer"), ("Nr.", "huisnummer"), ("Huisnummer", "huisnummer"), ("Number", "huisnummer"),
    ("Numéro", "huisnummer"), ("No", "huisnummer"), ("N°", "huisnummer"), ("Postcode", "postcode"),
    ("ZIP", "postcode"), ("Code postal", "postcode"), ("Postal code", "postcode"), ("Gemeente", "plaats"),
    ("Stad", "plaats"), ("Plaats", "plaats"), ("City", "plaats"), ("Commune", "plaats"), ("Ville", "plaats"),
    ("Woonplaats", "plaats"), ("lat", "lat"), ("Breedtegraad", "lat"), ("Latitude", "lat"),
    ("lat_wgs84", "lat"), ("LAT (WGS84)", "lat"), ("lon", "lon"), ("lng", "lon"), ("Long", "lon"),
    ("Lengtegraad", "lon"), ("Longitude", "lon"), ("X", "x"), ("x_lambert", "x"), ("Lambert X", "x"),
    ("Y", "y"), ("Y Lambert 72", "y"), ("E-mail", "email"), ("email", "email"), ("Mail", "email"),
    ("Courriel", "email"), ("E-mailadres", "email"), ("Telefoon", "telefoon"), ("Tel.", "telefoon"),
    ("GSM", "telefoon"), ("Phone", "telefoon"), ("Téléphone", "telefoon"), ("Contactpersoon", "contactpersoon"),
    ("Contact", "contactpersoon"), ("Contactpersoon naam", "contactpersoon"),
    ("Personne de contact", "contactpersoon"), ("Status", "status"), ("Stand", "status"),
    ("Engagement", "status"), ("Bereik", "bereik_m"), ("Straal", "bereik_m"), ("Radius", "bereik_m"),
    ("bereik_m", "bereik_m"), ("Straal (m)", "bereik_m"), ("id", "id"), ("Identifier", "id"), ("Code", "id"),
    ("Koepel", "organisatie"), ("Federatie", "organisatie"), ("Fédération", "organisatie"),
    ("Umbrella", "organisatie"), ("Notities", "notities"), ("Opmerkingen", "notities"), ("Notes", "notities"),
    ("Remarques", "notities"), ("Adres", "adres"), ("Adresse", "adres"), ("Organisatie", "naam"),
])
def test_single_header_is_recognised(header, field):
    assert detect_mapping([header]) == {header: field}


@pytest.mark.parametrize(("header", "field"), [
    ("Naam contactpersoon", "contactpersoon"), ("E-mail contactpersoon", "email"), ("Telefoon (gsm)", "telefoon"),
    ("Contact e-mail", "email"), ("Type organisatie", "categorie"), ("Postcode gemeente", "postcode"),
    ("Opmerkingen intern", "notities"), ("Telefon", "telefoon"), ("Postcod", "postcode"),
])
def test_headers_that_contain_or_misspell_an_alias(header, field):
    assert detect_mapping([header]) == {header: field}


def test_unknown_headers_map_to_nothing():
    assert detect_mapping(["Lievelingskleur", "", "kolom_3", "???"]) == {
        "Lievelingskleur": None, "": None, "kolom_3": None, "???": None}


def test_organisatie_is_the_name_or_the_umbrella():
    assert detect_mapping(["organisatie", "straat"]) == {"organisatie": "naam", "straat": "straat"}
    assert detect_mapping(["Naam", "Organisatie"]) == {"Naam": "naam", "Organisatie": "organisatie"}
    assert detect_mapping(["Organisatie", "Naam"]) == {"Organisatie": "organisatie", "Naam": "naam"}
    # An umbrella column to the left must not keep "organisatie" from being the name.
    assert detect_mapping(["Koepel", "Organisatie"]) == {"Koepel": "organisatie", "Organisatie": "naam"}
    assert detect_mapping(["Koepel", "Vereniging"]) == {"Koepel": "organisatie", "Vereniging": "naam"}


def test_each_field_is_used_once_exact_matches_first():
    mapping = detect_mapping(["Contactpersoon (vzw)", "Contactpersoon", "Naam", "Name"])
    assert mapping == {"Contactpersoon (vzw)": None, "Contactpersoon": "contactpersoon", "Naam": "naam",
                       "Name": None}
    assert detect_mapping(["naam", "naam_2"]) == {"naam": "naam", "naam_2": None}


def test_realistic_headers_in_three_languages():
    assert detect_mapping(["Nom de l'organisation", "Catégorie", "Rue", "Numéro", "Code postal", "Commune",
                           "Personne de contact", "Courriel", "Téléphone", "Remarques"]) == {
        "Nom de l'organisation": "naam", "Catégorie": "categorie", "Rue": "straat", "Numéro": "huisnummer",
        "Code postal": "postcode", "Commune": "plaats", "Personne de contact": "contactpersoon",
        "Courriel": "email", "Téléphone": "telefoon", "Remarques": "notities"}
    assert detect_mapping(["Organization name", "Umbrella", "Street", "Number", "Zip code", "City",
                           "Latitude", "Longitude", "Contact person", "Phone", "Status", "Radius"]) == {
        "Organization name": "naam", "Umbrella": "organisatie", "Street": "straat", "Number": "huisnummer",
        "Zip code": "postcode", "City": "plaats", "Latitude": "lat", "Longitude": "lon",
        "Contact person": "contactpersoon", "Phone": "telefoon", "Status": "status", "Radius": "bereik_m"}
    assert detect_mapping(["id", "naam", "x_lambert", "y_lambert", "soort", "koepel", "stand", "straal (m)"]) == {
        "id": "id", "naam": "naam", "x_lambert": "x", "y_lambert": "y", "soort": "categorie",
        "koepel": "organisatie", "stand": "status", "straal (m)": "bereik_m"}


def test_every_field_has_aliases_and_maps_to_the_partner_model():
    assert set(ALIASES) == set(FIELDS)
    assert set(FIELDS) - {"id", "x", "y", "adres"} <= set(EDITABLE_FIELDS)
    assert set(texts.IMPORT_VELDEN) == set(FIELDS)
    for field, aliases in ALIASES.items():
        for alias in aliases:  # every alias leads back to its own field
            expected = "naam" if normalise_header(alias) in AMBIGUOUS_NAME else field
            assert detect_mapping([alias]) == {alias: expected}, (field, alias)


def test_normalise_header():
    assert normalise_header("  Straal (m) ") == "straal m"
    assert normalise_header("Catégorie") == "categorie"
    assert normalise_header("E-MAIL") == "e mail"
    assert normalise_header("lat_wgs84") == "lat wgs84"
    assert normalise_header("N°") == "n"


def test_mapping_key_is_stable_across_spelling():
    assert mapping_key(["Naam", "E-mail", "Straal (m)"]) == mapping_key([" naam", "e_mail", "STRAAL  m"])
    assert mapping_key(["Naam", "E-mail"]) == "naam|e mail"
    assert mapping_key(["Naam", "E-mail"]) != mapping_key(["E-mail", "Naam"])
    assert mapping_key(["naam", "plaats"]) != mapping_key(["naam plaats"])


def test_validate_mapping():
    assert validate_mapping({"Naam": "naam", "Lat": "lat", "Lon": "lon", "Extra": None}) == []
    assert validate_mapping({"Naam": "naam", "X": "x", "Y": "y"}) == []
    assert validate_mapping({"Plaats": "plaats"}) == [texts.KOLOM_GEEN_NAAM]
    assert validate_mapping({"Naam": "naam", "Lat": "lat"}) == [texts.KOLOM_LATLON_HALF]
    assert validate_mapping({"Naam": "naam", "Lon": "lon"}) == [texts.KOLOM_LATLON_HALF]
    assert validate_mapping({"Naam": "naam", "Y": "y"}) == [texts.KOLOM_XY_HALF]
    assert validate_mapping({"Naam": "naam", "Naam2": "naam"}) == [
        texts.KOLOM_DUBBEL.format(veld="Naam", kolommen="'Naam', 'Naam2'")]
    assert validate_mapping({"Naam": "naam", "Kleur": "kleur"}) == [
        texts.KOLOM_VELD_ONBEKEND.format(veld="kleur", kolom="Kleur")]
    assert validate_mapping({}) == [texts.KOLOM_GEEN_NAAM]


def test_detected_mappings_are_valid_for_a_typical_file():
    mapping = detect_mapping(["Naam", "Soort", "Straat", "Nr", "Postcode", "Gemeente", "Lat", "Lon", "E-mail"])
    assert validate_mapping(mapping) == []
    assert list(mapping.values()) == ["naam", "categorie", "straat", "huisnummer", "postcode", "plaats", "lat",
                                      "lon", "email"]
