"""Browser tests: the real app under gunicorn, driven by headless Chromium.

Skipped, and said so in the summary, when Chromium or Playwright is missing; with
REQUIRE_BROWSER=1 (CI) that skip becomes a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url

from tests.e2e.browser_check import (
    Verdict,
    browser_required,
    chromium_path,
    unavailable_reason,
    verdict,
)
from tests.e2e.server import (
    LiveServer,
    app_environment,
    drop_all_tables,
    flask_cli,
    free_port,
    start_gunicorn,
)
from tests.xss_payloads import XSS_PAYLOADS

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported as a skip, or a failure under REQUIRE_BROWSER, below
    sync_playwright = None

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

UNAVAILABLE = unavailable_reason(chromium_path(), sync_playwright is not None)
SKIPPED = pytest.StashKey[list[str]]()
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS_SLUG = "xss-check"
_emails = count(1)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Decide before any fixture runs, so a skipped test never starts a server."""
    if item.get_closest_marker("browser") is None:
        return
    decision = verdict(UNAVAILABLE, browser_required())
    if decision is Verdict.SKIP:
        item.config.stash.setdefault(SKIPPED, []).append(item.nodeid)
        pytest.skip(f"browser tests skipped: {UNAVAILABLE}")
    if decision is Verdict.FAIL:
        pytest.fail(f"REQUIRE_BROWSER=1 but {UNAVAILABLE}", pytrace=False)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    skipped = config.stash.get(SKIPPED, [])
    if skipped:
        terminalreporter.write_sep("=", "BROWSER TESTS SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(
            f"{len(skipped)} browser tests did not run: {UNAVAILABLE}. "
            "Set REQUIRE_BROWSER=1 to make this a failure (CI does)."
        )


def _xss_article(directory: Path) -> Path:
    body = "\n\n".join(f"Payload {n}: {payload}" for n, payload in enumerate(XSS_PAYLOADS))
    path = directory / "xss.md"
    path.write_text(
        f"---\ntitle: Sanitizer check\nauthor: Test Desk\nslug: {XSS_SLUG}\n---\n{body}\n",
        encoding="utf-8",
    )
    return path


CONVERSATION_SLUG = "busy-conversation"
CONVERSATION_THREADS = 52  # two pages at the default 50 threads a page


def _conversation(directory: Path) -> Path:
    """A WordPress export of an old article with more threads than one page holds; the
    oldest thread has a reply. Imported as the owner would move a blog in."""
    comments = []
    for n in range(1, CONVERSATION_THREADS + 1):
        comments.append(_wxr_comment(n, f"Reader {n}", f"Thread number {n}.", 0, second=n))
    comments.append(_wxr_comment(1000, "Late Reader", "A late reply to the first.", 1, 100))
    item = f"""<item><title>A busy conversation</title>
<pubDate>Mon, 01 Apr 2024 09:30:00 +0000</pubDate><dc:creator>desk</dc:creator>
<content:encoded><![CDATA[<p>An old story that drew many comments.</p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2024-04-01 09:30:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{CONVERSATION_SLUG}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{"".join(comments)}</item>"""
    path = directory / "conversation.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>Old</title><wp:wxr_version>1.2</wp:wxr_version>{item}</channel></rss>",
        encoding="utf-8",
    )
    return path


def _wxr_comment(wp_id: int, author: str, text: str, parent: int, second: int) -> str:
    return f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>{author}</wp:comment_author>
<wp:comment_author_email>reader{wp_id}@example.com</wp:comment_author_email>
<wp:comment_date_gmt>2024-04-02 10:{second // 60:02d}:{second % 60:02d}</wp:comment_date_gmt>
<wp:comment_content>{text}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>
</wp:comment>"""


@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn serving a freshly migrated database seeded through the owner's commands."""
    workdir = tmp_path_factory.mktemp("e2e")
    shared_database = os.environ.get("TEST_DATABASE_URL")
    if shared_database and make_url(shared_database).database in (None, "", ":memory:"):
        shared_database = None  # each gunicorn worker would get its own empty database
    database_url = shared_database or f"sqlite:///{workdir / 'e2e.sqlite3'}"
    drop_all_tables(database_url)
    env = app_environment(database_url, free_port())
    flask_cli(env, "db", "upgrade")
    flask_cli(env, "load-demo")
    flask_cli(env, "import-markdown", str(_xss_article(workdir)))
    flask_cli(env, "import-wordpress", str(_conversation(workdir)))
    server = start_gunicorn(env, workdir / "gunicorn.log")
    try:
        yield server
    finally:
        server.stop()
        if shared_database:
            # The unit tests' fixtures build their own schema with create_all.
            drop_all_tables(database_url)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(
    browser: Browser, live_server: LiveServer
) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts on the live server; any request off it is refused and reported."""
    contexts: list[BrowserContext] = []
    foreign: list[str] = []

    def keep_local(route: Route) -> None:
        if urlsplit(route.request.url).netloc == urlsplit(live_server.url).netloc:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def make(**options: Any) -> BrowserContext:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        context.route("**/*", keep_local)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert foreign == [], f"the pages asked for third-party resources: {foreign}"


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def page(request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh browser, once with JavaScript on and once with it off."""
    return new_context(java_script_enabled=request.param).new_page()


@pytest.fixture
def no_js_page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, artifacts: Path) -> Callable[[Page, str], Path]:
    """Save what the reader sees now, named after the test's variant, for a person to look at."""
    variant = request.node.callspec.id if hasattr(request.node, "callspec") else ""

    def take(page: Page, label: str) -> Path:
        path = artifacts / f"{label}{'-' + variant if variant else ''}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def unique_email() -> str:
    """A commenter the database has never seen, so moderation treats them as first-time."""
    return f"e2e-{next(_emails)}-{os.getpid()}@example.com"
