"""The test app served from a thread on a free loopback port, and headless Chromium.

For browser checks that need the test's own app and database (the e2e suite runs gunicorn
on a migrated database instead). Skipped when Playwright or Chromium is missing, unless
REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None


def skip_without_browser() -> None:
    reason = None
    if sync_playwright is None:
        reason = "Playwright is not installed"
    elif not os.access(CHROMIUM, os.X_OK):
        reason = f"no Chromium at {CHROMIUM}"
    if reason and os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(reason)


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    skip_without_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
