"""A person in Chromium: the 3-second form age lets a reader through first time, and
tells one who was quicker than a robot would expect to send again (which then works)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment
from tests.factories import make_article
from tests.live import chromium, serving


def fill_in(page, body: str) -> None:
    page.fill("#body", body)
    page.fill("#author_name", "Browser Reader")
    page.fill("#author_email", "browser@example.com")


@pytest.mark.browser
def test_reader_who_reads_before_posting_gets_through_first_time(app):
    app.config["COMMENT_MIN_SECONDS"] = 3
    article = make_article()

    with serving(app) as url, chromium() as browser:
        page = browser.new_page(base_url=url)
        page.goto(f"/{article.slug}/")
        page.wait_for_timeout(3500)  # reading the article
        fill_in(page, "Read it, then wrote this.")
        page.click("button[type=submit]")
        flash = page.locator(".flashes").inner_text()

    assert "Your comment is awaiting moderation" in flash
    assert db.session.scalar(select(Comment.body)) == "Read it, then wrote this."


@pytest.mark.browser
def test_a_too_quick_post_is_explained_and_the_resend_works(app):
    app.config["COMMENT_MIN_SECONDS"] = 3
    article = make_article()

    with serving(app) as url, chromium() as browser:
        page = browser.new_page(base_url=url)
        page.goto(f"/{article.slug}/")
        fill_in(page, "Posted at once.")
        page.click("button[type=submit]")
        refusal = page.locator(".form-error").inner_text()
        kept = page.input_value("#body")
        page.wait_for_timeout(3500)
        page.click("button[type=submit]")
        flash = page.locator(".flashes").inner_text()

    assert "quicker than we expect from a person" in refusal
    assert kept == "Posted at once."
    assert "Your comment is awaiting moderation" in flash
