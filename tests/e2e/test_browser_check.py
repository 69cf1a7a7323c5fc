"""The switch that decides whether a missing browser is a skip (laptop) or a failure (CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.browser_check import (
    Verdict,
    browser_required,
    chromium_path,
    unavailable_reason,
    verdict,
)
from tests.e2e.server import REPO


@pytest.mark.parametrize(
    ("reason", "required", "expected"),
    [
        (None, False, Verdict.RUN),
        (None, True, Verdict.RUN),
        ("no Chromium", False, Verdict.SKIP),
        ("no Chromium", True, Verdict.FAIL),
    ],
)
def test_a_missing_browser_is_a_skip_unless_it_is_required(reason, required, expected):
    assert verdict(reason, required) is expected


@pytest.mark.parametrize(
    ("value", "required"),
    [(None, False), ("", False), ("0", False), ("false", False), ("1", True), ("yes", True)],
)
def test_require_browser_is_read_from_the_environment(value, required):
    environ = {} if value is None else {"REQUIRE_BROWSER": value}

    assert browser_required(environ) is required


def test_chromium_path_defaults_to_debians_and_can_be_overridden():
    assert chromium_path({}) == Path("/usr/bin/chromium")
    assert chromium_path({"CHROMIUM_PATH": "/opt/chrome"}) == Path("/opt/chrome")


def test_missing_chromium_or_playwright_is_named_in_the_reason(tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)

    assert "no Chromium at" in unavailable_reason(tmp_path / "absent", True)
    assert "Playwright" in unavailable_reason(browser, False)
    assert unavailable_reason(browser, True) is None


def run_one_browser_test(**environ: str) -> subprocess.CompletedProcess[str]:
    """A nested pytest run of one browser test on a machine whose Chromium is missing."""
    env = {k: v for k, v in os.environ.items() if k != "REQUIRE_BROWSER"}
    env.update(CHROMIUM_PATH="/nonexistent/chromium", **environ)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--no-header",
         "tests/e2e/test_reading.py::test_reading_the_home_page_and_an_article_sets_no_cookie"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_without_chromium_make_test_skips_the_browser_tests_and_says_so():
    result = run_one_browser_test()

    assert result.returncode == 0, result.stdout
    assert "BROWSER TESTS SKIPPED" in result.stdout
    assert "no Chromium at /nonexistent/chromium" in result.stdout
    assert "2 skipped" in result.stdout


def test_with_require_browser_a_missing_chromium_fails_the_run():
    result = run_one_browser_test(REQUIRE_BROWSER="1")

    assert result.returncode == 1, result.stdout
    assert "REQUIRE_BROWSER=1 but no Chromium at /nonexistent/chromium" in result.stdout
    assert "2 errors" in result.stdout
    assert "BROWSER TESTS SKIPPED" not in result.stdout
