"""axe-core finds no accessibility violations on any page type, in light and dark schemes.

One Chromium serves every page: Playwright answers the browser's requests from the saved
pages and the real static files, so no server or port is needed and nothing leaves the
machine (any other request is refused and reported).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Route, sync_playwright

from tests.e2e.browser_check import chromium_path
from tests.quality.pages import Snapshot, admin_pages, reader_pages, report

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STATIC = ROOT / "blog" / "static"
ORIGIN = "http://blog.test"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_violations(snapshots: list[Snapshot]) -> dict[str, list[str]]:
    """`page name (scheme)` to the axe rules it breaks, with the offending elements."""
    assert AXE.is_file(), f"no {AXE}: run `npm ci` (make test does)"
    pages = {f"/{s.name}": s for s in snapshots}
    foreign: list[str] = []

    def serve(route: Route) -> None:
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            foreign.append(route.request.url)
            return route.abort()
        if url.path in pages:
            page = pages[url.path]
            return route.fulfill(status=page.status, body=page.html, content_type="text/html")
        path = STATIC / url.path.removeprefix("/static/")
        if url.path.startswith("/static/") and path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
        return route.fulfill(status=404, body="")

    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS
        )
        try:
            for scheme in ("light", "dark"):
                context = browser.new_context(color_scheme=scheme, bypass_csp=True)
                context.route("**/*", serve)
                context.add_init_script(path=AXE)  # in every page, before it loads
                page = context.new_page()
                for path in pages:
                    page.goto(ORIGIN + path)
                    result = page.evaluate("axe.run(document)")
                    for violation in result["violations"]:
                        targets = [str(node["target"]) for node in violation["nodes"]][:5]
                        found.setdefault(f"{path[1:]} ({scheme})", []).append(
                            f"{violation['id']}: {violation['help']} {targets}"
                        )
                context.close()
        finally:
            browser.close()
    assert foreign == [], f"pages asked for other origins: {foreign}"
    return found


KNOWN_INACCESSIBLE = Snapshot(
    "known-inaccessible", 200, '<!doctype html><html><title>x</title><img src="/a.png"></html>'
)


@pytest.mark.browser
def test_no_page_has_accessibility_violations(app, client):
    snapshots = reader_pages(client) + admin_pages(app)

    violations = axe_violations([*snapshots, KNOWN_INACCESSIBLE])

    assert violations.pop("known-inaccessible (light)"), "axe did not flag a known-bad page"
    violations.pop("known-inaccessible (dark)", None)
    assert violations == {}, report(violations)
