"""The owner's first run in Chromium: setup link, an article, a reader's comment approved,
then deleted after the confirmation page (JavaScript off, as for every owner step)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.e2e.server import LiveServer, flask_cli

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

OWNER_EMAIL = "owner@example.com"
OWNER_PASSWORD = "a long owner password"


@pytest.fixture(scope="module")
def owner_setup_link(live_server: LiveServer) -> str:
    """What `make run` prints on a fresh site: the one-time link to create the owner."""
    output = flask_cli(live_server.env, "setup-link", "--base-url", live_server.url)
    match = re.search(r"(http://\S+/admin/setup\?token=\S+)", output)
    assert match, output
    return match.group(1)


def _field(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def _create_owner(page: Page, link: str) -> None:
    page.goto(link)
    _field(page, "Email *").fill(OWNER_EMAIL)
    _field(page, "Display name *").fill("Olive Owner")
    _field(page, "Password *").fill(OWNER_PASSWORD)
    _field(page, "Password again *").fill(OWNER_PASSWORD)
    page.get_by_role("button", name="Create account").click()


def test_owner_publishes_an_article_approves_a_readers_comment_then_deletes_it(
    owner_setup_link: str,
    new_context: Callable[..., BrowserContext],
    unique_email: str,
    screenshot,
) -> None:
    owner = new_context(java_script_enabled=False).new_page()
    _create_owner(owner, owner_setup_link)
    assert owner.get_by_role("heading", name="Dashboard", level=1).is_visible()

    owner.get_by_role("link", name="New article").first.click()
    _field(owner, "Title *").fill("Harbour reopens after the storm")
    _field(owner, "Subtitle").fill("Ferries run again from Monday")
    _field(owner, "Body (Markdown)").fill("## At the quay\n\nThe *first* ferry left at six.")
    owner.get_by_role("button", name="Preview").click()
    assert owner.locator(".preview em").inner_text() == "first"
    screenshot(owner, "admin-editor")
    _field(owner, "Status").select_option("published")
    owner.get_by_role("button", name="Save").click()
    assert "Saved" in owner.locator(".flashes").inner_text()

    reader = new_context().new_page()
    reader.goto("/harbour-reopens-after-the-storm/")
    assert reader.get_by_role("heading", name="Harbour reopens after the storm").is_visible()
    reader.get_by_role("textbox", name="Comment", exact=True).fill("Glad the ferries are back.")
    reader.get_by_role("textbox", name="Name", exact=True).fill("Rhea Reader")
    reader.get_by_role("textbox", name="Email", exact=True).fill(unique_email)
    reader.get_by_role("button", name="Post Comment").click()
    assert "awaiting moderation" in reader.locator(".flashes").inner_text()

    owner.goto("/admin/")
    screenshot(owner, "admin-dashboard")
    owner.get_by_role("link", name="Comments", exact=True).click()
    row = owner.locator("tr", has_text="Glad the ferries are back.")
    assert unique_email in row.inner_text()
    screenshot(owner, "admin-moderation-queue")
    row.get_by_role("button", name="Approve: comment by Rhea Reader").click()
    assert "approve done" in owner.locator(".flashes").inner_text()

    stranger = new_context().new_page()
    stranger.goto("/harbour-reopens-after-the-storm/")
    comment = stranger.locator(".comment", has_text="Glad the ferries are back.")
    assert "Rhea Reader" in comment.inner_text()
    assert comment.locator(".awaiting").count() == 0

    owner.goto("/admin/comments/?status=approved")
    delete = owner.get_by_role("link", name="Delete: comment by Rhea Reader")
    delete.click()
    assert owner.get_by_role("heading", name="Delete the comment by Rhea Reader?").is_visible()
    owner.get_by_role("link", name="Cancel").click()
    assert owner.locator("tr", has_text="Glad the ferries are back.").count() == 1
    delete.click()
    screenshot(owner, "admin-comment-delete")
    owner.get_by_role("button", name="Delete the comment").click()
    assert "deleted" in owner.locator(".flashes").inner_text()
    assert owner.locator("tr", has_text="Glad the ferries are back.").count() == 0

    stranger.reload()
    assert stranger.locator(".comment", has_text="Glad the ferries are back.").count() == 0
