"""Tests for geo.context.cache: the last good copy of a fetched document, guarded by its SHA-256."""

from __future__ import annotations

import doctest
import hashlib
import json

import geo.context.cache as cache_module
from geo.context.cache import cache_root, fallback_note, is_damaged, read_cached, shown_time, store_copy
from tests.geo.context.layer_server import layer_settings

URL = "https://api.delijn.be/gbfs/gbfs.json"


def test_doctests():
    assert doctest.testmod(cache_module).failed == 0


def test_a_copy_is_kept_with_its_hash_size_and_time(tmp_path):
    settings = layer_settings(tmp_path)
    store_copy(URL, b'{"data": {}}', settings, "2026-05-12T12:03:00+00:00")
    copy = read_cached(URL, settings)
    assert (copy.url, copy.data, copy.fetched) == (URL, b'{"data": {}}', "2026-05-12T12:03:00+00:00")
    manifest = json.loads((cache_root(settings) / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(b'{"data": {}}').hexdigest()
    assert manifest == {URL: {"file": f"{digest[:40]}.bin", "sha256": digest, "size": 12,
                              "fetched": "2026-05-12T12:03:00+00:00"}}
    assert cache_root(settings) == tmp_path / "lagen"


def test_a_new_copy_replaces_the_old_file(tmp_path):
    settings = layer_settings(tmp_path)
    store_copy(URL, b"oud", settings)
    store_copy(URL, b"nieuw", settings)
    assert read_cached(URL, settings).data == b"nieuw"
    assert sorted(p.name for p in cache_root(settings).glob("*.bin")) == [
        f"{hashlib.sha256(b'nieuw').hexdigest()[:40]}.bin"]


def test_a_tampered_copy_is_not_used(tmp_path):
    settings = layer_settings(tmp_path)
    store_copy(URL, b'{"stations": []}', settings)
    stored = next(cache_root(settings).glob("*.bin"))
    stored.write_bytes(b'{"stations": [1]}')
    assert read_cached(URL, settings) is None
    assert is_damaged(URL, settings)
    stored.write_bytes(b'{"stations": []}'[::-1])            # same size, other content
    assert read_cached(URL, settings) is None
    stored.unlink()
    assert read_cached(URL, settings) is None and is_damaged(URL, settings)


def test_nothing_kept_is_no_damage(tmp_path):
    settings = layer_settings(tmp_path)
    assert read_cached(URL, settings) is None and not is_damaged(URL, settings)
    (tmp_path / "lagen").mkdir()
    (tmp_path / "lagen" / "manifest.json").write_text("{kapot", encoding="utf-8")
    assert read_cached(URL, settings) is None and not is_damaged(URL, settings)


def test_a_manifest_cannot_point_outside_the_cache(tmp_path):
    settings = layer_settings(tmp_path)
    secret = tmp_path / "geheim.txt"
    secret.write_bytes(b"geheim")
    (tmp_path / "lagen").mkdir()
    (tmp_path / "lagen" / "manifest.json").write_text(json.dumps({URL: {
        "file": "../geheim.txt", "sha256": hashlib.sha256(b"geheim").hexdigest(), "size": 6, "fetched": ""}}))
    assert read_cached(URL, settings) is None


def test_times_are_shown_in_belgian_time():
    assert shown_time("2026-01-15T08:30:00+00:00") == "15-01-2026 09:30"
    assert shown_time("2026-07-15T08:30:00+00:00") == "15-07-2026 10:30"
    assert fallback_note("'x' antwoordde met HTTP-status 500.", "2026-07-15T08:30:00+00:00") == (
        "Vernieuwen lukte niet ('x' antwoordde met HTTP-status 500); de kopie van 15-07-2026 10:30 wordt getoond.")
