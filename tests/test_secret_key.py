"""Production refuses to start with a missing or short SECRET_KEY, in one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from blog import MIN_SECRET_KEY_LENGTH, create_app
from config import ProductionConfig
from tests.e2e.server import REPO, free_port

MESSAGE = f"SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} characters"
COMMANDS = {
    "gunicorn": ["-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
    "flask db upgrade": ["-m", "flask", "--app", "wsgi", "db", "upgrade"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("key", ["", "k" * (MIN_SECRET_KEY_LENGTH - 1)], ids=["empty", "short"])
def test_production_refuses_to_start_with_a_one_line_error(tmp_path, command, key):
    env = {
        **os.environ,
        "BLOG_ENV": "production",
        "SECRET_KEY": key,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'blog.sqlite3'}",
        "PORT": str(free_port()),
    }

    result = subprocess.run(
        [sys.executable, *COMMANDS[command]],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(MESSAGE), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("key", [None, "", "x" * (MIN_SECRET_KEY_LENGTH - 1)])
def test_app_factory_refuses_a_missing_or_short_key(key):
    config = type("Config", (ProductionConfig,), {"SECRET_KEY": key})

    with pytest.raises(SystemExit, match=MESSAGE):
        create_app(config)


def test_app_factory_accepts_a_key_of_the_minimum_length():
    config = type("Config", (ProductionConfig,), {"SECRET_KEY": "x" * MIN_SECRET_KEY_LENGTH})

    assert create_app(config).config["SECRET_KEY"] == "x" * MIN_SECRET_KEY_LENGTH
