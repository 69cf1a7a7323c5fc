"""Settings the app cannot work with are refused, by name, when the configuration loads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from blog.serving.database import pool_options
from config import LONGEST_COMMENT_POST_BYTES, OWNER_SETTING_RANGES, SettingError
from tests.e2e.server import REPO

GUNICORN_SETTINGS = "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"


def _load_config(env: dict[str, str], code: str = "import config") -> subprocess.CompletedProcess:
    """Import config.py in a new process, as every start does, with these settings."""
    return _start(["-c", code], env)


def _start(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


# Each setting's lowest sensible value and one just below it: 0 is kept where it switches
# something off, refused where it would break or lock things (a count, a window, a limit).
LOWEST = [
    ("ARTICLES_PER_PAGE", "0", "1"),
    ("COMMENTS_PER_PAGE", "-5", "1"),
    ("SITEMAP_PAGE_SIZE", "0", "1"),
    ("COMMENT_FORM_MAX_AGE", "600", "601"),  # the longest COMMENT_MIN_SECONDS is 600
    ("COMMENT_AUTHOR_COOKIE_DAYS", "0", "1"),
    ("SPAM_MIN_EXAMPLES", "0", "1"),
    ("SPAM_TRAINING_LIMIT", "0", "1"),
    ("SPAM_CATCH_UP_SECONDS", "-1", "0.0"),
    ("TRUSTED_PROXY_COUNT", "-1", "0"),
    ("PAGE_CACHE_SECONDS", "0", "1"),
    ("PAGE_CDN_SECONDS", "-1", "0"),
    ("SIGN_IN_MAX_FAILURES", "0", "1"),
    ("SIGN_IN_WINDOW_MINUTES", "0", "1"),
    ("SETUP_LINK_MINUTES", "0", "1"),
    ("MAX_CONTENT_LENGTH", str(LONGEST_COMMENT_POST_BYTES - 1), str(LONGEST_COMMENT_POST_BYTES)),
]


@pytest.mark.parametrize("name, below, lowest", LOWEST)
def test_a_setting_below_its_lowest_value_is_refused_by_name(name, below, lowest):
    result = _load_config({name: below})

    assert result.returncode != 0
    assert result.stderr == f"{name} must be at least {lowest}, not {below}\n"  # one line


GUNICORN = ["gunicorn", "--check-config", "-c", "gunicorn.conf.py", "wsgi:app"]
FLASK = ["flask", "--app", "wsgi", "routes"]


@pytest.mark.parametrize(
    "command, name, value",
    [
        (GUNICORN, "WEB_CONCURRENCY", "0"),  # read by gunicorn.conf.py
        (GUNICORN, "SPAM_THRESHOLD", "x"),  # read by config.py
        (FLASK, "SPAM_THRESHOLD", "x"),
        (FLASK, "BLOG_ENV", "prod"),
    ],
)
def test_the_owners_commands_stop_on_a_wrong_setting_with_one_line(command, name, value):
    result = _start(["-m", *command], {name: value})

    assert result.returncode == 1
    assert result.stderr.startswith(name)
    assert result.stderr.count("\n") == 1, result.stderr  # no traceback


@pytest.mark.parametrize("name, lowest", [(name, lowest) for name, _, lowest in LOWEST])
def test_a_setting_at_its_lowest_value_is_accepted(name, lowest):
    result = _load_config({name: lowest}, f"import config; print(config.Config.{name})")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == lowest


@pytest.mark.parametrize(
    ("name", "outside"),
    [(name, str(low - 1)) for name, (low, _) in OWNER_SETTING_RANGES.items()]
    + [(name, str(high + 1)) for name, (_, high) in OWNER_SETTING_RANGES.items()],
)
def test_a_rule_the_settings_page_edits_is_held_to_its_range_there(name, outside):
    low, high = OWNER_SETTING_RANGES[name]
    result = _load_config({name: outside})

    assert result.returncode != 0
    assert f"{name} must be between {low} and {high}, not {outside}" in result.stderr


@pytest.mark.parametrize("value", ["-0.1", "1.01", "7", "nan"])
def test_a_spam_threshold_outside_zero_to_one_is_refused(value):
    result = _load_config({"SPAM_THRESHOLD": value})

    assert result.returncode != 0
    assert f"SPAM_THRESHOLD must be between 0 and 1, not {value}" in result.stderr


@pytest.mark.parametrize("value", ["0", "0.5", "1"])
def test_a_spam_threshold_from_zero_to_one_is_accepted(value):
    result = _load_config(
        {"SPAM_THRESHOLD": value}, "import config; print(config.Config.SPAM_THRESHOLD)"
    )

    assert result.returncode == 0, result.stderr
    assert float(result.stdout) == float(value)


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

    with pytest.raises(SettingError, match="DB_POOL_SIZE must be a whole number, not 'many'"):
        pool_options("postgresql+psycopg://user@host/db")


@pytest.mark.parametrize(
    "name, below, lowest",
    [("DB_POOL_SIZE", "0", "1"), ("DB_MAX_OVERFLOW", "-1", "0"), ("DB_CONNECT_TIMEOUT", "0", "1")],
)
def test_a_pool_setting_below_its_lowest_value_is_refused_by_name(
    monkeypatch, name, below, lowest
):
    monkeypatch.setenv(name, below)

    with pytest.raises(SettingError, match=f"^{name} must be at least {lowest}, not {below}$"):
        pool_options("postgresql+psycopg://user@host/db")


def test_a_pool_of_one_connection_is_accepted(monkeypatch):
    monkeypatch.setenv("DB_POOL_SIZE", "1")

    options = pool_options("postgresql+psycopg://user@host/db")

    assert options["pool_size"] == 1


def test_gunicorn_refuses_to_start_no_workers():
    result = _load_config({"WEB_CONCURRENCY": "0"}, GUNICORN_SETTINGS)

    assert result.returncode != 0
    assert "WEB_CONCURRENCY must be at least 1, not 0" in result.stderr


def test_gunicorn_starts_one_worker_when_asked():
    result = _load_config({"WEB_CONCURRENCY": "1"}, GUNICORN_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
