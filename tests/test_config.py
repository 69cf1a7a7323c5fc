"""Settings the app cannot work with are refused, by name, when the configuration loads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from blog.serving.database import pool_options
from tests.e2e.server import REPO


def _load_config(env: dict[str, str], code: str = "import config") -> subprocess.CompletedProcess:
    """Import config.py in a new process, as every start does, with these settings."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("name", ["ARTICLES_PER_PAGE", "COMMENTS_PER_PAGE", "SITEMAP_PAGE_SIZE"])
@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_page_size_below_one_is_refused_by_name(name, value):
    result = _load_config({name: value})

    assert result.returncode != 0
    assert f"{name} must be at least 1, not {value}" in result.stderr


def test_a_page_size_of_one_is_accepted():
    result = _load_config(
        {"COMMENTS_PER_PAGE": "1", "ARTICLES_PER_PAGE": "1"},
        "import config; print(config.Config.COMMENTS_PER_PAGE)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("COMMENT_FLOOD_SECONDS", "fifteen", "COMMENT_FLOOD_SECONDS must be a whole number"),
        ("SPAM_THRESHOLD", "high", "SPAM_THRESHOLD must be a number"),
    ],
)
def test_a_setting_that_is_not_a_number_is_refused_by_name(name, value, message):
    result = _load_config({name: value})

    assert result.returncode != 0
    assert f"{message}, not '{value}'" in result.stderr


def test_the_pool_settings_read_at_start_are_refused_by_name_too(monkeypatch):
    monkeypatch.setenv("DB_POOL_SIZE", "many")

    with pytest.raises(RuntimeError, match="DB_POOL_SIZE must be a whole number, not 'many'"):
        pool_options("postgresql+psycopg://user@host/db")
