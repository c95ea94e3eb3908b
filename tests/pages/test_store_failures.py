"""Pages when the store cannot be written: a Dutch message instead of a traceback, nothing written.

The store is really held by another writer for the whole save: on SQLite a second
connection's ``BEGIN EXCLUSIVE`` (the file is locked for writers, readers go on), on
PostGIS a second connection's row lock on ``data_version``, which every write takes first.
The app's store waits its busy/lock timeout (10 s) and then gives up with
``texts.STORE_BEZET``. Each test runs on both backends (``db_url``).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator

import psycopg

from geo import texts
from geo.preferences import load_coverage_settings
from geo.reach import CoverageSettings
from tests.pages.helpers import run, shown

SUBMIT = "FormSubmitter:partner_form-" + texts.UI_BEWAREN
MECHELEN_LAT, MECHELEN_LON = "51,0282", "4,4777"


@contextmanager
def another_writer(db_url: str) -> Iterator[None]:
    """Hold the store's write lock from a second connection until the block ends."""
    if db_url.startswith("postgresql://"):
        with psycopg.connect(db_url) as conn:  # a transaction until rollback
            conn.execute("SELECT version FROM data_version WHERE id = 1 FOR UPDATE")
            try:
                yield
            finally:
                conn.rollback()
        return
    conn = sqlite3.connect(db_url, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_saving_a_partner_while_the_store_is_held_shows_the_dutch_message_and_keeps_the_form(
        partners_page, open_db, db_url):
    at = run(partners_page("12025").button(key="nieuw").click())
    for name, value in dict(naam="Buurtfietsclub Vastgelopen", lat=MECHELEN_LAT, lon=MECHELEN_LON).items():
        at.text_input(key=f"f_{name}").input(value)
    before = [(p.id, p.versie) for p in open_db().list_partners()]
    version = open_db().data_version()

    with another_writer(db_url):
        at = run(at.button(key=SUBMIT).click())

    assert shown(at.error) == [texts.STORE_BEZET]
    assert not at.success
    assert [(p.id, p.versie) for p in open_db().list_partners()] == before
    assert open_db().data_version() == version
    # The form stays open with what was typed, so the user can simply try again.
    assert SUBMIT in [b.key for b in at.button]
    assert at.text_input(key="f_naam").value == "Buurtfietsclub Vastgelopen"

    at = run(at.button(key=SUBMIT).click())
    assert shown(at.success) == [texts.UI_BEWAARD.format(naam="Buurtfietsclub Vastgelopen")]
    assert [p.naam for p in open_db().list_partners() if p.naam == "Buurtfietsclub Vastgelopen"] == [
        "Buurtfietsclub Vastgelopen"]


def test_saving_settings_while_the_store_is_held_shows_the_dutch_message(app, open_db, db_url):
    at = app({"gemeente": "12025"})
    at = run(at.switch_page("pages/instellingen.py"))
    at.number_input(key="straal-jeugdbeweging").set_value(4000)
    version = open_db().data_version()

    with another_writer(db_url):
        at = run(at.button[0].click())

    assert shown(at.error) == [texts.STORE_BEZET]
    assert not at.success
    assert open_db().setting_get("dekking") is None
    assert load_coverage_settings(open_db()) == CoverageSettings()
    assert open_db().data_version() == version
    assert at.number_input(key="straal-jeugdbeweging").value == 4000  # the choice is not lost
