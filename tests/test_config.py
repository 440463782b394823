"""The settings table: one declaration per setting, read from env and file, documented."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from broadsheet.cli import main
from broadsheet.config import SETTINGS, Settings, describe, load_settings
from broadsheet.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_table_and_dataclass_agree() -> None:
    declared = {s.name: s.default for s in SETTINGS}
    dataclass_defaults = {f.name: f.default for f in fields(Settings)}
    normalized = {k: tuple(v) if isinstance(v, list) else v for k, v in declared.items()}
    assert normalized == dataclass_defaults


def test_environment_overrides_file(tmp_path: Path) -> None:
    (tmp_path / "broadsheet.toml").write_text('fetch_timeout = 12.5\nuser_agent = "from-file"\n')
    env = {"BROADSHEET_DATA_DIR": str(tmp_path), "BROADSHEET_USER_AGENT": "from-env"}
    settings = load_settings(env)
    assert settings.fetch_timeout == 12.5
    assert settings.user_agent == "from-env"
    assert settings.data_dir == tmp_path


def test_lists_and_bools_are_parsed() -> None:
    settings = load_settings(
        {"BROADSHEET_FETCH_ALLOW": "127.0.0.1, 10.0.0.0/8", "BROADSHEET_RESPECT_ROBOTS": "no"}
    )
    assert settings.fetch_allow == ("127.0.0.1", "10.0.0.0/8")
    assert settings.respect_robots is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BROADSHEET_FETCH_TIMEOUT", "-1"),
        ("BROADSHEET_FETCH_MAX_BYTES", "lots"),
        ("BROADSHEET_RESPECT_ROBOTS", "maybe"),
        ("BROADSHEET_FETCH_ALLOW", "10.0.0.0/33"),
    ],
)
def test_invalid_values_are_refused_with_the_variable_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value})


def test_unknown_setting_in_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "broadsheet.toml").write_text("fetch_timout = 3\n")
    with pytest.raises(ConfigError, match="fetch_timout"):
        load_settings({"BROADSHEET_DATA_DIR": str(tmp_path)})


def test_secrets_are_masked() -> None:
    settings = Settings(database_url="postgresql+psycopg://bob:hunter2@db/news")
    shown = {row[0]: row[1] for row in describe(settings)}
    assert shown["BROADSHEET_DATABASE_URL"] == "********"
    result = CliRunner().invoke(
        main, ["config"], env={"BROADSHEET_DATABASE_URL": "postgresql+psycopg://bob:hunter2@db/x"}
    )
    assert result.exit_code == 0
    assert "hunter2" not in result.output
    assert "BROADSHEET_FETCH_TIMEOUT" in result.output


def test_config_error_exit_code() -> None:
    result = CliRunner().invoke(main, ["config"], env={"BROADSHEET_FETCH_TIMEOUT": "soon"})
    assert result.exit_code == 3


def test_every_setting_and_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.env}`" in text, f"{setting.env} missing from docs/cli.md"
    commands = _command_paths(main)
    assert commands
    for path in commands:
        pattern = rf"`broadsheet {re.escape(path)}[` ]"
        assert re.search(pattern, text), f"broadsheet {path} missing from docs/cli.md"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for path in _command_paths(main):
        result = runner.invoke(main, [*path.split(), "--help"])
        assert result.exit_code == 0, path
        assert "Usage:" in result.output


def _command_paths(group: object, prefix: str = "") -> list[str]:
    assert isinstance(group, click.Group)
    paths = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            paths += _command_paths(command, full + " ")
        else:
            paths.append(full)
    return paths
