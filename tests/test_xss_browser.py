"""A representative set of stored-XSS payloads, opened in real Chromium: no dialog, no
console error (a CSP report would be one), on public and admin pages.

Serves the test app from a thread on a free loopback port; skipped when Playwright or
Chromium is missing, unless REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from blog.models import CommentStatus
from tests.admin.conftest import PASSWORD, make_user
from tests.factories import make_article, make_comment
from tests.xss_payloads import XSS_PAYLOADS

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
# One of each kind: script, handler, SVG, URL schemes, quote and textarea breaks, templates.
REPRESENTATIVE = [p for p in XSS_PAYLOADS if any(k in p for k in (
    "<script>", "onerror", "<svg", "javascript:", "data:", '"><', "</textarea>", "{{",
    "</title>", "onfocus",
))][:20]  # fmt: skip

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None


def _skip_or_fail() -> None:
    reason = None
    if sync_playwright is None:
        reason = "Playwright is not installed"
    elif not os.access(CHROMIUM, os.X_OK):
        reason = f"no Chromium at {CHROMIUM}"
    if reason and os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture
def live_url(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.mark.browser
def test_payloads_never_run_in_a_real_browser(app, live_url):
    _skip_or_fail()
    text = "\n\n".join(REPRESENTATIVE)
    article = make_article(slug="xss", title=REPRESENTATIVE[0], subtitle=REPRESENTATIVE[1],
                           body_markdown=text)  # fmt: skip
    for n, payload in enumerate(REPRESENTATIVE):
        status = CommentStatus.APPROVED if n % 2 else CommentStatus.PENDING
        make_comment(article, author_name=payload[:100], body=payload, status=status,
                     author_website=payload[:200], status_reasons=payload)  # fmt: skip
    owner = make_user("owner@example.com")
    dialogs: list[str] = []
    errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=live_url)
            page.set_default_timeout(15_000)
            # The site has no favicon yet; its 404 would be a console error unrelated to XSS.
            page.route("**/favicon.ico*", lambda route: route.fulfill(status=204))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto("/admin/login")
            page.fill("#email", owner.email)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/admin/")
            for path in ("/", "/xss/", "/admin/", "/admin/comments/?status=all",
                         f"/admin/articles/{article.id}/edit", "/admin/comments/1"):  # fmt: skip
                page.goto(path)
                page.mouse.move(200, 300)  # hover and focus handlers get their chance
                page.keyboard.press("Tab")
                assert page.evaluate("typeof window.xss === 'undefined'")
        finally:
            browser.close()

    assert dialogs == []
    assert errors == []
