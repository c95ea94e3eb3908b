"""Which addresses a URL layer may be fetched from: the host resolved within the deadline, every address checked.

A beheerder's URL must not become a way to reach what only the server can reach: its
own ports (loopback), the intranet (private ranges), a cloud's metadata service
(169.254.169.254, link-local). :func:`checked_addresses` resolves the host itself
(``socket.getaddrinfo`` in a thread, waited for until the fetch's deadline) and refuses it
when *any* address is loopback, private, link-local, multicast, reserved, unspecified or
otherwise not globally reachable, in IPv4 and IPv6; an IPv4 address inside an IPv6 one
(mapped ``::ffff:a.b.c.d``, 6to4, Teredo, NAT64) is checked as IPv4 as well. The setting
``lagen_prive_adressen`` allows loopback, private and link-local addresses (a local test
server, an intranet); multicast, reserved and unspecified addresses stay refused.
:mod:`geo.context.fetch` then connects to exactly these addresses.

:class:`FetchError` (a ``ValueError`` with a Dutch message) is every refusal of fetching;
it is defined here, where the first ones are raised, and imported by the fetcher.

>>> address_refusal("169.254.169.254", allow_private=False)
'een link-local adres (zoals de metadata-dienst van een cloudserver)'
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Callable
from urllib.parse import urlsplit

from geo import texts
from geo.uploads.refusals import shown

_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str, int], list[tuple]]
AddressCheck = Callable[[str, bool], "str | None"]


class FetchError(ValueError):
    """A URL could not be fetched (or was refused); the message is Dutch and meant for the user."""


def address_refusal(address: str, allow_private: bool) -> str | None:
    """Why the server may not connect to ``address`` (Dutch, e.g. ``"een privénetwerk"``), or None.

    >>> address_refusal("10.1.2.3", False), address_refusal("10.1.2.3", True)
    ('een privénetwerk', None)
    >>> address_refusal("::ffff:127.0.0.1", False)
    'de server zelf (loopback)'
    >>> address_refusal("93.184.216.34", False) is None
    True
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return texts.OPHALEN_SOORT_ONGELDIG
    for candidate in (*_embedded(ip), ip):
        reason = _refusal(candidate, allow_private)
        if reason:
            return reason
    return None


def checked_addresses(host: str, port: int, url: str, *, allow_private: bool, deadline: float, timeout: float,
                      resolve: Resolver | None = None, check: AddressCheck | None = None) -> list[tuple]:
    """The addresses of ``host`` (``getaddrinfo`` entries), each one checked; refused when any is not allowed.

    The lookup runs in a daemon thread that is waited for until ``deadline``
    (``time.monotonic()``); ``timeout`` is only named in the message. ``resolve`` and
    ``check`` default to ``socket.getaddrinfo`` and :func:`address_refusal`.
    """
    resolve = resolve or _getaddrinfo
    check = check or address_refusal
    entries = _within(deadline, lambda: resolve(host, port), timeout, url)
    if not entries:
        raise FetchError(texts.OPHALEN_NAAM_ONBEKEND.format(host=shown(host), fout=texts.OPHALEN_GEEN_ADRESSEN))
    for entry in entries:
        address = str(entry[4][0])
        reason = check(address, allow_private)
        if reason:
            raise FetchError(texts.OPHALEN_PRIVE.format(host=shown(host), soort=reason, ip=shown(address)))
    return entries


def _getaddrinfo(host: str, port: int) -> list[tuple]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(texts.OPHALEN_NAAM_ONBEKEND.format(host=shown(host), fout=shown(exc))) from exc


def _within(deadline: float, work: Callable[[], list[tuple]], timeout: float, url: str) -> list[tuple]:
    """Run a name lookup in a daemon thread and wait for it at most until the deadline."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:  # noqa: BLE001 - handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="partnerkaart-dns")
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchError(texts.OPHALEN_TIMEOUT.format(url=shown(url), seconden=f"{timeout:g}"))
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, FetchError):
            raise error
        raise FetchError(texts.OPHALEN_NAAM_ONBEKEND.format(host=shown(urlsplit(url).hostname), fout=shown(error)))
    return list(outcome.get("value") or [])


def _embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64)."""
    if ip.version == 4:
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in found if address is not None]


def _refusal(ip, allow_private: bool) -> str | None:
    """Loopback, link-local and private (the setting may allow them) before reserved (never allowed):
    IPv6 counts ``::1`` as reserved too."""
    if ip.is_unspecified:
        return texts.OPHALEN_SOORT_ONBEPAALD
    if ip.is_multicast:
        return texts.OPHALEN_SOORT_MULTICAST
    if ip.is_loopback:
        kind = texts.OPHALEN_SOORT_LOOPBACK
    elif ip.is_link_local:
        kind = texts.OPHALEN_SOORT_LINK_LOCAL
    elif ip.is_reserved:
        return texts.OPHALEN_SOORT_GERESERVEERD
    elif ip.is_private:
        kind = texts.OPHALEN_SOORT_PRIVE
    elif not ip.is_global:
        kind = texts.OPHALEN_SOORT_NIET_OPENBAAR
    else:
        return None
    return None if allow_private else kind
