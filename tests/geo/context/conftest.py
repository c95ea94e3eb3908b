"""Fixtures of the context-layer tests: ``layer_server``, a real local HTTP server (see ``layer_server.py``)."""

from tests.geo.context.layer_server import layer_server  # noqa: F401 (a fixture, found here by pytest)
