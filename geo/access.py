"""Who may see and change what: beheerder, organisator (own municipalities), lezer (share link).

Every page asks an :class:`Access` before it shows or changes partners, and hands its
partner lists through :func:`visible_partners`, so private fields never reach a page (or
its HTML, websocket messages and downloads) that may not show them.

>>> council = Access.reader("11050", "deellink 3")
>>> council.can_view("11050"), council.can_view("12025"), council.can_edit("11050")
(True, False, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from geo.partners import PRIVATE_FIELDS, TRUSTED_STATUSES, Partner
from geo.store.records import UserRecord

READER = "lezer"
# Statuses shown to people who may not see the organiser's working list: only organisations
# that agreed to take part appear as partners.
PUBLIC_STATUSES = TRUSTED_STATUSES


@dataclass(frozen=True)
class Access:
    """What one session may do. ``gemeenten`` None means every municipality."""

    rol: str
    wie: str
    gemeenten: frozenset[str] | None
    naam: str = ""

    @classmethod
    def for_user(cls, user: UserRecord) -> "Access":
        codes = None if user.rol == "beheerder" else frozenset(user.gemeenten)
        return cls(rol=user.rol, wie=user.email, gemeenten=codes, naam=user.naam)

    @classmethod
    def reader(cls, gemeente_nis: str, wie: str) -> "Access":
        return cls(rol=READER, wie=wie, gemeenten=frozenset({gemeente_nis}), naam="")

    @property
    def read_only(self) -> bool:
        return self.rol == READER

    @property
    def is_admin(self) -> bool:
        return self.rol == "beheerder"

    @property
    def key(self) -> str:
        """A short text that differs whenever the visible data can differ (for caches)."""
        codes = "*" if self.gemeenten is None else ",".join(sorted(self.gemeenten))
        return f"{self.rol}:{codes}"

    def can_view(self, gemeente_nis: str) -> bool:
        """May this session open the pages of ``gemeente_nis``?"""
        return not self.read_only or gemeente_nis in self.gemeenten

    def can_edit(self, gemeente_nis: str) -> bool:
        """May this session change partners (and see their private fields) in ``gemeente_nis``?"""
        if self.read_only:
            return False
        return self.gemeenten is None or gemeente_nis in self.gemeenten

    def editable(self, codes: Iterable[str]) -> list[str]:
        return [c for c in codes if self.can_edit(c)]


def visible_partners(access: Access, partners: Iterable[Partner]) -> list[Partner]:
    """The partners this session may see, each with only the fields it may see.

    Partners of a municipality the session may edit come whole. Others appear only when
    they agreed to take part (:data:`PUBLIC_STATUSES`), without contact data and notes; a
    read-only session sees nothing outside its own municipality.
    """
    shown = []
    for partner in partners:
        if access.can_edit(partner.gemeente_nis):
            shown.append(partner)
        elif partner.status in PUBLIC_STATUSES and (not access.read_only or partner.gemeente_nis in access.gemeenten):
            shown.append(public_copy(partner))
    return shown


def public_copy(partner: Partner) -> Partner:
    """The partner without contact person, e-mail, phone and notes."""
    return partner.with_changes(**{name: "" for name in PRIVATE_FIELDS})
