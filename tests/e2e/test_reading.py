"""A reader opens the real site in Chromium: the article reads like news and sets no cookie."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import XSS_SLUG

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

DEMO = "/welcome/"
HEADLINE = "A New Home for Local News, Built to Last"


def test_article_page_has_headline_standfirst_byline_and_sections(page: Page) -> None:
    response = page.goto(DEMO)

    assert response is not None and response.status == 200
    assert page.locator("h1").all_inner_texts() == [HEADLINE]
    assert page.locator(".site-header a.site-name").get_attribute("href") == "/"
    assert page.locator(".standfirst").inner_text().startswith("What this blog can do")
    byline = page.locator(".article-header .byline")
    assert byline.inner_text().startswith("By Ada Lovelace")
    published = byline.locator("time").get_attribute("datetime")
    assert published and datetime.fromisoformat(published).tzinfo is not None
    headings = page.locator("h2").all_inner_texts()
    assert headings == ["Why we built it", "🚀 Launch notes", "2 Comments", "Leave a Comment"]
    assert page.locator(".article-body h3").all_inner_texts() == ["What a page can hold"]
    assert page.locator(".comment-list .comment-author").all_inner_texts() == [
        "Grace Hopper",
        "Linus",
    ]


def test_reading_the_home_page_and_an_article_sets_no_cookie(page: Page) -> None:
    home = page.goto("/")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=HEADLINE).click()

    assert home is not None and "set-cookie" not in home.headers
    assert "set-cookie" not in navigation.value.headers
    assert page.url.endswith(DEMO)
    assert page.context.cookies() == []


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("desktop", DESKTOP),
        ("phone", PHONE),
        ("phone-dark", {**PHONE, "color_scheme": "dark"}),
    ],
)
def test_article_screenshot_fits_the_screen(
    new_context, artifacts: Path, name: str, options: dict[str, Any]
) -> None:
    context: BrowserContext = new_context(**options)
    page = context.new_page()
    page.goto(DEMO)

    page.screenshot(path=artifacts / f"article-{name}.png", full_page=True)
    page.screenshot(path=artifacts / f"article-{name}-first-screen.png")
    page.locator("#comments").screenshot(path=artifacts / f"article-{name}-comments.png")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a {name} screen"
    body_text = page.locator(".article-body p").first
    assert float(body_text.evaluate("p => getComputedStyle(p).fontSize")[:-2]) >= 16


def test_scripts_in_an_article_body_never_run(new_context) -> None:
    page = new_context().new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    response = page.goto(f"/{XSS_SLUG}/")

    assert response is not None and response.status == 200
    assert page.locator(".article-body p").count() > 10
    assert (
        page.locator(".article-body script, .article-body iframe, .article-body svg").count() == 0
    )
    assert dialogs == []


def test_keyboard_reader_can_skip_straight_to_the_article(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(DEMO)

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    skip_text = skip.inner_text()
    page.keyboard.press("Enter")

    assert skip_text == "Skip to content"
    # Playwright learns of a same-document navigation by an event, so poll for it.
    expect(page).to_have_url(re.compile(r"#content$"))
