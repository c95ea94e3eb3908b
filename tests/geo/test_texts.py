"""The Dutch texts: every name is defined once (a second definition would silently win)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import geo.texts

TEXTS = Path(geo.texts.__file__)


def test_no_text_is_defined_twice():
    tree = ast.parse(TEXTS.read_text(encoding="utf-8"))
    names = Counter(target.id for node in tree.body if isinstance(node, ast.Assign)
                    for target in node.targets if isinstance(target, ast.Name))
    assert names and [name for name, count in names.items() if count > 1] == []
