"""Tests for geo.context.fetch: safe fetching of a URL layer against a real local HTTP server.

The refusal of loopback, private and link-local addresses is tested with the setting
``lagen_prive_adressen`` off (the default). Everything else talks to the test's own
server on 127.0.0.1, so those tests switch it on, except the redirect test: there the
first hop is allowed by a check that lets exactly 127.0.0.1 through and hands every other
address to the real check, so the redirect's target meets the real refusal.
"""

from __future__ import annotations

import doctest
import gzip
import json
import socket
import ssl

import pytest

import geo.context.fetch as fetch_module
from geo.context.fetch import MAX_REDIRECTS, FetchError, FetchOptions, address_refusal, check_url, fetch
from tests.geo.context.layer_server import MB, LayerServer, certificates, layer_settings

ALLOWED = FetchOptions(allow_private=True)
REFUSING = FetchOptions()


def only_test_server(address: str, allow_private: bool) -> str | None:
    """The real check, except that the test server's own address passes."""
    return None if address == "127.0.0.1" else address_refusal(address, allow_private)


def test_doctests():
    assert doctest.testmod(fetch_module).failed == 0


# The refusal of addresses, with the setting off ------------------------------------------------

def test_the_settings_give_the_options(tmp_path):
    settings = layer_settings(tmp_path, lagen_timeout="7", lagen_max_mb="2", lagen_prive_adressen="nee")
    options = FetchOptions.from_settings(settings)
    assert options == FetchOptions(timeout=7.0, max_bytes=2 * MB, user_agent="Partnerkaart (autodelen-partners)",
                                   allow_private=False)


def test_a_running_local_server_is_refused_and_never_reached(layer_server):
    layer_server.document("/laag.geojson", {"type": "FeatureCollection", "features": []})
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/laag.geojson"), REFUSING)
    message = str(refused.value)
    assert message.startswith("Het adres '127.0.0.1' leidt naar 127.0.0.1, de server zelf (loopback).")
    assert "PARTNERKAART_LAGEN_PRIVE_ADRESSEN=ja" in message
    assert layer_server.requests == []


@pytest.mark.parametrize("url, address, reason", [
    ("http://[::1]:8080/gbfs.json", "::1", "de server zelf (loopback)"),
    ("http://[::ffff:127.0.0.1]/gbfs.json", "::ffff:127.0.0.1", "de server zelf (loopback)"),
    ("http://10.1.2.3/stops.zip", "10.1.2.3", "een privénetwerk"),
    ("https://192.168.0.10/laag.geojson", "192.168.0.10", "een privénetwerk"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254",
     "een link-local adres (zoals de metadata-dienst van een cloudserver)"),
    ("http://2130706433/", "127.0.0.1", "de server zelf (loopback)"),     # 127.0.0.1 written as one number
])
def test_private_urls_are_refused_before_any_connection(url, address, reason):
    with pytest.raises(FetchError, match="leidt naar") as refused:
        fetch(url, REFUSING)
    assert f"leidt naar {address}, {reason}." in str(refused.value)


def test_a_name_that_resolves_to_loopback_is_refused(layer_server):
    layer_server.document("/gbfs.json", {})
    addresses = {info[4][0] for info in socket.getaddrinfo("localhost", layer_server.port, type=socket.SOCK_STREAM)}
    assert "127.0.0.1" in addresses
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/gbfs.json", host="localhost"), REFUSING)
    assert str(refused.value).startswith("Het adres 'localhost' leidt naar ")
    assert "de server zelf (loopback)" in str(refused.value)
    assert layer_server.requests == []
    with pytest.raises(FetchError, match="loopback"):
        check_url(layer_server.url("/gbfs.json", host="localhost"), REFUSING)


@pytest.mark.parametrize("target, shown", [
    ("http://169.254.169.254/latest/meta-data/", "'169.254.169.254' leidt naar 169.254.169.254, een link-local adres"),
    ("http://10.0.0.7:8080/intern", "'10.0.0.7' leidt naar 10.0.0.7, een privénetwerk"),
    ("http://[::1]:{port}/intern", "'::1' leidt naar ::1, de server zelf (loopback)"),
])
def test_a_redirect_to_a_private_address_is_refused(layer_server, target, shown):
    target = target.format(port=layer_server.port)
    layer_server.redirect("/gbfs.json", target)
    layer_server.document("/intern", {"geheim": True})
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/gbfs.json"), REFUSING, check=only_test_server)
    assert f"Het adres {shown}" in str(refused.value)
    assert [r.path for r in layer_server.requests] == ["/gbfs.json"]


def test_redirects_are_followed_up_to_the_limit(layer_server):
    layer_server.redirect("/a", "/b", status=301)
    layer_server.redirect("/b", layer_server.url("/c"), status=307)
    layer_server.document("/c", {"ok": True})
    download = fetch(layer_server.url("/a"), ALLOWED)
    assert json.loads(download.data) == {"ok": True}
    assert download.final_url == layer_server.url("/c")
    for number in range(MAX_REDIRECTS + 1):
        layer_server.redirect(f"/r{number}", f"/r{number + 1}")
    layer_server.document(f"/r{MAX_REDIRECTS + 1}", {})
    with pytest.raises(FetchError, match=f"verwijst meer dan {MAX_REDIRECTS} keer door"):
        fetch(layer_server.url("/r0"), ALLOWED)
    assert layer_server.hits(f"/r{MAX_REDIRECTS + 1}") == 0


def test_the_checked_address_is_the_one_connected_to_and_the_host_name_is_sent(layer_server):
    layer_server.document("/gbfs.json", {"ok": True})
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[tuple]:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port))]

    download = fetch(f"http://deelwagens.test:{layer_server.port}/gbfs.json", REFUSING, resolve=resolver,
                     check=only_test_server)
    assert json.loads(download.data) == {"ok": True}
    assert asked == ["deelwagens.test"]  # resolved once, then connected to that address
    request = layer_server.requests[0]
    assert request.headers["host"] == f"deelwagens.test:{layer_server.port}"
    assert request.headers["user-agent"] == "Partnerkaart (autodelen-partners)"


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "Alleen http- en https-adressen"),
    ("ftp://voorbeeld.be/laag.zip", "Alleen http- en https-adressen"),
    ("gopher://127.0.0.1:6379/_INFO", "Alleen http- en https-adressen"),
    ("https://", "is geen volledig webadres"),
    ("http://voorbeeld.be:0/", "is geen volledig webadres"),
    ("http://voorbeeld.be:99999/", "is geen volledig webadres"),
    ("https://gebruiker:geheim@voorbeeld.be/gbfs.json", "bevat een gebruikersnaam of wachtwoord"),
    ("https://voor beeld.be/", "is geen volledig webadres"),
])
def test_only_plain_http_urls_are_fetched(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url, ALLOWED)


# Answers that are refused ---------------------------------------------------------------------

def test_a_server_that_does_not_answer_in_time(layer_server):
    layer_server.waits("/traag.json")
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/traag.json"), FetchOptions(timeout=0.3, allow_private=True))
    assert str(refused.value) == (f"'{layer_server.url('/traag.json')}' antwoordde niet binnen 0.3 seconden "
                                  "(instelling PARTNERKAART_LAGEN_TIMEOUT).")


def test_a_server_that_drips_its_headers_is_stopped_at_the_deadline(layer_server):
    """Each header line comes well within the socket's wait; only the deadline's timer ends it."""
    layer_server.drips("/druppel.json")
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/druppel.json"), FetchOptions(timeout=0.5, allow_private=True))
    assert str(refused.value) == (f"'{layer_server.url('/druppel.json')}' antwoordde niet binnen 0.5 seconden "
                                  "(instelling PARTNERKAART_LAGEN_TIMEOUT).")


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors(layer_server, status):
    layer_server.document("/laag.geojson", "fout", status=status)
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/laag.geojson"), ALLOWED)
    assert str(refused.value) == f"'{layer_server.url('/laag.geojson')}' antwoordde met HTTP-status {status}."


def test_a_missing_path_is_a_404(layer_server):
    with pytest.raises(FetchError, match="HTTP-status 404"):
        fetch(layer_server.url("/bestaat-niet.json"), ALLOWED)


@pytest.mark.parametrize("content_length", [True, False], ids=["met-lengte", "zonder-lengte"])
def test_fifty_megabytes_are_too_many(layer_server, content_length):
    layer_server.zeros("/groot.json", 50 * MB + 1, content_length=content_length)
    with pytest.raises(FetchError) as refused:
        fetch(layer_server.url("/groot.json"), FetchOptions(max_bytes=50 * MB, allow_private=True))
    assert str(refused.value) == (f"'{layer_server.url('/groot.json')}' stuurt meer dan 50 MB "
                                  "(instelling PARTNERKAART_LAGEN_MAX_MB); het ophalen is gestopt.")


def test_exactly_the_limit_passes(layer_server):
    layer_server.zeros("/precies.bin", MB, content_length=False)
    assert len(fetch(layer_server.url("/precies.bin"), FetchOptions(max_bytes=MB, allow_private=True)).data) == MB


def test_a_gzip_bomb_stops_at_the_limit(layer_server):
    layer_server.gzipped("/bom.json", b"\0" * (60 * MB))
    with pytest.raises(FetchError, match="stuurt meer dan 50 MB"):
        fetch(layer_server.url("/bom.json"), FetchOptions(max_bytes=50 * MB, allow_private=True))


def test_gzip_content_is_decompressed(layer_server):
    document = {"type": "FeatureCollection", "features": [], "naam": "Hoppinpunten" * 100}
    layer_server.gzipped("/laag.geojson", json.dumps(document).encode())
    assert json.loads(fetch(layer_server.url("/laag.geojson"), ALLOWED).data) == document


def test_damaged_gzip_and_unknown_encodings_are_refused(layer_server):
    layer_server.document("/kapot.json", gzip.compress(b'{"a": 1}')[:-8], headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="beschadigde of onvolledige gecomprimeerde inhoud"):
        fetch(layer_server.url("/kapot.json"), ALLOWED)
    layer_server.document("/br.json", b"\x1b\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="gecomprimeerd als 'br'"):
        fetch(layer_server.url("/br.json"), ALLOWED)


def test_a_closed_port_is_a_dutch_connection_error(layer_server):
    port = layer_server.port
    layer_server.stop()
    with pytest.raises(FetchError, match="^Geen verbinding met 'http://127.0.0.1:"):
        fetch(f"http://127.0.0.1:{port}/gbfs.json", ALLOWED)


# HTTPS: the connection goes to the checked address, TLS still checks the host name ---------------

@pytest.fixture
def tls_server(tmp_path):
    ca, certificate, key = certificates(tmp_path / "tls", "kaart.test")
    server = LayerServer().start(certificate=(certificate, key))
    server.document("/gbfs.json", {"ok": True})
    try:
        yield server, ca
    finally:
        server.stop()


def pinned_to_test_server(host: str, port: int) -> list[tuple]:
    return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port))]


def test_https_to_the_checked_address_verifies_the_host_name(tls_server, monkeypatch):
    server, ca = tls_server
    monkeypatch.setattr(fetch_module, "_tls_context", lambda: ssl.create_default_context(cafile=str(ca)))
    download = fetch(server.url("/gbfs.json", host="kaart.test"), REFUSING, resolve=pinned_to_test_server,
                     check=only_test_server)
    assert json.loads(download.data) == {"ok": True}
    assert server.requests[0].headers["host"] == f"kaart.test:{server.port}"
    with pytest.raises(FetchError, match="^Geen verbinding met 'https://andere.test:.*(certificate|hostname)"):
        fetch(server.url("/gbfs.json", host="andere.test"), REFUSING, resolve=pinned_to_test_server,
              check=only_test_server)


def test_https_with_an_unknown_certificate_authority_is_refused(tls_server):
    server, _ = tls_server
    with pytest.raises(FetchError, match="^Geen verbinding met 'https://kaart.test:.*CERTIFICATE_VERIFY_FAILED"):
        fetch(server.url("/gbfs.json", host="kaart.test"), REFUSING, resolve=pinned_to_test_server,
              check=only_test_server)
