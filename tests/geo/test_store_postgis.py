"""What is particular to the PostGIS store: schema and geometry, locks, lost connections, replicas.

The behaviour both stores share is tested in ``test_store.py`` (on both backends). Here:
the migrations on an empty database, the ``geom`` column and its GiST index, a database
held by another connection, a connection killed in the middle of a write, a stopped
server, and two stores (two app replicas) writing at the same time.
"""

from __future__ import annotations

import threading
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

import psycopg
import pytest

from geo import texts
from geo.partners import Partner
from geo.store import ConcurrentEditError, StoreError, open_store
from geo.store.postgis import PostgisStore
from geo.store.rows import migrations

MIGRATIONS = migrations("geo.store.migrations.postgis")


def partner(naam: str = "Chiro Ter Elst", **changes) -> Partner:
    values = dict(naam=naam, categorie="jeugdbeweging", status="gecontacteerd", lat=51.0279, lon=4.4801,
                  gemeente_nis="12025", wijk_code="12025W03", email="leiding@example.be", bereik_m=800)
    return Partner(**{**values, **changes})


def rows(url: str) -> list[tuple]:
    """The partner table as another connection sees it, independent of the store."""
    with psycopg.connect(url) as db:
        return db.execute("SELECT * FROM partner ORDER BY id").fetchall()


@contextmanager
def empty_database(postgis_url: str) -> Iterator[str]:
    """A new database without any table or extension (the store must migrate it)."""
    name = f"leeg_{uuid.uuid4().hex[:12]}"
    admin = postgis_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    try:
        yield postgis_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_an_empty_database_is_migrated_with_postgis(postgis_url):
    with empty_database(postgis_url) as url:
        store = open_store(url)
        try:
            assert isinstance(store, PostgisStore)
            assert store.schema_version() == MIGRATIONS[-1][0]  # the last version (numbers may skip)
            assert store.count_partners() == 0 and store.data_version() == 0
        finally:
            store.close()
        with psycopg.connect(url) as db:
            tables = {r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
            assert {"partner", "data_version", "meta", "schema_migrations", "import_run", "import_change",
                    "geocode_cache", "column_mapping"} <= tables
            assert [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY version")] == [
                name for _, name, _ in MIGRATIONS]
            assert MIGRATIONS[0][1] == "0001_partners.sql"
            assert db.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
            assert db.execute("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'partner' "
                              "AND f_geometry_column = 'geom'").fetchone() == ("POINT", 4326)


def test_replicas_starting_together_migrate_once(postgis_url):
    with empty_database(postgis_url) as url:
        opened: list[PostgisStore] = []
        failures: list[BaseException] = []
        start = threading.Barrier(3)

        def replica() -> None:
            start.wait()
            try:
                opened.append(PostgisStore(url))
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        threads = [threading.Thread(target=replica) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        try:
            assert failures == [] and len(opened) == 3
            assert {store.schema_version() for store in opened} == {MIGRATIONS[-1][0]}
        finally:
            for store in opened:
                store.close()
        with psycopg.connect(url) as db:
            assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_geom_follows_lat_lon_and_has_a_gist_index(store_url):
    store = open_store(store_url)
    try:
        placed = store.add_partner(partner(lat=51.0279, lon=4.4801))
        unplaced = store.add_partner(partner("Zonder locatie", lat=None, lon=None, wijk_code=""))
        with psycopg.connect(store_url) as db:
            def point(partner_id: str):
                return db.execute("SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom) FROM partner WHERE id = %s",
                                  (partner_id,)).fetchone()

            assert point(placed.id) == (4.4801, 51.0279, 4326)
            assert point(unplaced.id) == (None, None, None)
            store.update_partner(placed.with_changes(lat=51.2270, lon=4.5180))
            store.update_partner(unplaced.with_changes(lat=51.0, lon=4.4))
            db.commit()
            assert point(placed.id) == (4.5180, 51.2270, 4326)
            assert point(unplaced.id) == (4.4, 51.0, 4326)

            index = db.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'partner' "
                               "AND indexdef ILIKE '%%USING gist (geom)%%'").fetchall()
            assert len(index) == 1, index
            near = db.execute("SELECT id FROM partner WHERE ST_DWithin(geom::geography, "
                              "ST_SetSRID(ST_MakePoint(4.4, 51.0), 4326)::geography, 100)").fetchall()
            assert near == [(unplaced.id,)]
    finally:
        store.close()


def test_data_survives_reopening(store_url):
    first = PostgisStore(store_url)
    stored = first.add_partner(partner())
    version = first.schema_version()
    first.close()

    again = open_store(store_url)
    try:
        assert again.get_partner(stored.id) == stored
        assert again.schema_version() == version
        assert again.data_version() == 1
    finally:
        again.close()


def test_a_table_locked_by_another_connection_gives_a_dutch_error_and_writes_nothing(store_url):
    store = PostgisStore(store_url, timeout=0.2)
    existing = store.add_partner(partner())
    before = rows(store_url)
    other = psycopg.connect(store_url)
    try:
        other.execute("LOCK TABLE partner IN EXCLUSIVE MODE")  # others may read, nobody may write
        with pytest.raises(StoreError) as caught:
            store.add_partner(partner("Nieuw"))
        assert str(caught.value) == texts.STORE_BEZET
        with pytest.raises(StoreError, match="bezet"):
            store.update_partner(existing.with_changes(naam="Gewijzigd"))
        with pytest.raises(StoreError, match="bezet"):
            store.delete_partner(existing.id)
        assert [p.naam for p in store.list_partners()] == ["Chiro Ter Elst"]  # reading goes on
    finally:
        other.rollback()
        other.close()
    assert rows(store_url) == before
    assert store.data_version() == 1
    store.add_partner(partner("Nieuw"))  # free again
    assert store.count_partners() == 2
    store.close()


def test_a_partner_held_by_another_connection_cannot_be_saved_meanwhile(store_url):
    store = PostgisStore(store_url, timeout=0.2)
    held, free = store.add_partners([partner("Vast"), partner("Vrij")])
    other = psycopg.connect(store_url)
    try:
        other.execute("SELECT * FROM partner WHERE id = %s FOR UPDATE", (held.id,))
        with pytest.raises(StoreError) as caught:
            store.update_partner(held.with_changes(naam="Gewijzigd"))
        assert str(caught.value) == texts.STORE_BEZET
        store.update_partner(free.with_changes(naam="Vrij gewijzigd"))  # other rows are not held
    finally:
        other.rollback()
        other.close()
    assert store.get_partner(held.id).naam == "Vast"
    assert store.get_partner(free.id).naam == "Vrij gewijzigd"
    store.close()


def test_a_connection_lost_in_the_middle_of_a_write_writes_nothing(store_url):
    store = PostgisStore(store_url, timeout=30)
    store.add_partner(partner("Bestaand"))
    before, version = rows(store_url), store.data_version()
    other = psycopg.connect(store_url, autocommit=True)
    outcome: list[BaseException | None] = []
    try:
        other.execute("BEGIN")
        other.execute("SELECT * FROM data_version FOR UPDATE")  # the store's write will wait here

        def write() -> None:
            try:
                store.add_partners([partner("Nieuw 1"), partner("Nieuw 2")])
                outcome.append(None)
            except BaseException as exc:  # noqa: BLE001 - checked below
                outcome.append(exc)

        writer = threading.Thread(target=write)
        writer.start()
        waiting = None
        deadline = time.monotonic() + 20
        while waiting is None and time.monotonic() < deadline:
            waiting = other.execute("SELECT pid FROM pg_stat_activity WHERE application_name = 'partnerkaart' "
                                    "AND wait_event_type = 'Lock'").fetchone()
            time.sleep(0.05)
        assert waiting is not None, "the store's write never waited for the lock"
        other.execute("SELECT pg_terminate_backend(%s)", (waiting[0],))
        writer.join(20)
        other.execute("ROLLBACK")
    finally:
        other.close()

    assert len(outcome) == 1 and isinstance(outcome[0], StoreError), outcome
    assert "viel weg" in str(outcome[0]) and "er is niets gewijzigd" in str(outcome[0])
    assert rows(store_url) == before
    assert store.data_version() == version  # the store connects again by itself
    store.add_partner(partner("Daarna"))
    assert store.count_partners() == 2
    store.close()


def test_a_stopped_server_gives_a_dutch_error_and_the_store_recovers(postgres_cluster):
    postgres_cluster.start()
    postgres_cluster.sql("CREATE DATABASE partnerkaart")
    url = postgres_cluster.url("partnerkaart")
    store = open_store(url)
    stored = store.add_partner(partner())

    postgres_cluster.stop()
    with pytest.raises(StoreError) as caught:
        store.add_partner(partner("Tijdens de onderbreking"))
    assert f"127.0.0.1:{postgres_cluster.port}/partnerkaart" in str(caught.value)
    assert "er is niets gewijzigd" in str(caught.value)
    with pytest.raises(StoreError, match="Er kon geen verbinding gemaakt worden"):
        store.list_partners()
    with pytest.raises(StoreError, match="Er kon geen verbinding gemaakt worden"):
        open_store(url)

    postgres_cluster.start()
    assert store.list_partners() == [stored]  # the same store object works again
    assert store.data_version() == 1
    store.close()


def test_messages_never_show_the_password():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://partnerkaart:geheim-wachtwoord@127.0.0.1:1/partnerkaart")
    assert "127.0.0.1:1/partnerkaart" in str(caught.value)
    assert "geheim" not in str(caught.value)
    assert str(caught.value).startswith("Er kon geen verbinding gemaakt worden met de databankserver")


def test_a_database_without_postgis_rights_says_what_to_do(postgis_url):
    with empty_database(postgis_url) as url:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DROP ROLE IF EXISTS gewone_gebruiker")
            db.execute("CREATE ROLE gewone_gebruiker LOGIN")
            db.execute("GRANT CREATE ON SCHEMA public TO gewone_gebruiker")
        try:
            with pytest.raises(StoreError) as caught:
                open_store(url.replace("postgres@", "gewone_gebruiker@"))
            assert "PostGIS" in str(caught.value) and "CREATE EXTENSION postgis" in str(caught.value)
        finally:
            with psycopg.connect(url, autocommit=True) as db:
                db.execute("REVOKE ALL ON SCHEMA public FROM gewone_gebruiker")
            with psycopg.connect(postgis_url, autocommit=True) as db:
                db.execute("DROP ROLE gewone_gebruiker")


def test_two_replicas_saving_the_same_partner_one_wins(store_url):
    an, bart = PostgisStore(store_url), PostgisStore(store_url)
    try:
        stored = an.add_partner(partner())
        start = threading.Barrier(2)
        results: dict[str, object] = {}

        def save(name: str, store: PostgisStore) -> None:
            start.wait()
            try:
                results[name] = store.update_partner(stored.with_changes(naam=f"Chiro ({name})"))
            except ConcurrentEditError as exc:
                results[name] = exc

        threads = [threading.Thread(target=save, args=(n, s)) for n, s in (("An", an), ("Bart", bart))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

        won = [n for n, r in results.items() if isinstance(r, Partner)]
        lost = [n for n, r in results.items() if isinstance(r, ConcurrentEditError)]
        assert len(won) == 1 and len(lost) == 1, results
        assert bart.get_partner(stored.id).naam == f"Chiro ({won[0]})"
        assert an.get_partner(stored.id).versie == 2
        assert an.data_version() == 2
    finally:
        an.close()
        bart.close()


def test_two_replicas_starting_together_load_the_demo_set_once(store_url):
    stores = [PostgisStore(store_url) for _ in range(3)]
    try:
        start = threading.Barrier(len(stores))
        loaded: list[int] = []

        def load(store: PostgisStore) -> None:
            start.wait()
            loaded.append(store.load_demo([partner(f"Demo {i} (demo)") for i in range(5)]))

        threads = [threading.Thread(target=load, args=(s,)) for s in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(loaded) == [0, 0, 5]
        assert stores[0].count_partners() == 5
    finally:
        for store in stores:
            store.close()


@pytest.fixture
def store_url(postgis_database) -> str:
    return postgis_database
