"""A representative set of stored-XSS payloads, opened in real Chromium: no dialog, no
console error (a CSP report would be one), on public and admin pages.

Serves the test app from a thread (tests/live.py); skipped without Chromium, unless
REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import pytest

from blog.models import CommentStatus
from tests.admin.conftest import PASSWORD, make_user
from tests.factories import make_article, make_comment
from tests.live import chromium, serving
from tests.xss_payloads import XSS_PAYLOADS

# One of each kind: script, handler, SVG, URL schemes, quote and textarea breaks, templates.
REPRESENTATIVE = [p for p in XSS_PAYLOADS if any(k in p for k in (
    "<script>", "onerror", "<svg", "javascript:", "data:", '"><', "</textarea>", "{{",
    "</title>", "onfocus",
))][:20]  # fmt: skip


@pytest.mark.browser
def test_payloads_never_run_in_a_real_browser(app):
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

    with serving(app) as live_url, chromium() as browser:
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

    assert dialogs == []
    assert errors == []
