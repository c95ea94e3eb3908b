"""Fixtures of the candidate tests: ``overpass``, a real local server that speaks the Overpass API."""

from tests.geo.candidates.overpass_server import overpass  # noqa: F401 (a fixture, found here by pytest)
from tests.geo.context.layer_server import layer_server  # noqa: F401,E402 (a fixture: a local WFS)
