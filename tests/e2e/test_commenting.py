"""A reader leaves a comment in Chromium, with JavaScript on and with it off."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import CONVERSATION_SLUG
from tests.xss_payloads import XSS_PAYLOADS

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Response

pytestmark = pytest.mark.browser

DEMO = "/welcome/"
AWAITING = "Your comment is awaiting moderation."
SAVE = "Save my name, email, and website in this browser for the next time I comment."


def box(page: Page, name: str) -> Locator:
    """A form field found the way a screen reader finds it: by its label."""
    return page.get_by_role("textbox", name=name, exact=True)


def fill_comment(page: Page, body: str, name: str, email: str, website: str = "") -> None:
    box(page, "Comment").fill(body)
    box(page, "Name").fill(name)
    box(page, "Email").fill(email)
    box(page, "Website").fill(website)


def post(page: Page) -> Response:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post Comment").click()
    response = navigation.value
    assert response is not None
    return response


def test_first_comment_lands_on_its_anchor_awaiting_moderation(
    page: Page, unique_email: str, screenshot
) -> None:
    page.goto(DEMO)
    fill_comment(page, "Hello from a real browser.", "First Timer", unique_email)

    response = post(page)
    screenshot(page, "comment-posted")

    match = re.search(r"/welcome/#comment-(\d+)$", page.url)
    assert response.status == 200 and match, page.url
    posted = response.request.redirected_from
    assert posted is not None and posted.method == "POST"
    assert posted.response().status == 303
    assert (
        "Thank you. Your comment is awaiting moderation." in page.locator(".flashes").inner_text()
    )
    mine = page.locator(f"#comment-{match.group(1)}")
    assert "Hello from a real browser." in mine.inner_text()
    assert mine.locator(".awaiting").inner_text() == AWAITING
    assert page.locator("#comments-title").inner_text() == "2 Comments"


def test_comment_refused_by_the_server_keeps_the_text_with_the_message_at_the_field(
    page: Page, screenshot
) -> None:
    page.goto(DEMO)
    # "a@b" passes the browser's own email check, so only the server can refuse it.
    fill_comment(page, "Words I do not want to type twice.", "Careful Reader", "a@b")

    response = post(page)
    screenshot(page, "comment-refused")

    assert response.status == 422
    email = box(page, "Email")
    assert email.get_attribute("aria-invalid") == "true"
    message = page.locator(f"#{email.get_attribute('aria-describedby')}")
    assert message.inner_text() == "Please enter a valid email address."
    assert box(page, "Comment").input_value() == "Words I do not want to type twice."
    assert box(page, "Name").input_value() == "Careful Reader"
    assert email.input_value() == "a@b"


def test_reply_link_works_without_javascript(no_js_page: Page, unique_email: str) -> None:
    page = no_js_page
    page.goto(DEMO)
    parent = page.locator(".comment", has_text="Grace Hopper").first
    parent_id = parent.get_attribute("id")

    page.get_by_role("link", name="Reply to Grace Hopper").click()
    assert "Replying to Grace Hopper." in page.locator(".replying").inner_text()
    fill_comment(page, "Replying without scripts.", "Quiet Reader", unique_email)
    post(page)

    reply = page.locator(f"#{parent_id} > ol.children > li.comment")
    assert "Replying without scripts." in reply.inner_text()
    assert AWAITING in reply.inner_text()


def test_older_comments_are_a_link_away_and_a_reply_there_lands_there(
    page: Page, unique_email: str, screenshot
) -> None:
    """52 imported threads: the article shows the newest 50, the oldest two are on page 2,
    and a reply posted from page 2 comes back to page 2, under its parent."""
    page.goto(f"/{CONVERSATION_SLUG}/")
    threads = page.locator("ol.comment-list > li.comment")
    assert threads.count() == 50
    assert threads.first.locator(".comment-body").inner_text() == "Thread number 3."
    assert page.locator("#comments-title").inner_text() == "53 Comments"

    page.get_by_role("link", name="← Older comments").click()
    assert page.url.endswith(f"/{CONVERSATION_SLUG}/?page=2#comments")
    assert threads.count() == 2
    first = page.locator(".comment", has_text="Thread number 1.").first
    assert "A late reply to the first." in first.locator("ol.children").inner_text()
    screenshot(page, "comments-page-2")

    page.get_by_role("link", name="Reply to Reader 2").click()
    assert "page=2" in page.url
    assert "Replying to Reader 2." in page.locator(".replying").inner_text()
    fill_comment(page, "An answer from page two.", "Patient Reader", unique_email)
    post(page)

    assert re.search(rf"/{CONVERSATION_SLUG}/\?page=2#comment-\d+$", page.url), page.url
    parent = page.locator(".comment", has_text="Thread number 2.").first
    reply = parent.locator("ol.children > li.comment")
    assert "An answer from page two." in reply.inner_text()
    assert AWAITING in reply.inner_text()
    page.get_by_role("link", name="Newer comments →").click()
    assert page.url.endswith(f"/{CONVERSATION_SLUG}/#comments")


def test_saved_details_fill_the_form_on_the_next_visit(page: Page, unique_email: str) -> None:
    page.goto(DEMO)
    fill_comment(page, "Remember me.", "Regular Reader", unique_email, "https://me.example")
    page.get_by_role("checkbox", name=SAVE).check()
    post(page)

    page.goto(DEMO)

    assert box(page, "Name").input_value() == "Regular Reader"
    assert box(page, "Email").input_value() == unique_email
    assert box(page, "Website").input_value() == "https://me.example"
    assert page.get_by_role("checkbox", name=SAVE).is_checked()
    assert box(page, "Comment").input_value() == ""
    saved = [c for c in page.context.cookies() if c["name"] == "comment_author"]
    assert len(saved) == 1 and saved[0]["httpOnly"]


def test_script_in_a_comment_is_shown_as_text_and_never_runs(new_context, unique_email) -> None:
    page = new_context().new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(DEMO)
    payloads = "\n\n".join(XSS_PAYLOADS)
    fill_comment(page, payloads, "<script>alert('name')</script>", unique_email)

    post(page)

    mine = page.locator(page.url[page.url.index("#") :])
    assert "<script>alert(1)</script>" in mine.locator(".comment-body").inner_text()
    assert "<script>alert('name')</script>" in mine.locator(".comment-author").inner_text()
    assert mine.locator("script, img, iframe, svg").count() == 0
    assert dialogs == []
