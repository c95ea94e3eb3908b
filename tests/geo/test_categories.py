"""Partner categories read from data/categorieen.json."""

from __future__ import annotations

import json
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
