"""Read-only share links: ``…/?gemeente=<nis>&deel=<token>`` for the mobility council.

A token is 256 random bits (URL-safe text); the store keeps only its SHA-256. A link
grants read-only access to one municipality until it expires (end of the chosen day,
Belgian time) or is revoked. The page "Delen" and ``python -m geo deellink …`` call
these functions.
"""

from __future__ import annotations

import re
import urllib.parse
from datetime import date, datetime
from zoneinfo import ZoneInfo

from geo import texts
from geo.accounts import new_token, token_hash
from geo.store.records import ShareLinkRecord

TIMEZONE = ZoneInfo("Europe/Brussels")
SHARE_PARAM = "deel"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
MAX_DESCRIPTION = 200


class ShareLinkError(ValueError):
    """A share link that does not (or no longer) give access; the message is Dutch."""


def create_link(store, gemeente_nis: str, door: str, verloopt: date | None = None, omschrijving: str = "",
                today: date | None = None) -> tuple[ShareLinkRecord, str]:
    """Make a share link for ``gemeente_nis``; returns the stored link and the token (shown once)."""
    today = today or belgian_today()
    if verloopt is not None and verloopt < today:
        raise ShareLinkError(texts.DEELLINK_VERLOOPT_IN_VERLEDEN.format(datum=verloopt.isoformat()))
    description = " ".join((omschrijving or "").split())
    if len(description) > MAX_DESCRIPTION:
        raise ShareLinkError(texts.DEELLINK_OMSCHRIJVING_TE_LANG.format(maximum=MAX_DESCRIPTION))
    token = new_token()
    link = store.share_add(ShareLinkRecord(token_hash=token_hash(token), gemeente_nis=gemeente_nis,
                                           omschrijving=description, aangemaakt_door=door,
                                           verloopt=verloopt.isoformat() if verloopt else None))
    return link, token


def link_url(base_url: str, gemeente_nis: str, token: str, page: str = "") -> str:
    """The address to share: ``<base>/<page>?gemeente=<nis>&deel=<token>``."""
    base = base_url.rstrip("/")
    path = f"{base}/{page}" if page else f"{base}/"
    return f"{path}?{urllib.parse.urlencode({'gemeente': gemeente_nis, SHARE_PARAM: token})}"


def check_token(store, token: str, gemeente_nis: str | None = None, today: date | None = None) -> ShareLinkRecord:
    """The share link ``token`` belongs to, if it still gives access (else :class:`ShareLinkError`).

    With ``gemeente_nis`` (the municipality the URL asks for), a link of another
    municipality is refused too.
    """
    if not token or not _TOKEN.match(token):
        raise ShareLinkError(texts.DEELLINK_ONGELDIG)
    link = store.share_get(token_hash(token))
    if link is None:
        raise ShareLinkError(texts.DEELLINK_ONGELDIG)
    if link.ingetrokken:
        raise ShareLinkError(texts.DEELLINK_INGETROKKEN)
    if is_expired(link, today):
        raise ShareLinkError(texts.DEELLINK_VERLOPEN.format(datum=link.verloopt))
    if gemeente_nis and gemeente_nis != link.gemeente_nis:
        raise ShareLinkError(texts.DEELLINK_ANDERE_GEMEENTE)
    return link


def is_expired(link: ShareLinkRecord, today: date | None = None) -> bool:
    """True after the last day of a link that has an end date."""
    return bool(link.verloopt) and date.fromisoformat(link.verloopt[:10]) < (today or belgian_today())


def link_state(link: ShareLinkRecord, today: date | None = None) -> str:
    """``actief``, ``verlopen`` or ``ingetrokken`` (for lists)."""
    if link.ingetrokken:
        return "ingetrokken"
    return "verlopen" if is_expired(link, today) else "actief"


def parse_expiry(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (or nothing) as a date; :class:`ShareLinkError` otherwise."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ShareLinkError(texts.DEELLINK_DATUM_ONGELDIG.format(waarde=text)) from None


def revoke_link(store, link_id: int, allowed_gemeenten=None) -> ShareLinkRecord:
    """Revoke link ``link_id``; with ``allowed_gemeenten``, only a link of those municipalities."""
    if allowed_gemeenten is not None:
        link = next((x for x in store.share_list(allowed_gemeenten) if x.id == link_id), None)
        if link is None:
            raise ShareLinkError(texts.DEELLINK_ONBEKEND.format(id=link_id))
    return store.share_revoke(link_id)


def belgian_today() -> date:
    return datetime.now(TIMEZONE).date()
