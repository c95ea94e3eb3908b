"""Partner categories read from data/categorieen.json."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from geo.categories import FALLBACK, REACH_TYPES, category_label, load_categories


def test_categories_from_the_data_file(categories):
    assert len(categories) == 12
    assert list(categories)[0] == "natuur_milieu"
    assert list(categories)[-1] == FALLBACK == "andere"
    jeugd = categories["jeugdbeweging"]
    assert (jeugd.label, jeugd.kleur, jeugd.bereik_m, jeugd.bereik_type) == ("Jeugdbeweging", "#CC6677", 1000, "cirkel")
    assert "Chiro" in jeugd.aliassen
    assert categories["buurt"].bereik_type == "wijk"
    assert categories["adviesraad"].bereik_type == "gemeente"


def test_every_category_is_usable(categories):
    for code, category in categories.items():
        assert category.code == code
        assert category.label
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", category.kleur), code
        assert category.bereik_m > 0
        assert category.bereik_type in REACH_TYPES
    assert len({c.kleur.lower() for c in categories.values()}) == len(categories), "colours tell categories apart"
    assert len({c.label for c in categories.values()}) == len(categories)


def test_each_call_returns_a_fresh_dict(categories):
    categories.pop("andere")
    assert "andere" in load_categories()


def test_category_label(categories):
    assert category_label("school", categories) == "School of oudercomité"
    assert category_label("school") == "School of oudercomité"
    assert category_label("onbekend", categories) == "onbekend"


def write(tmp_path, items) -> object:
    path = tmp_path / "categorieen.json"
    path.write_text(json.dumps({"categorieen": items}), encoding="utf-8")
    return path


ANDERE = {"code": "andere", "label": "Andere", "kleur": "#777777", "bereik_m": 1000, "bereik_type": "cirkel"}


def test_other_file(tmp_path):
    loaded = load_categories(write(tmp_path, [{**ANDERE, "aliassen": ["x"]},
                                              {**ANDERE, "code": "club", "bereik_m": "250"}]))
    assert list(loaded) == ["andere", "club"]
    assert loaded["club"].bereik_m == 250
    assert loaded["club"].aliassen == ()


def test_file_without_fallback_is_refused(tmp_path):
    with pytest.raises(ValueError, match="andere"):
        load_categories(write(tmp_path, [{**ANDERE, "code": "club"}]))


def test_unknown_reach_type_is_refused(tmp_path):
    with pytest.raises(ValueError, match="bereik_type"):
        load_categories(write(tmp_path, [ANDERE, {**ANDERE, "code": "club", "bereik_type": "vierkant"}]))


def test_the_setting_names_another_file(tmp_path, monkeypatch):
    path = write(tmp_path, [ANDERE, {**ANDERE, "code": "club", "label": "<b>Club</b>"}])
    monkeypatch.setenv("PARTNERKAART_CATEGORIEEN", str(path))
    assert list(load_categories()) == ["andere", "club"]
    assert category_label("club") == "<b>Club</b>"
    monkeypatch.delenv("PARTNERKAART_CATEGORIEEN")
    assert "club" not in load_categories() and "school" in load_categories()


# Simulated colour-vision deficiencies (Machado, Oliveira & Fernandes 2009, severity 1.0), on linear RGB.
DEFICIENCIES = {
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    x, y, z = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * y - 16, 500 * (x - y), 200 * (y - z)


def test_the_kinds_stay_apart_by_colour_for_common_colour_vision_deficiencies_and_always_by_symbol(categories):
    """ΔE*ab ≥ 10 between any two kinds for normal vision and simulated protanopia, deuteranopia and
    tritanopia (side by side, a difference of 10 is plainly visible); the symbols tell them apart anyway."""
    assert len({c.symbool for c in categories.values()}) == len(categories)
    for name, matrix in [("normaal", None), *DEFICIENCIES.items()]:
        def seen(colour: str) -> tuple[float, float, float]:
            rgb = _linear(colour)
            if matrix is not None:
                rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix]
            return _lab(rgb)

        closest = min((math.dist(seen(a.kleur), seen(b.kleur)), a.code, b.code)
                      for a, b in itertools.combinations(categories.values(), 2))
        assert closest[0] >= 10, (name, closest)
