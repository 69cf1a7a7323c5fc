"""`flask ...` commands are found by name although their modules load only when run."""

from __future__ import annotations

from importlib import import_module

import pytest

from blog.cli import COMMANDS
from blog.serving.schema import database_heads, script_heads


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_is_registered_under_its_own_name(name):
    module, attribute = COMMANDS[name].split(":")

    command = getattr(import_module(module), attribute)

    assert command.name == name


def test_every_command_is_listed_in_the_help(runner):
    result = runner.invoke(args=["--help"])

    assert result.exit_code == 0
    for name in [*COMMANDS, "db"]:
        assert f"\n  {name} " in result.output


def test_flask_db_runs_from_the_app_built_without_flask_migrate(app, runner):
    result = runner.invoke(args=["db", "stamp", "head"])
    stamped = database_heads()
    runner.invoke(args=["db", "stamp", "base"])  # the shared test database stays unstamped

    assert result.exit_code == 0, result.output
    assert stamped == script_heads()
