"""Storage of partners behind one repository interface.

Pages, the CLI and the domain code talk to a :class:`PartnerStore`; which database
sits behind it is decided in one place, :func:`open_store`, from ``PARTNERKAART_DB``:
an SQLite file (:mod:`geo.store.sqlite`, the default) or PostgreSQL with PostGIS
(:mod:`geo.store.postgis`). Only this package talks to a database.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from geo.partners import Partner
from geo.store.errors import ConcurrentEditError, StoreError
from geo.store.records import ImportRun


class PartnerStore(Protocol):
    """What every store offers. All writes are atomic: all or nothing."""

    def list_partners(self, gemeente_nis: str | None = None) -> list[Partner]: ...

    def get_partner(self, partner_id: str) -> Partner | None: ...

    def add_partner(self, partner: Partner) -> Partner: ...

    def add_partners(self, partners: Iterable[Partner]) -> list[Partner]: ...

    def update_partner(self, partner: Partner) -> Partner: ...

    def delete_partner(self, partner_id: str) -> None: ...

    def count_partners(self, gemeente_nis: str | None = None) -> int: ...

    def load_demo(self, partners: Iterable[Partner], force: bool = False) -> int: ...

    def remove_demo(self) -> int: ...

    def has_demo(self) -> bool: ...

    def data_version(self) -> int: ...

    def schema_version(self) -> int: ...

    def apply_import(self, run: ImportRun, added: list[Partner], updated: list[Partner], deleted: list[str]) -> ImportRun: ...

    def undo_import(self, import_id: int) -> ImportRun: ...

    def list_imports(self, gemeente_nis: str | None = None) -> list[ImportRun]: ...

    def geocode_get(self, provider: str, query: str) -> str | None: ...

    def geocode_put(self, provider: str, query: str, answer: str) -> None: ...

    def setting_get(self, key: str) -> str | None: ...

    def setting_put(self, key: str, value: str) -> None: ...

    def mapping_get(self, columns_key: str) -> str | None: ...

    def mapping_put(self, columns_key: str, mapping: str) -> None: ...

    def close(self) -> None: ...


def open_store(url: str) -> PartnerStore:
    """Open (and migrate) the store named by ``url``.

    ``postgresql://user:password@host:5432/db`` (or ``postgres://…``) opens PostgreSQL with
    PostGIS, for several app replicas on one database; anything else is an SQLite file (a
    path, or ``sqlite:///path``), the default.

    >>> store = open_store(":memory:")
    >>> store.count_partners()
    0
    """
    if url.startswith(("postgresql://", "postgres://")):
        from geo.store.postgis import PostgisStore

        return PostgisStore(url)
    from geo.store.sqlite import SQLiteStore

    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    return SQLiteStore(url)


__all__ = ["PartnerStore", "open_store", "StoreError", "ConcurrentEditError", "ImportRun"]
