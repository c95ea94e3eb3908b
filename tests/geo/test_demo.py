"""The demo set: valid, placed in Mechelen and Wijnegem, loaded once into an empty store."""

from __future__ import annotations

import csv

import pytest

from geo import demo
from geo.partners import STATUSES, validate_partner


@pytest.fixture(scope="module")
def partners(boundaries):
    return demo.demo_partners(boundaries)


def test_about_forty_partners_in_mechelen_and_wijnegem(partners):
    assert 35 <= len(partners) <= 45
    assert {p.gemeente_nis for p in partners} == set(demo.DEMO_GEMEENTEN) == {"12025", "11050"}
    assert all(p.wijk_code.startswith(p.gemeente_nis) for p in partners)


def test_every_demo_partner_is_valid_and_located(partners, boundaries, categories):
    for p in partners:
        assert p.has_location
        assert boundaries.locate(p.lon, p.lat) == (p.gemeente_nis, p.wijk_code)
        _, errors = validate_partner(p.to_dict(), categories)
        assert errors == [], p.naam


def test_variety(partners, categories):
    assert len({p.categorie for p in partners}) >= 5
    assert len({p.status for p in partners}) >= 3
    assert {p.categorie for p in partners} <= set(categories)
    assert {p.status for p in partners} <= set(STATUSES)
    assert len({p.wijk_code for p in partners}) >= 8  # spread over the wijken


def test_marked_as_demo(partners):
    assert all(p.demo for p in partners)
    assert all("(demo)" in p.naam for p in partners)
    assert len({p.naam for p in partners}) == len(partners)


def test_municipality_in_the_file_matches_the_location(partners):
    with open(demo.DEMO_FILE, newline="", encoding="utf-8") as handle:
        typed = {row["naam"]: row["gemeente_nis"] for row in csv.DictReader(handle)}
    assert {p.naam: p.gemeente_nis for p in partners} == typed


def test_invalid_demo_file_is_refused(boundaries, tmp_path):
    path = tmp_path / "demo.csv"
    path.write_text("naam,categorie,lat,lon\nNergens (demo),buurt,48.8566,2.3522\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Nergens"):
        demo.demo_partners(boundaries, path)


def test_load_demo_into_store(store, boundaries, partners):
    assert demo.load_demo(store, boundaries) == len(partners)
    assert store.count_partners("12025") + store.count_partners("11050") == len(partners)
    assert store.has_demo()
    assert demo.load_demo(store, boundaries, force=True) == 0  # not into a filled store

    store.remove_demo()
    assert demo.load_demo(store, boundaries) == 0  # offered once
    assert demo.load_demo(store, boundaries, force=True) == len(partners)  # the "Demogegevens laden" button
