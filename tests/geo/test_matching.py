"""Recognising category and status in free text."""

from __future__ import annotations

import pytest

from geo.categories import Category
from geo.matching import (
    CategoryMatch, _match_category, _match_status, match_categories, match_category, match_status, match_statuses,
)
from geo.partners import STATUSES


@pytest.mark.parametrize(("text", "code", "method"), [
    ("natuur_milieu", "natuur_milieu", "code"),
    ("NATUUR_MILIEU", "natuur_milieu", "code"),
    ("andere", "andere", "code"),
    ("Jeugdbeweging", "jeugdbeweging", "code"),  # code and label alike: the code wins
    ("Natuur- en milieuvereniging", "natuur_milieu", "label"),
    ("School of oudercomité", "school", "label"),
    ("Chiro", "jeugdbeweging", "alias"),
    ("KSA", "jeugdbeweging", "alias"),
    ("Scouts", "jeugdbeweging", "alias"),
    ("oudercomite", "school", "alias"),
    ("Burgercoöperatie", "deelinitiatief", "alias"),
    ("GO!", "school", "alias"),
    ("Wijkcomité", "buurt", "alias"),
])
def test_exact_code_label_or_alias(categories, text, code, method):
    assert match_category(text, categories) == CategoryMatch(code, 100.0, method, False)


@pytest.mark.parametrize(("text", "code"), [
    ("Natuurpunt Mechelen", "natuur_milieu"),
    ("Chiro Sint-Jan", "jeugdbeweging"),
    ("KSA Sint-Pieter", "jeugdbeweging"),
    ("Scouts en Gidsen Vlaanderen - Sint-Rombout", "jeugdbeweging"),
    ("Scouts Mechelen", "jeugdbeweging"),
    ("Basisschool Sint-Jan", "school"),
    ("Oxfam-Wereldwinkel Mechelen", "natuur_milieu"),
    ("Wijkcomité Nekkerspoel", "buurt"),
    ("Voetbalclub KV Mechelen", "eigen_vereniging"),
    ("OKRA Walem", "ledenorganisatie"),
])
def test_alias_inside_the_text(categories, text, code):
    match = match_category(text, categories)
    assert (match.code, match.method, match.needs_confirmation) == (code, "alias", False)


def test_text_naming_several_categories_is_flagged_unless_it_starts_with_one(categories):
    match = match_category("De Chiro van Sint-Jan", categories)
    assert (match.code, match.method, match.needs_confirmation) == ("jeugdbeweging", "alias", True)


@pytest.mark.parametrize(("text", "code"), [
    ("Natuurpnt", "natuur_milieu"),
    ("Jeugbeweging", "jeugdbeweging"),
    ("Fietsersbnd", "mobiliteit"),
    ("dienstencentrm", "buurt"),
])
def test_typos_match_fuzzily_and_ask_for_confirmation(categories, text, code):
    match = match_category(text, categories)
    assert (match.code, match.method, match.needs_confirmation) == (code, "fuzzy", True)
    assert 85 <= match.score < 100


@pytest.mark.parametrize("text", ["Xyzzy vzw", "Schaakkring De Toren", "??", "<script>alert(1)</script>",
                                  "=HYPERLINK(\"x\")"])
def test_unknown_becomes_andere_and_is_flagged(categories, text):
    assert match_category(text, categories) == CategoryMatch("andere", 0.0, "onbekend", True)


def test_blank_is_andere_without_a_flag(categories):
    for text in ("", "   ", None):
        assert match_category(text, categories) == CategoryMatch("andere", 0.0, "onbekend", False)


def test_short_aliases_are_not_matched_fuzzily(categories):
    # "GO!" and "club" are whole-word aliases only: a golf club is not a school.
    assert match_category("Golfclub", categories).code != "school"


def test_the_given_categories_are_used():
    own = {
        "sport": Category("sport", "Sportclub", "#000000", 1000, "cirkel", ("voetbal", "tennisclub")),
        "overig": Category("overig", "Overig", "#ffffff", 1000, "cirkel", ()),
    }
    assert match_category("Tennisclub Muizen", own) == CategoryMatch("sport", 90.0, "alias", False)
    assert match_category("Chiro", own) == CategoryMatch("overig", 0.0, "onbekend", True)  # no 'andere' here
    changed = {**own, "sport": Category("sport", "Sportclub", "#000000", 1000, "cirkel", ("chiro",))}
    assert match_category("Chiro", changed).code == "sport"


def test_many_rows_cost_one_match_per_distinct_text(categories):
    distinct = [f"Chiro {i}" for i in range(19)] + ["Natuurpunt"]
    column = [distinct[i % 20] for i in range(100_000)]
    _match_category.cache_clear()
    matches = [match_category(text, categories) for text in column]
    assert _match_category.cache_info().misses == 20
    assert matches[0].code == "jeugdbeweging" and matches[19].code == "natuur_milieu"
    assert match_categories(column, categories) == matches
    _match_status.cache_clear()
    statuses = match_statuses(["gemaild", "", "nee"] * 30_000)
    assert statuses[:3] == [("gecontacteerd", False), ("te contacteren", False), ("haakt af", False)]
    assert _match_status.cache_info().misses == 3


# Status -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", STATUSES)
def test_the_statuses_themselves(status):
    assert match_status(status) == (status, False)
    assert match_status(status.upper() + " ") == (status, False)


@pytest.mark.parametrize(("text", "status"), [
    ("", "te contacteren"), ("nog te contacteren", "te contacteren"), ("todo", "te contacteren"),
    ("TODO", "te contacteren"), ("nieuw", "te contacteren"), ("Nog niet gecontacteerd", "te contacteren"),
    ("à contacter", "te contacteren"),
    ("gemaild", "gecontacteerd"), ("contact opgenomen", "gecontacteerd"), ("contacted", "gecontacteerd"),
    ("Gemaild op 3/5, wacht op antwoord", "gecontacteerd"), ("contacté", "gecontacteerd"),
    ("deelt info", "communiceert mee"), ("communiceert", "communiceert mee"),
    ("helpt communiceren", "communiceert mee"),
    ("co-organisator", "zet zich mee in"), ("engaged", "zet zich mee in"), ("doet mee", "zet zich mee in"),
    ("partner", "zet zich mee in"), ("Partner sinds 2023", "zet zich mee in"),
    ("geen interesse", "haakt af"), ("nee", "haakt af"), ("afgehaakt", "haakt af"), ("stopt", "haakt af"),
    ("Geen interesse meer", "haakt af"), ("doet niet mee", "haakt af"),
])
def test_free_text_statuses(text, status):
    assert match_status(text) == (status, False)


def test_status_typos_are_flagged():
    assert match_status("gecontacterd") == ("gecontacteerd", True)
    assert match_status("communiceer mee") == ("communiceert mee", True)


def test_status_naming_two_statuses_is_flagged():
    assert match_status("communiceert niet") == ("communiceert mee", True)


@pytest.mark.parametrize("text", ["banaan", "??", "42", "<b>ja</b>?"])
def test_unknown_status(text):
    assert match_status(text) == (None, True)
