"""The kinds of partner, read from ``data/categorieen.json`` (data, not code).

Another file can be configured with the setting ``categorieen``
(``PARTNERKAART_CATEGORIEEN``); its labels are shown to users like any other text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import PROJECT_ROOT, load_settings

CATEGORIES_FILE = PROJECT_ROOT / "data" / "categorieen.json"
FALLBACK = "andere"
REACH_TYPES = ("cirkel", "wijk", "gemeente")


@dataclass(frozen=True)
class Category:
    """One kind of partner: code, Dutch label, colour, default reach, aliases, and the symbol (one
    or two characters) drawn in its markers, so that colour is not the only sign of the kind."""

    code: str
    label: str
    kleur: str
    bereik_m: int
    bereik_type: str
    aliassen: tuple[str, ...]
    symbool: str = ""


def load_categories(path: Path | str | None = None) -> dict[str, Category]:
    """All categories by code, in file order; ``andere`` is always present.

    Without ``path``, the file of the setting ``categorieen`` (default
    :data:`CATEGORIES_FILE`). The parsed file is cached per path.
    """
    if path is None:
        path = load_settings().categorieen
    return dict(_load(Path(path)))


def category_label(code: str, categories: dict[str, Category] | None = None) -> str:
    categories = categories or load_categories()
    return categories[code].label if code in categories else code


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[tuple[str, Category], ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    result = []
    for item in raw["categorieen"]:
        category = Category(
            code=item["code"], label=item["label"], kleur=item["kleur"], bereik_m=int(item["bereik_m"]),
            bereik_type=item["bereik_type"], aliassen=tuple(item.get("aliassen", ())),
            symbool=str(item.get("symbool") or _initial(item["label"], item["code"])).strip(),
        )
        if category.bereik_type not in REACH_TYPES:
            raise ValueError(f"Categorie {category.code}: onbekend bereik_type {category.bereik_type!r}")
        if not 1 <= len(category.symbool) <= 2 or not category.symbool.isalnum():
            raise ValueError(f"Categorie {category.code}: het symbool moet één of twee letters of cijfers zijn, "
                             f"niet {category.symbool!r}")
        result.append((category.code, category))
    if FALLBACK not in dict(result):
        raise ValueError(f"{path} mist de categorie '{FALLBACK}'")
    return tuple(result)


def _initial(label: str, code: str) -> str:
    """The default symbol of a kind: the first letter or digit of its label (or code), upper case."""
    return next((c.upper() for c in label + code if c.isalnum()), "?")
