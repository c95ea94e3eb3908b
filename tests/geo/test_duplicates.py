"""Which rows are the same organisation (geo.duplicates): names, repeats within a file, matches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.duplicates import file_duplicates, find_match, normalise_name, normalise_names
from geo.partners import Partner

CENTRUM = (51.02635, 4.47663)


@given(st.lists(st.text(max_size=12), max_size=8))
def test_normalise_names_gives_what_normalise_name_gives_per_name(names):
    assert normalise_names(names) == [normalise_name(name) for name in names]


def test_normalise_names_with_a_newline_or_accents_in_a_name():
    names = ["Chiro\nSint-Jan", "KSA  Zoniënwoud!", "scouts_en-gidsen", ""]
    assert normalise_names(names) == ["chiro sint jan", "ksa zonienwoud", "scouts en gidsen", ""]


def partner(naam: str, postcode: str = "", point=None, gemeente: str = "12025") -> Partner:
    lat, lon = point or (None, None)
    return Partner(naam=naam, categorie="jeugdbeweging", postcode=postcode, lat=lat, lon=lon, gemeente_nis=gemeente)


def test_a_repeat_needs_the_same_name_and_the_same_place():
    rows = [partner("Chiro Elst", "2800", CENTRUM),  # 0
            partner("chiro elst", "2800"),  # 1: same postcode
            partner("Chiro Elst", "2801", (CENTRUM[0] + 0.0003, CENTRUM[1])),  # 2: 33 m away
            partner("Chiro Elst", "2801", (CENTRUM[0] + 0.01, CENTRUM[1])),  # 3: 1.1 km away, other postcode
            partner("Chiro Elst"),  # 4: no postcode, no location, same municipality as 5
            partner("Chiro Elst", gemeente="11050"),  # 5: another municipality
            None]  # 6: refused row
    names = [normalise_name(p.naam) if p else "" for p in rows]
    cells = {"naam": [p.naam if p else "" for p in rows], "postcode": [p.postcode if p else "" for p in rows]}

    found = {(d.index, d.first): d.differences for d in file_duplicates(rows, names, cells)}

    assert found == {(1, 0): ("naam",), (2, 0): ("postcode",)}


def test_exact_repeats_have_no_differences():
    rows = [partner("Chiro Elst", "2800"), partner("Chiro Elst", "2800")]
    [duplicate] = file_duplicates(rows, ["chiro elst"] * 2, {"naam": ["Chiro Elst"] * 2, "id": ["a", "a"]})
    assert duplicate.exact and (duplicate.index, duplicate.first) == (1, 0)


def test_find_match_by_id_then_name_and_postcode_then_name_within_50_m():
    stored = Partner(naam="Chiro Elst", categorie="jeugdbeweging", postcode="2800", lat=CENTRUM[0], lon=CENTRUM[1],
                     gemeente_nis="12025", id="p1")
    by_id, by_key, by_name = {"p1": stored}, {("chiro elst", "2800"): stored}, {"chiro elst": [stored]}
    near = partner("Chiro Elst", "", (CENTRUM[0] + 0.0002, CENTRUM[1]))
    far = partner("Chiro Elst", "", (CENTRUM[0] + 0.002, CENTRUM[1]))

    assert find_match(partner("Iets anders"), "iets anders", "p1", by_id, by_key, by_name) is stored
    assert find_match(partner("CHIRO elst", "2800"), "chiro elst", "", by_id, by_key, by_name) is stored
    assert find_match(near, "chiro elst", "", by_id, by_key, by_name) is stored
    assert find_match(far, "chiro elst", "", by_id, by_key, by_name) is None
