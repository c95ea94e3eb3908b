"""SQL both stores share for candidate partners (kandidaten): the kept lists, dismissals, partner sources.

A municipality's list of one source is replaced whole, in one transaction, by a successful
refresh (:meth:`CandidateTables.candidates_replace`); a failed refresh only records its Dutch
reason (:meth:`CandidateTables.candidate_search_failed`), so the last good list stays. Each
write changes the data version (the pages cache on it). A dismissal and its withdrawal are
audit lines (``kandidaat afgewezen``, ``kandidaat teruggezet``).

>>> from geo.store import open_store
>>> from geo.candidates.records import Candidate
>>> store = open_store(":memory:")
>>> _ = store.candidates_replace("12025", "osm", [Candidate("12025", "osm", "node/1", "De Zonnebloem", "school",
...                                                         51.03, 4.48)], "2026-12-06T10:00:00+00:00")
>>> [c.naam for c in store.candidate_list("12025")]
['De Zonnebloem']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from geo import texts
from geo.candidates.records import (CANDIDATE_COLUMNS, CANDIDATE_SOURCE_COLUMNS, DISMISSAL_COLUMNS, OWN,
                                    SEARCH_COLUMNS, Candidate, CandidateSearch, CandidateSource, Dismissal)
from geo.store.errors import NotFoundError
from geo.store.records import AuditEntry
from geo.store.rows import bump
from geo.store.rows import now as _now

SOURCE_COLUMNS = ("partner_id", "bron", "bron_id")
CANDIDATE_TABLE_COLUMNS = {"kandidaat": CANDIDATE_COLUMNS, "kandidaat_zoektocht": SEARCH_COLUMNS,
                           "kandidaat_afwijzing": DISMISSAL_COLUMNS, "partner_bron": SOURCE_COLUMNS,
                           "kandidaat_bron": CANDIDATE_SOURCE_COLUMNS}
DISMISSED, UNDISMISSED = texts.KANDIDAAT_AFGEWEZEN, texts.KANDIDAAT_TERUGGEZET
SOURCE_ADDED, SOURCE_DELETED = texts.KANDIDAATBRON_TOEGEVOEGD, texts.KANDIDAATBRON_VERWIJDERD
_SOURCE_FIELDS = tuple(c for c in CANDIDATE_SOURCE_COLUMNS if c != "id")
_INSERT = (f"INSERT INTO kandidaat ({', '.join(CANDIDATE_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in CANDIDATE_COLUMNS)})")
_PUT_SEARCH = ("INSERT INTO kandidaat_zoektocht (gemeente_nis, bron, opgehaald, aantal, melding) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (gemeente_nis, bron) DO UPDATE SET opgehaald = excluded.opgehaald, "
               "aantal = excluded.aantal, melding = excluded.melding")


class CandidateTables:
    """Mixin for :class:`geo.store.sqlite.SQLiteStore` and :class:`geo.store.postgis.PostgisStore`."""

    # -- reads --------------------------------------------------------------------------

    def candidate_list(self, gemeente_nis: str) -> list[Candidate]:
        """The kept candidates of a municipality (every source), by name."""
        rows = self._select(f"SELECT {', '.join(CANDIDATE_COLUMNS)} FROM kandidaat WHERE gemeente_nis = ? "
                            "ORDER BY naam, bron, bron_id", (gemeente_nis,))
        return [Candidate(**{c: row[c] for c in CANDIDATE_COLUMNS}) for row in rows]

    def candidate_search(self, gemeente_nis: str, bron: str) -> CandidateSearch | None:
        """When the list of ``bron`` for the municipality was fetched, and how the last refresh went."""
        rows = self._select(f"SELECT {', '.join(SEARCH_COLUMNS)} FROM kandidaat_zoektocht "
                            "WHERE gemeente_nis = ? AND bron = ?", (gemeente_nis, bron))
        return CandidateSearch(**{c: rows[0][c] for c in SEARCH_COLUMNS}) if rows else None

    def dismissals(self, gemeente_nis: str | None = None) -> list[Dismissal]:
        """The candidates marked ``geen kandidaat`` (of one municipality, or all), newest first."""
        where, params = ("WHERE gemeente_nis = ? ", (gemeente_nis,)) if gemeente_nis is not None else ("", ())
        rows = self._select(f"SELECT {', '.join(DISMISSAL_COLUMNS)} FROM kandidaat_afwijzing {where}"
                            "ORDER BY tijdstip DESC, naam", params)
        return [Dismissal(**{c: row[c] for c in DISMISSAL_COLUMNS}) for row in rows]

    def partner_sources(self, gemeente_nis: str | None = None) -> dict[tuple[str, str], str]:
        """``(bron, bron_id)`` → partner id, for the partners that exist and came from a candidate."""
        where, params = ("WHERE p.gemeente_nis = ?", (gemeente_nis,)) if gemeente_nis is not None else ("", ())
        rows = self._select("SELECT s.partner_id, s.bron, s.bron_id FROM partner_bron s "
                            f"JOIN partner p ON p.id = s.partner_id {where}", params)
        return {(row["bron"], row["bron_id"]): row["partner_id"] for row in rows}

    def candidate_sources(self) -> list[CandidateSource]:
        """The sources of candidates that beheerders added, by name."""
        rows = self._select(f"SELECT {', '.join(CANDIDATE_SOURCE_COLUMNS)} FROM kandidaat_bron ORDER BY naam, id")
        return [CandidateSource(**{c: row[c] for c in CANDIDATE_SOURCE_COLUMNS}) for row in rows]

    def candidate_source_names(self) -> dict[str, str]:
        """``eigen:<id>`` → the attribution of each added source (for the lists, maps and exports)."""
        return {source.bron: source.attribution for source in self.candidate_sources()}

    # -- writes -------------------------------------------------------------------------

    def candidate_source_add(self, source: CandidateSource, lists: dict[str, Sequence[Candidate]],
                             door: str = "") -> CandidateSource:
        """Store a new source with its candidates (``lists``: per municipality, their ``bron`` set here)."""
        now = _now()
        source = replace(source, aangemaakt=now, opgehaald=source.opgehaald or now, door=door)
        with self._transaction() as cur:
            source_id = int(cur.execute(self._sql(
                f"INSERT INTO kandidaat_bron ({', '.join(_SOURCE_FIELDS)}) "
                f"VALUES ({', '.join('?' for _ in _SOURCE_FIELDS)}) RETURNING id"),
                tuple(getattr(source, c) for c in _SOURCE_FIELDS)).fetchone()["id"])
            stored = replace(source, id=source_id)
            for gemeente_nis, candidates in lists.items():
                self._replace_list(cur, gemeente_nis, stored.bron, [replace(c, bron=stored.bron) for c in candidates],
                                   stored.opgehaald)
            self._audit(cur, [AuditEntry(tijdstip=now, gebruiker=door, actie=SOURCE_ADDED, partner_id=stored.bron,
                                         naam=stored.naam)])
            bump(cur)
        return stored

    def candidate_source_note(self, source_id: int, aantal: int | None, opgehaald: str, melding: str) -> None:
        """Record how the source's last read went (``aantal`` None: unchanged)."""
        with self._transaction() as cur:
            if aantal is None:
                cur.execute(self._sql("UPDATE kandidaat_bron SET melding = ? WHERE id = ?"), (melding, source_id))
            else:
                cur.execute(self._sql("UPDATE kandidaat_bron SET aantal = ?, opgehaald = ?, melding = ? WHERE id = ?"),
                            (aantal, opgehaald, melding, source_id))
            bump(cur)

    def candidate_source_delete(self, source_id: int, door: str = "") -> None:
        """Delete an added source with its candidates and searches (dismissals and partners stay)."""
        bron = f"{OWN}{source_id}"
        with self._transaction() as cur:
            row = cur.execute(self._sql("SELECT naam FROM kandidaat_bron WHERE id = ?"), (source_id,)).fetchone()
            if row is None:
                raise NotFoundError(texts.KANDIDAATBRON_WEG.format(id=source_id))
            cur.execute(self._sql("DELETE FROM kandidaat WHERE bron = ?"), (bron,))
            cur.execute(self._sql("DELETE FROM kandidaat_zoektocht WHERE bron = ?"), (bron,))
            cur.execute(self._sql("DELETE FROM kandidaat_bron WHERE id = ?"), (source_id,))
            self._audit(cur, [AuditEntry(tijdstip=_now(), gebruiker=door, actie=SOURCE_DELETED, partner_id=bron,
                                         naam=row["naam"])])
            bump(cur)

    def candidates_replace(self, gemeente_nis: str, bron: str, candidates: Sequence[Candidate],
                           opgehaald: str) -> CandidateSearch:
        """Replace the municipality's list of ``bron`` with ``candidates`` (a successful refresh)."""
        with self._transaction() as cur:
            search = self._replace_list(cur, gemeente_nis, bron, candidates, opgehaald)
            bump(cur)
        return search

    def _replace_list(self, cur, gemeente_nis: str, bron: str, candidates: Sequence[Candidate],
                      opgehaald: str) -> CandidateSearch:
        unique = {c.bron_id: c for c in candidates if c.bron == bron and c.gemeente_nis == gemeente_nis}
        search = CandidateSearch(gemeente_nis, bron, opgehaald, len(unique), "")
        cur.execute(self._sql("DELETE FROM kandidaat WHERE gemeente_nis = ? AND bron = ?"), (gemeente_nis, bron))
        if unique:
            cur.executemany(self._sql(_INSERT),
                            [tuple(getattr(c, name) for name in CANDIDATE_COLUMNS) for c in unique.values()])
        cur.execute(self._sql(_PUT_SEARCH), tuple(getattr(search, c) for c in SEARCH_COLUMNS))
        return search

    def candidate_search_failed(self, gemeente_nis: str, bron: str, melding: str) -> CandidateSearch | None:
        """Record why a refresh failed; the kept list stays as it was. Returns the search as it now stands."""
        with self._transaction() as cur:
            cur.execute(self._sql(_PUT_SEARCH.replace("opgehaald = excluded.opgehaald, aantal = excluded.aantal, ", "")),
                        (gemeente_nis, bron, "", 0, melding))
            bump(cur)
        return self.candidate_search(gemeente_nis, bron)

    def candidate_dismiss(self, candidate: Candidate, door: str = "") -> Dismissal:
        """Mark a candidate ``geen kandidaat``: it stays hidden, also after a refresh."""
        dismissal = Dismissal(candidate.bron, candidate.bron_id, candidate.gemeente_nis, candidate.naam, door, _now())
        with self._transaction() as cur:
            cur.execute(self._sql(f"INSERT INTO kandidaat_afwijzing ({', '.join(DISMISSAL_COLUMNS)}) VALUES "
                                  f"({', '.join('?' for _ in DISMISSAL_COLUMNS)}) ON CONFLICT (bron, bron_id) DO NOTHING"),
                        tuple(getattr(dismissal, c) for c in DISMISSAL_COLUMNS))
            self._audit(cur, [_entry(DISMISSED, door, dismissal)])
            bump(cur)
        return dismissal

    def candidate_undismiss(self, bron: str, bron_id: str, door: str = "") -> None:
        """Show a dismissed candidate again."""
        with self._transaction() as cur:
            row = cur.execute(self._sql(f"SELECT {', '.join(DISMISSAL_COLUMNS)} FROM kandidaat_afwijzing "
                                        "WHERE bron = ? AND bron_id = ?"), (bron, bron_id)).fetchone()
            if row is None:
                return
            cur.execute(self._sql("DELETE FROM kandidaat_afwijzing WHERE bron = ? AND bron_id = ?"), (bron, bron_id))
            self._audit(cur, [_entry(UNDISMISSED, door, Dismissal(**{c: row[c] for c in DISMISSAL_COLUMNS}))])
            bump(cur)

    def _link_sources(self, cur, partner_ids: Sequence[str], sources: Iterable[tuple[str, str]] | None) -> None:
        """Record where new partners came from (``sources`` parallel to ``partner_ids``; None: nowhere)."""
        if sources is None:
            return
        rows = [(pid, bron, bron_id) for pid, (bron, bron_id) in zip(partner_ids, sources) if bron]
        if rows:
            cur.executemany(self._sql("INSERT INTO partner_bron (partner_id, bron, bron_id) VALUES (?, ?, ?) "
                                      "ON CONFLICT (partner_id) DO UPDATE SET bron = excluded.bron, "
                                      "bron_id = excluded.bron_id"), rows)


def _entry(actie: str, door: str, dismissal: Dismissal) -> AuditEntry:
    return AuditEntry(tijdstip=_now(), gebruiker=door, actie=actie, partner_id=f"{dismissal.bron}:{dismissal.bron_id}",
                      gemeente_nis=dismissal.gemeente_nis, naam=dismissal.naam)
