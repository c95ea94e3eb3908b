"""Fetch a URL layer on the server, safely: http(s) only, public addresses only, bounded in time and size.

A URL layer is fetched by the server, never by the browser, so a beheerder's URL must not
become a way to reach what only the server can reach (its own ports, the intranet, a
cloud's metadata service at 169.254.169.254). :func:`fetch` therefore

1. accepts only ``http``/``https`` URLs with a host;
2. resolves the host itself and refuses it when *any* of its addresses is not public
   (:mod:`geo.context.addresses`: loopback, private, link-local, multicast, reserved,
   unspecified, IPv4 inside IPv6 included), unless the setting ``lagen_prive_adressen``
   allows loopback, private and link-local addresses;
3. connects to exactly the addresses it checked. The standard library's
   :class:`http.client.HTTPConnection` is given the host name (for the ``Host`` header,
   TLS's SNI and certificate check) but its ``connect`` opens the socket to the checked
   address itself, so a second DNS answer (DNS rebinding between check and connect)
   never matters, and no proxy from the environment is used;
4. follows at most :data:`MAX_REDIRECTS` redirects by hand, each new URL checked as in 1-3;
5. stops at the ``lagen_timeout`` deadline (for all hops together, name lookups
   included: every socket wait is set to what is left, and a timer shuts the socket at
   the deadline, so a server that drips bytes cannot outlast it) and past ``lagen_max_mb``
   bytes, whatever ``Content-Length`` claimed; ``gzip``/``deflate`` content is
   decompressed in bounded steps and counted after decompression (a gzip bomb stops at
   the limit); other encodings are refused.

The project pins no HTTP library (``geo/sources.py`` and ``geo/geocode/`` use
``urllib``); ``urllib``'s opener resolves and connects by itself and follows redirects
unchecked, so this module uses ``http.client`` underneath it instead.

Every failure is a :class:`~geo.context.addresses.FetchError` (a ``ValueError``, importable from
here too) with a Dutch message.

>>> fetch("http://127.0.0.1:8501/", FetchOptions())  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geo.context.addresses.FetchError: Het adres '127.0.0.1' leidt naar 127.0.0.1, de server zelf (loopback)...
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urljoin, urlsplit

from geo import texts
from geo.config import GEOCODER_USER_AGENT
from geo.context.addresses import AddressCheck, FetchError, Resolver, address_refusal, checked_addresses
from geo.uploads.refusals import MB, megabytes, shown

MAX_REDIRECTS = 5
MAX_URL_CHARS = 2_000
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}

__all__ = ["MAX_REDIRECTS", "Download", "FetchError", "FetchOptions", "StatusError", "address_refusal", "check_url",
           "fetch"]


class StatusError(FetchError):
    """The server answered with an HTTP status other than 200 (or a redirect); ``status`` says which."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class FetchOptions:
    """How a URL is fetched: the settings ``lagen_timeout``, ``lagen_max_mb``, ``geocoder_user_agent``
    (one identity for the application) and ``lagen_prive_adressen``."""

    timeout: float = 30.0
    max_bytes: int = 50 * MB
    user_agent: str = GEOCODER_USER_AGENT
    allow_private: bool = False

    @classmethod
    def from_settings(cls, settings) -> "FetchOptions":
        return cls(timeout=float(settings.lagen_timeout), max_bytes=int(settings.lagen_max_mb * MB),
                   user_agent=settings.geocoder_user_agent, allow_private=bool(settings.lagen_prive_adressen))


@dataclass(frozen=True)
class Download:
    """A fetched document: the URL asked for, the URL it finally came from, its bytes and content type."""

    url: str
    final_url: str
    data: bytes
    content_type: str = ""


def fetch(url: str, options: FetchOptions, *, resolve: Resolver | None = None,
          check: AddressCheck | None = None, headers: Mapping[str, str] | None = None) -> Download:
    """GET ``url`` within ``options``; the document, or :class:`FetchError` (:class:`StatusError` for an HTTP status).

    ``headers`` are sent as well (a source's key, e.g. ``Ocp-Apim-Subscription-Key``), but only
    to the host, port and scheme of ``url``: a redirect elsewhere does not get them.

    ``resolve(host, port)`` (default ``socket.getaddrinfo`` for TCP) and
    ``check(address, allow_private)`` (default
    :func:`~geo.context.addresses.address_refusal`) exist so that a test can let its own
    server on 127.0.0.1 pass while every other address meets the real check; the
    application never passes them.
    """
    deadline = time.monotonic() + options.timeout
    current = _checked_url(url)
    origin = _origin(urlsplit(current))
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        addresses = _addresses(parts, current, options, deadline, resolve, check)
        extra = dict(headers or {}) if _origin(parts) == origin else {}
        location, data, content_type = _get(current, parts, addresses, options, deadline, extra)
        if location is None:
            return Download(url=url, final_url=current, data=data, content_type=content_type)
        current = _checked_url(urljoin(current, location))
    raise FetchError(texts.OPHALEN_TE_VEEL_DOORVERWIJZINGEN.format(url=shown(url), max=MAX_REDIRECTS))


def check_url(url: str, options: FetchOptions, *, resolve: Resolver | None = None,
              check: AddressCheck | None = None) -> None:
    """Refuse ``url`` as :func:`fetch` would before connecting (scheme, host, addresses); nothing is fetched.

    For a form that checks a URL when it is entered.
    """
    checked = _checked_url(url)
    _addresses(urlsplit(checked), checked, options, time.monotonic() + options.timeout, resolve, check)


def _origin(parts) -> tuple[str, str, int | None]:
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def _addresses(parts, url: str, options: FetchOptions, deadline: float, resolve: Resolver | None,
               check: AddressCheck | None) -> list[tuple]:
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return checked_addresses(parts.hostname, port, url, allow_private=options.allow_private, deadline=deadline,
                             timeout=options.timeout, resolve=resolve, check=check or address_refusal)


# The URL ---------------------------------------------------------------------------------------

def _checked_url(url: str) -> str:
    """The URL stripped, or a refusal: http(s) only, with a host, a valid port and no user name."""
    text = str(url).strip()
    if not text or len(text) > MAX_URL_CHARS or any(c.isspace() or ord(c) < 32 for c in text):
        raise FetchError(texts.OPHALEN_GEEN_ADRES.format(url=shown(text)))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise FetchError(texts.OPHALEN_GEEN_ADRES.format(url=shown(text))) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(texts.OPHALEN_SCHEMA.format(url=shown(text)))
    if not parts.hostname or port == 0:
        raise FetchError(texts.OPHALEN_GEEN_ADRES.format(url=shown(text)))
    if parts.username is not None or parts.password is not None:
        raise FetchError(texts.OPHALEN_GEBRUIKER.format(url=shown(text)))
    return text


# One request -----------------------------------------------------------------------------------

class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to one of the checked addresses; ``host`` only names the server."""

    def __init__(self, host: str, port: int, addresses: list[tuple], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses
        self.pinned: socket.socket | None = None  # kept: http.client drops ``sock`` once the response has it

    def connect(self) -> None:
        self.sock = self.pinned = _connect(self._addresses, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As :class:`_PinnedHTTPConnection`, with TLS: SNI and the certificate check use the host name."""

    def __init__(self, host: str, port: int, addresses: list[tuple], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=_tls_context())
        self._addresses = addresses
        self.pinned: socket.socket | None = None

    def connect(self) -> None:
        sock = _connect(self._addresses, self.timeout)
        try:
            self.sock = self.pinned = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _tls_context() -> ssl.SSLContext:
    """The system's trusted certificate authorities, host names checked (a test gives its own authority)."""
    return ssl.create_default_context()


def _connect(addresses: list[tuple], timeout: float) -> socket.socket:
    """A TCP connection to the first of the checked addresses that answers."""
    last: OSError | None = None
    for family, kind, proto, _, sockaddr in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    raise last or OSError("geen adres")


def _get(url: str, parts, addresses: list[tuple], options: FetchOptions, deadline: float,
         extra: Mapping[str, str] | None = None) -> tuple[str | None, bytes, str]:
    """One GET: (the redirect's Location, b"", "") or (None, the body, its content type)."""
    secure = parts.scheme.lower() == "https"
    port = parts.port or (443 if secure else 80)
    kind = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = kind(parts.hostname, port, addresses, timeout=_left(deadline, options, url))
    response = None
    # Every socket wait is bounded by what is left, but a server can drip a byte per wait; at the
    # deadline this timer shuts the socket, so no answer, however slow, outlives it.
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _expire, [connection])
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("GET", path, headers={
            "User-Agent": options.user_agent, "Accept": "*/*", "Accept-Encoding": "gzip, deflate",
            "Connection": "close", **(extra or {})})
        response = connection.getresponse()
        if response.status in REDIRECT_STATUSES:
            location = response.getheader("Location")
            if not location:
                raise StatusError(texts.OPHALEN_HTTP.format(url=shown(url), status=response.status), response.status)
            return location, b"", ""
        if response.status != 200:
            raise StatusError(texts.OPHALEN_HTTP.format(url=shown(url), status=response.status), response.status)
        data = _read_body(response, connection, options, deadline, url)
        return None, data, response.getheader("Content-Type") or ""
    except FetchError:
        raise
    except (TimeoutError, socket.timeout) as exc:
        raise FetchError(texts.OPHALEN_TIMEOUT.format(url=shown(url), seconden=f"{options.timeout:g}")) from exc
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError(texts.OPHALEN_TIMEOUT.format(url=shown(url), seconden=f"{options.timeout:g}")) from exc
        raise FetchError(texts.OPHALEN_VERBINDING.format(url=shown(url), fout=shown(exc) or type(exc).__name__)) from exc
    finally:
        watchdog.cancel()
        if response is not None:
            response.close()
        connection.close()
        if connection.pinned is not None:
            connection.pinned.close()


def _expire(connection) -> None:
    """The deadline passed: end the connection's socket, so the read waiting on it returns."""
    sock = connection.pinned
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read_body(response: http.client.HTTPResponse, connection, options: FetchOptions, deadline: float,
               url: str) -> bytes:
    """The body, never more than ``max_bytes`` (compressed or not), before the deadline."""
    limit = options.max_bytes
    too_big = FetchError(texts.OPHALEN_TE_GROOT.format(url=shown(url), max=megabytes(limit)))
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise too_big
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "", *_DECODERS):
        raise FetchError(texts.OPHALEN_CODERING.format(url=shown(url), codering=shown(encoding, 40)))
    decoder = zlib.decompressobj(_DECODERS[encoding]) if encoding in _DECODERS else None
    body = bytearray()
    received = 0
    while not response.isclosed():  # http.client closes it once the announced length is read
        if connection.pinned is not None:
            connection.pinned.settimeout(_left(deadline, options, url))
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if received > limit:
            raise too_big
        if decoder is None:
            body += chunk
        else:
            _inflate(decoder, chunk, body, limit, too_big, url)
        if len(body) > limit:
            raise too_big
    if decoder is not None and not decoder.eof:
        raise FetchError(texts.OPHALEN_GZIP_KAPOT.format(url=shown(url)))
    return bytes(body)


def _inflate(decoder, chunk: bytes, body: bytearray, limit: int, too_big: FetchError, url: str) -> None:
    """Decompress one chunk into ``body`` in steps that never pass ``limit`` by more than one byte."""
    pending = chunk
    try:
        while pending and not decoder.eof:
            body += decoder.decompress(pending, limit - len(body) + 1)
            if len(body) > limit:
                raise too_big
            pending = decoder.unconsumed_tail
    except zlib.error as exc:
        raise FetchError(texts.OPHALEN_GZIP_KAPOT.format(url=shown(url))) from exc


def _left(deadline: float, options: FetchOptions, url: str) -> float:
    """Seconds left before the deadline; a timeout refusal when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(texts.OPHALEN_TIMEOUT.format(url=shown(url), seconden=f"{options.timeout:g}"))
    return left
