"""Browser checks here follow the e2e suite's rule: skipped (and said so) without Chromium or
Playwright, a failure instead under REQUIRE_BROWSER=1."""

from __future__ import annotations

import pytest

from tests.e2e.browser_check import (
    Verdict,
    browser_required,
    chromium_path,
    unavailable_reason,
    verdict,
)

UNAVAILABLE = unavailable_reason(chromium_path(), playwright_installed=True)  # a test dependency


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None:
        return
    decision = verdict(UNAVAILABLE, browser_required())
    if decision is Verdict.SKIP:
        pytest.skip(f"browser tests skipped: {UNAVAILABLE}")
    if decision is Verdict.FAIL:
        pytest.fail(f"REQUIRE_BROWSER=1 but {UNAVAILABLE}", pytrace=False)
