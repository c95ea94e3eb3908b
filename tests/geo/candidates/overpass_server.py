"""A local HTTP server that speaks the Overpass API, for the candidate tests.

It parses the Overpass QL it receives (``?data=``) and answers only the elements of its
stored document that match: the global ``[bbox:s,w,n,e]`` (or a statement's own
``(s,w,n,e)``), the element type (``node``, ``way``, ``relation``, ``nwr``) and every tag
filter (``["k"]``, ``["k"="v"]``, ``["k"~"regex"]``), each element once. A query it cannot
parse gets HTTP 400 with Overpass's "parse error", so a wrong query finds nothing. Elements
are built by the test in the documented structure: ``type``, ``id``, ``lat``/``lon`` (a node)
or ``center`` (a way or relation, as ``out center`` gives), ``tags``.

It can also answer HTTP 200 with a ``remark`` saying the query timed out (and a part of the
elements), or HTTP 429 ("too many requests"), as the real API does under load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.geo.context.layer_server import LayerServer

PATH = "/api/interpreter"
_HEADER = re.compile(r"^\s*\[out:json\](?:\[timeout:\d+\])?(?:\[bbox:([^\]]+)\])?;\s*\(\s*(.*?)\s*\);\s*out center tags;\s*$",
                     re.DOTALL)
_STATEMENT = re.compile(r"(nwr|node|way|relation)((?:\[[^\]]*\])+)(\(([^)]*)\))?;")
_FILTER = re.compile(r'^\["([^"]+)"(?:(=|~)"([^"]*)")?\]$')
TIMED_OUT = "runtime error: Query timed out in \"query\" at line 3 after 61 seconds."


@dataclass
class OverpassServer:
    """The stored elements, how to answer, and the queries received."""

    server: LayerServer
    elements: list[dict] = field(default_factory=list)
    mode: str = "ok"  # ok, timeout, busy
    queries: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url(PATH)

    def answer(self, query: str) -> tuple[int, dict | str]:
        self.queries.append(query)
        if self.mode == "busy":
            return 429, "rate_limited"
        parsed = parse_query(query)
        if parsed is None:
            return 400, "Error: line 1: parse error"
        found = [e for e in self.elements if any(_matches(e, statement, parsed[0]) for statement in parsed[1])]
        document = {"version": 0.6, "generator": "Overpass API (test)",
                    "osm3s": {"timestamp_osm_base": "2026-12-01T00:00:00Z",
                              "copyright": "The data included in this document is from www.openstreetmap.org. "
                                           "The data is made available under ODbL."},
                    "elements": found}
        if self.mode == "timeout":
            document["elements"] = found[: len(found) // 2]
            document["remark"] = TIMED_OUT
        return 200, document


def parse_query(query: str):
    """(global bbox or None, [(type, [(key, op, value)], bbox or None)]) or None when not understood."""
    header = _HEADER.match(query)
    if header is None:
        return None
    body = header[2]
    statements = []
    position = 0
    for match in _STATEMENT.finditer(body):
        if body[position:match.start()].strip():
            return None
        position = match.end()
        filters = []
        for part in re.findall(r"\[[^\]]*\]", match[2]):
            found = _FILTER.match(part)
            if found is None:
                return None
            filters.append((found[1], found[2], found[3]))
        statements.append((match[1], filters, _box(match[4]) if match[4] else None))
    if body[position:].strip() or not statements:
        return None
    return (_box(header[1]) if header[1] else None), statements


def _box(text: str) -> tuple[float, ...]:
    return tuple(float(v) for v in text.split(","))


def _matches(element: dict, statement, global_box) -> bool:
    kind, filters, box = statement
    if kind != "nwr" and element["type"] != kind:
        return False
    tags = element.get("tags", {})
    for key, op, value in filters:
        if key not in tags:
            return False
        if op == "=" and tags[key] != value:
            return False
        if op == "~" and re.search(value, tags[key]) is None:
            return False
    south, west, north, east = box or global_box or (-90, -180, 90, 180)
    point = element.get("center", element)
    return south <= point["lat"] <= north and west <= point["lon"] <= east


def node(osm_id: int, lat: float, lon: float, **tags: str) -> dict:
    return {"type": "node", "id": osm_id, "lat": lat, "lon": lon, "tags": _tags(tags)}


def way(osm_id: int, lat: float, lon: float, **tags: str) -> dict:
    return {"type": "way", "id": osm_id, "center": {"lat": lat, "lon": lon}, "tags": _tags(tags)}


def _tags(tags: dict[str, str]) -> dict[str, str]:
    """Keyword arguments as OSM tags: ``addr_street`` is ``addr:street``."""
    return {key.replace("_", ":") if key.startswith("addr_") else key: value for key, value in tags.items()}


@pytest.fixture
def overpass() -> Iterator[OverpassServer]:
    """A fresh :class:`OverpassServer` on 127.0.0.1."""
    server = LayerServer().start()
    overpass = OverpassServer(server)

    def route(handler) -> None:
        query = parse_qs(urlsplit(handler.path).query).get("data", [""])[0]
        status, body = overpass.answer(query)
        data = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
        handler._send(status, data, {"Content-Type": "application/json" if isinstance(body, dict) else "text/plain"})

    server.routes[PATH] = route
    try:
        yield overpass
    finally:
        server.stop()
