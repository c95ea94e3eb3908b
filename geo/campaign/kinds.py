"""The kinds of joint action, read from ``data/actiesoorten.json`` (data, not code).

Another file can be configured with the setting ``actiesoorten``
(``PARTNERKAART_ACTIESOORTEN``), like the partner kinds of :mod:`geo.categories`.

>>> kinds = load_action_kinds()
>>> kinds["infomoment"].label, kinds["infomoment"].symbool
('Infomoment', 'I')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import PROJECT_ROOT, load_settings

ACTION_KINDS_FILE = PROJECT_ROOT / "data" / "actiesoorten.json"
FALLBACK = "ander"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class ActionKind:
    """One kind of action: code, Dutch label, symbol (one or two characters on the map), colour, aliases."""

    code: str
    label: str
    symbool: str
    kleur: str
    aliassen: tuple[str, ...] = ()


def load_action_kinds(path: Path | str | None = None) -> dict[str, ActionKind]:
    """All kinds by code, in file order; ``ander`` is always present.

    Without ``path``, the file of the setting ``actiesoorten``. The parsed file is cached per path.
    """
    if path is None:
        path = load_settings().actiesoorten
    return dict(_load(Path(path)))


def kind_label(code: str, kinds: dict[str, ActionKind] | None = None) -> str:
    kinds = kinds or load_action_kinds()
    return kinds[code].label if code in kinds else code


def match_kind(text: str, kinds: dict[str, ActionKind]) -> str | None:
    """The code a text names (a code, a label or an alias, case-insensitive), or None."""
    wanted = str(text or "").strip().casefold()
    if not wanted:
        return None
    for kind in kinds.values():
        if wanted in (kind.code.casefold(), kind.label.casefold(), *(a.casefold() for a in kind.aliassen)):
            return kind.code
    return None


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[tuple[str, ActionKind], ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    result = []
    for item in raw["soorten"]:
        kind = ActionKind(code=str(item["code"]), label=str(item["label"]), symbool=str(item["symbool"]).strip(),
                          kleur=str(item["kleur"]), aliassen=tuple(str(a) for a in item.get("aliassen", ())))
        if not 1 <= len(kind.symbool) <= 2 or not kind.symbool.isalnum():
            raise ValueError(f"Actiesoort {kind.code}: het symbool moet één of twee letters of cijfers zijn, "
                             f"niet {kind.symbool!r}")
        if not _COLOUR.fullmatch(kind.kleur):
            raise ValueError(f"Actiesoort {kind.code}: de kleur moet #RRGGBB zijn, niet {kind.kleur!r}")
        result.append((kind.code, kind))
    if FALLBACK not in dict(result):
        raise ValueError(f"{path} mist de actiesoort '{FALLBACK}'")
    return tuple(result)
