"""Fixtures of the candidate tests: ``overpass``, a real local server that speaks the Overpass API."""

from tests.geo.candidates.overpass_server import overpass  # noqa: F401 (a fixture, found here by pytest)
