"""The README is the user's manual: every setting and CLI command must be documented there."""

from pathlib import Path

import pytest

from geo.cli import _parser
from geo.config import SETTINGS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_readme(setting):
    assert f"`{setting.env}`" in README, f"{setting.env} is missing from the README's configuration table"


def test_every_cli_command_is_in_the_readme():
    commands = _parser()._subparsers._group_actions[0].choices
    missing = [name for name in commands if f"python -m geo {name}" not in README]
    assert not missing, f"CLI commands missing from the README: {missing}"


def test_readme_starts_with_the_run_and_test_commands():
    first_lines = README.splitlines()[:5]
    assert any("make run" in line for line in first_lines)
    assert any("make test" in line for line in first_lines)
