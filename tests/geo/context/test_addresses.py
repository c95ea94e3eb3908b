"""Tests for geo.context.addresses: which addresses a URL layer may be fetched from (the setting off)."""

from __future__ import annotations

import doctest
import socket
import threading
import time

import pytest

import geo.context.addresses as addresses_module
from geo.context.addresses import FetchError, address_refusal, checked_addresses


def test_doctests():
    assert doctest.testmod(addresses_module).failed == 0


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "de server zelf (loopback)"),
    ("127.8.9.10", "de server zelf (loopback)"),
    ("::1", "de server zelf (loopback)"),
    ("::ffff:127.0.0.1", "de server zelf (loopback)"),
    ("::ffff:10.0.0.1", "een privénetwerk"),
    ("64:ff9b::a9fe:a9fe", "een link-local adres (zoals de metadata-dienst van een cloudserver)"),
    ("2002:c0a8:0101::1", "een privénetwerk"),                        # 6to4 of 192.168.1.1
    ("10.20.30.40", "een privénetwerk"),
    ("172.16.0.1", "een privénetwerk"),
    ("192.168.1.1", "een privénetwerk"),
    ("fd00::1", "een privénetwerk"),
    ("169.254.169.254", "een link-local adres (zoals de metadata-dienst van een cloudserver)"),
    ("fe80::1%eth0", "een link-local adres (zoals de metadata-dienst van een cloudserver)"),
    ("100.64.0.1", "een adres dat niet openbaar bereikbaar is"),
    ("224.0.0.1", "een multicastadres"),
    ("ff02::1", "een multicastadres"),
    ("240.0.0.1", "een gereserveerd adres"),
    ("0.0.0.0", "een onbepaald adres (0.0.0.0 of ::)"),
    ("::", "een onbepaald adres (0.0.0.0 of ::)"),
])
def test_addresses_that_are_not_public_are_refused(address, reason):
    assert address_refusal(address, allow_private=False) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert address_refusal(address, allow_private=False) is None


def test_the_setting_allows_loopback_private_and_link_local_but_never_multicast_or_unspecified():
    assert address_refusal("127.0.0.1", True) is None
    assert address_refusal("10.0.0.1", True) is None
    assert address_refusal("169.254.169.254", True) is None
    assert address_refusal("224.0.0.1", True) == "een multicastadres"
    assert address_refusal("0.0.0.0", True) == "een onbepaald adres (0.0.0.0 of ::)"


def test_every_address_of_a_host_is_checked():
    def resolver(host: str, port: int) -> list[tuple]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0))]

    with pytest.raises(FetchError) as refused:
        checked_addresses("gemengd.test", 80, "http://gemengd.test/", allow_private=False,
                          deadline=time.monotonic() + 5, timeout=5, resolve=resolver)
    assert str(refused.value).startswith("Het adres 'gemengd.test' leidt naar ::1, de server zelf (loopback).")


def test_a_name_that_cannot_be_resolved():
    def resolver(host: str, port: int) -> list[tuple]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError) as refused:
        checked_addresses("bestaat-niet.invalid", 80, "http://bestaat-niet.invalid/", allow_private=False,
                          deadline=time.monotonic() + 5, timeout=5, resolve=resolver)
    assert str(refused.value) == ("De naam 'bestaat-niet.invalid' kon niet opgezocht worden ([Errno -2] Name or "
                                  "service not known). Klopt het adres, en is de server online?")


def test_a_lookup_that_hangs_ends_at_the_deadline():
    released = threading.Event()

    def resolver(host: str, port: int) -> list[tuple]:
        released.wait(30)
        return []

    try:
        with pytest.raises(FetchError) as refused:
            checked_addresses("traag.test", 80, "http://traag.test/", allow_private=False,
                              deadline=time.monotonic() + 0.2, timeout=0.2, resolve=resolver)
    finally:
        released.set()
    assert str(refused.value) == ("'http://traag.test/' antwoordde niet binnen 0.2 seconden "
                                  "(instelling PARTNERKAART_LAGEN_TIMEOUT).")
