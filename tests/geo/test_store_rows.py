"""Row handling shared by both stores: the rows of new partners and their ids."""

from __future__ import annotations

import uuid

import pytest

from geo.partners import Partner
from geo.store.rows import COLUMNS, NEW_COLUMNS, column_values, new_ids, new_rows


def test_new_ids_are_what_uuid4_hex_gives():
    ids = new_ids(2000)
    assert len(ids) == len(set(ids)) == 2000
    for value in ids:
        parsed = uuid.UUID(hex=value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)
    assert new_ids(0) == []


@pytest.mark.parametrize("demo_type", [bool, int])
def test_new_rows_hold_the_values_column_values_gives(demo_type):
    partners = [Partner(naam="Chiro Ter Elst", categorie="jeugdbeweging", lat=51.0279, lon=4.4801, gemeente_nis="12025",
                        wijk_code="12025W03", bereik_m=800, demo=True, id="oud", versie=7, aangemaakt="gisteren"),
                Partner(naam="KSA Walem", categorie="jeugdbeweging", notities="regel\nregel", bediend_gebied="cirkel")]
    rows = new_rows(partners, ["a" * 32, "b" * 32], "nu", demo_type)
    assert sorted(NEW_COLUMNS) == sorted(COLUMNS)
    for partner, row, new_id in zip(partners, rows, ["a" * 32, "b" * 32]):
        expected = column_values(partner, demo_type, id=new_id, versie=1, aangemaakt="nu", gewijzigd="nu")
        assert dict(zip(NEW_COLUMNS, row)) == dict(zip(COLUMNS, expected))
        assert type(row[NEW_COLUMNS.index("demo")]) is demo_type
    with pytest.raises(ValueError):
        new_rows(partners, ["a" * 32], "nu")
