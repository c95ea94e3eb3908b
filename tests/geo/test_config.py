"""Settings: defaults, environment, settings file, and refusal of bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.config import OFFICIAL_GEBIEDEN, OSM_TILES, PROJECT_ROOT, SETTINGS, load_settings


@pytest.fixture
def no_file(tmp_path) -> dict[str, str]:
    return {"PARTNERKAART_INSTELLINGEN": str(tmp_path / "bestaat-niet.toml")}


def write_settings(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "instellingen.toml"
    path.write_text(text, encoding="utf-8")
    return {"PARTNERKAART_INSTELLINGEN": str(path)}


def test_defaults(no_file):
    settings = load_settings(no_file)
    assert settings.db == str(PROJECT_ROOT / "data" / "partnerkaart.sqlite")
    assert settings.gebieden == OFFICIAL_GEBIEDEN
    assert settings.cache == PROJECT_ROOT / "data" / "cache"
    assert settings.tegels == OSM_TILES
    assert settings.tiles_enabled
    assert "OpenStreetMap" in settings.tegels_attributie
    assert settings.max_upload_mb == 20.0
    assert settings.max_upload_bytes == 20 * 1024 * 1024
    assert settings.demo is True
    assert settings.download_timeout == 60.0


def test_every_setting_has_an_environment_variable_and_a_field(no_file):
    settings = load_settings(no_file).as_dict()
    assert sorted(settings) == sorted(s.name for s in SETTINGS)
    assert all(s.env == f"PARTNERKAART_{s.name.upper()}" and s.help for s in SETTINGS)


def test_environment_overrides_defaults(no_file, tmp_path):
    settings = load_settings({
        **no_file,
        "PARTNERKAART_DB": str(tmp_path / "x.sqlite"),
        "PARTNERKAART_GEBIEDEN": "/ergens/gebiedsniveaus",
        "PARTNERKAART_CACHE": str(tmp_path / "cache"),
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_MAX_UPLOAD_MB": "2,5",
        "PARTNERKAART_DEMO": "nee",
        "PARTNERKAART_DOWNLOAD_TIMEOUT": "7",
    })
    assert settings.db == str(tmp_path / "x.sqlite")
    assert settings.gebieden == "/ergens/gebiedsniveaus"
    assert settings.cache == tmp_path / "cache"
    assert not settings.tiles_enabled
    assert settings.max_upload_mb == 2.5
    assert settings.max_upload_bytes == int(2.5 * 1024 * 1024)
    assert settings.demo is False
    assert settings.download_timeout == 7.0


@pytest.mark.parametrize("value", ["none", "NONE", "geen", "", "  "])
def test_tiles_can_be_switched_off(no_file, value):
    assert not load_settings({**no_file, "PARTNERKAART_TEGELS": value}).tiles_enabled


def test_reads_process_environment_when_no_mapping_given(monkeypatch):
    monkeypatch.setenv("PARTNERKAART_DEMO", "uit")
    assert load_settings().demo is False


def test_settings_file_is_used_and_environment_wins(tmp_path):
    env = write_settings(tmp_path, 'demo = "nee"\nmax_upload_mb = 5\ntegels = "none"\n')
    from_file = load_settings(env)
    assert from_file.demo is False
    assert from_file.max_upload_mb == 5.0
    assert not from_file.tiles_enabled
    overridden = load_settings({**env, "PARTNERKAART_MAX_UPLOAD_MB": "8"})
    assert overridden.max_upload_mb == 8.0
    assert overridden.demo is False


def test_settings_file_in_working_directory_is_the_default(tmp_path, monkeypatch):
    (tmp_path / "partnerkaart.toml").write_text('download_timeout = 3\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings({}).download_timeout == 3.0


def test_unknown_key_in_settings_file(tmp_path):
    env = write_settings(tmp_path, 'demo = "ja"\nkleur = "rood"\n')
    with pytest.raises(ValueError, match="Onbekende instelling.*kleur"):
        load_settings(env)


def test_invalid_toml(tmp_path):
    env = write_settings(tmp_path, "demo = \n")
    with pytest.raises(ValueError, match="geen geldige TOML"):
        load_settings(env)


@pytest.mark.parametrize("value", ["twintig", "0", "-3", ""])
def test_invalid_number(no_file, value):
    with pytest.raises(ValueError, match="max_upload_mb"):
        load_settings({**no_file, "PARTNERKAART_MAX_UPLOAD_MB": value})


def test_invalid_number_in_file(tmp_path):
    env = write_settings(tmp_path, 'download_timeout = "snel"\n')
    with pytest.raises(ValueError, match="download_timeout"):
        load_settings(env)


@pytest.mark.parametrize("value,expected", [("ja", True), ("Yes", True), ("1", True), ("aan", True),
                                            ("nee", False), ("FALSE", False), ("0", False), ("uit", False)])
def test_yes_no(no_file, value, expected):
    assert load_settings({**no_file, "PARTNERKAART_DEMO": value}).demo is expected


def test_invalid_yes_no(no_file):
    with pytest.raises(ValueError, match="demo"):
        load_settings({**no_file, "PARTNERKAART_DEMO": "misschien"})
