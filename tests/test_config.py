"""Settings the app cannot work with are refused when the configuration loads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.server import REPO


@pytest.mark.parametrize("name", ["ARTICLES_PER_PAGE", "COMMENTS_PER_PAGE", "SITEMAP_PAGE_SIZE"])
@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_page_size_below_one_is_refused_by_name(name, value):
    result = subprocess.run(
        [sys.executable, "-c", "import config"],
        cwd=REPO,
        env={**os.environ, name: value},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"{name} must be at least 1, not {value}" in result.stderr


def test_a_page_size_of_one_is_accepted():
    env = {**os.environ, "COMMENTS_PER_PAGE": "1", "ARTICLES_PER_PAGE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import config; print(config.Config.COMMENTS_PER_PAGE)"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
