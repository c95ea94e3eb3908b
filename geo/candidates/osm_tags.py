"""Which OpenStreetMap objects are candidate partners, and the Overpass query that asks for them.

The mapping is data: ``data/osm_kandidaten.json`` (the setting ``kandidaten_osm_tags``), a
list of rules ``{"tag": "amenity=school", "categorie": "school", "label": "school"}``. The
first rule whose tag an object carries decides its kind; only objects with a ``name`` are
candidates (an organisation without a name cannot be contacted).

>>> rules = load_rules()
>>> kind_of({"amenity": "school", "name": "GO! Atheneum"}, rules).categorie
'school'
>>> print(overpass_query(rules[:2], (51.0, 4.4, 51.1, 4.5)))
[out:json][timeout:60][bbox:51.0,4.4,51.1,4.5];
(
nwr["amenity"~"^(school)$"]["name"];
nwr["club"~"^(scout)$"]["name"];
);
out center tags;
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from geo import texts
from geo.categories import load_categories
from geo.config import PROJECT_ROOT

RULES_FILE = PROJECT_ROOT / "data" / "osm_kandidaten.json"
QUERY_TIMEOUT_S = 60
_TAG = re.compile(r"^([a-z][a-z0-9_:]*)=([a-z0-9][a-z0-9_:;.-]*)$")


@dataclass(frozen=True)
class TagRule:
    """Objects tagged ``key=value`` are candidates of kind ``categorie``; ``label`` names them for the organiser."""

    key: str
    value: str
    categorie: str
    label: str

    @property
    def tag(self) -> str:
        return f"{self.key}={self.value}"


def load_rules(path: Path | str | None = None, categories: Mapping | None = None) -> tuple[TagRule, ...]:
    """The rules of the mapping file; a ``ValueError`` (Dutch) names a rule that is not valid."""
    path = Path(path) if path else RULES_FILE
    known = categories if categories is not None else load_categories()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = raw["regels"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(texts.KANDIDATEN_REGELS_ONLEESBAAR.format(pad=path)) from exc
    rules = []
    for entry in entries if isinstance(entries, list) else []:
        tag = str(entry.get("tag", "")) if isinstance(entry, dict) else ""
        match = _TAG.match(tag)
        code = str(entry.get("categorie", "")) if isinstance(entry, dict) else ""
        if match is None or code not in known:
            raise ValueError(texts.KANDIDATEN_REGEL_FOUT.format(regel=json.dumps(entry, ensure_ascii=False)[:200],
                                                                pad=path))
        rules.append(TagRule(match[1], match[2], code, str(entry.get("label") or tag)))
    if not rules:
        raise ValueError(texts.KANDIDATEN_REGELS_ONLEESBAAR.format(pad=path))
    return tuple(rules)


def kind_of(tags: Mapping[str, str], rules: Sequence[TagRule]) -> TagRule | None:
    """The first rule ``tags`` meet, or None (also for an object without a name)."""
    if not str(tags.get("name", "")).strip():
        return None
    for rule in rules:
        if tags.get(rule.key) == rule.value:
            return rule
    return None


def overpass_query(rules: Sequence[TagRule], bbox: tuple[float, float, float, float]) -> str:
    """Overpass QL asking for every named object (node, way or relation) a rule names, in
    ``bbox`` = (south, west, north, east) in WGS84, with its tags and centre (``out center tags``)."""
    values: dict[str, list[str]] = {}
    for rule in rules:
        values.setdefault(rule.key, []).append(rule.value)
    south, west, north, east = (round(float(v), 6) for v in bbox)
    lines = [f'nwr["{key}"~"^({"|".join(re.escape(v) for v in found)})$"]["name"];' for key, found in values.items()]
    return "\n".join([f"[out:json][timeout:{QUERY_TIMEOUT_S}][bbox:{south},{west},{north},{east}];", "(",
                      *lines, ");", "out center tags;"])
