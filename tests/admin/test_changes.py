"""Every admin action shows on the very next request of a reader served from the cache.

The reader is a separate client with no cookie, whose pages come from the page cache;
each test first fills the cache, then acts as the owner, then reads again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from blog.articles import queries
from blog.cache import stamps
from blog.models import CommentStatus
from blog.models.types import utcnow
from tests.admin.conftest import CONFIRMED
from tests.admin.test_articles import FIELDS
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.stamp_readers


@pytest.fixture
def reader(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def article(app):
    return make_article(slug="story", title="The story")


def _cached(reader: FlaskClient, url: str) -> str:
    first = reader.get(url)
    again = reader.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304, "the page should be cached before the action"
    return first.text


@pytest.mark.parametrize("action", ["approve", "bulk"])
def test_an_approval_shows_on_the_very_next_request(admin, reader, article, action):
    comment = make_comment(article, body="Held words.", status=CommentStatus.PENDING)
    assert "Held words." not in _cached(reader, "/story/")

    if action == "bulk":
        admin.post("/admin/comments/bulk", {"action": "approve", "ids": [str(comment.id)]})
    else:
        admin.post(f"/admin/comments/{comment.id}/approve")

    assert "Held words." in reader.get("/story/").text
    assert "1 Comment<" in reader.get("/").text


@pytest.mark.parametrize("action", ["unapprove", "spam"])
def test_hiding_a_comment_shows_on_the_very_next_request(admin, reader, article, action):
    comment = make_comment(article, body="Soon gone.")
    assert "Soon gone." in _cached(reader, "/story/")

    admin.post(f"/admin/comments/{comment.id}/{action}")

    assert "Soon gone." not in reader.get("/story/").text


@pytest.mark.parametrize("how", ["single", "bulk"])
def test_a_confirmed_delete_shows_on_the_very_next_request(admin, reader, article, how):
    comment = make_comment(article, body="Soon gone.")
    make_comment(article, body="Stays put.")
    assert "Soon gone." in _cached(reader, "/story/")
    assert "2 Comments<" in _cached(reader, "/")

    if how == "bulk":
        admin.post("/admin/comments/bulk", {"action": "delete", "ids": comment.id, **CONFIRMED})
    else:
        admin.post(f"/admin/comments/{comment.id}/delete", CONFIRMED)

    html = reader.get("/story/").text
    assert "Soon gone." not in html and "Stays put." in html
    assert "1 Comment<" in reader.get("/").text


@pytest.mark.parametrize("how", ["single", "bulk"])
def test_an_unconfirmed_delete_leaves_the_cached_page_as_it_was(admin, reader, article, how):
    comment = make_comment(article, body="Still here.")
    cached = reader.get("/story/")
    assert "Still here." in cached.text

    if how == "bulk":
        admin.post("/admin/comments/bulk", {"action": "delete", "ids": comment.id})
    else:
        admin.post(f"/admin/comments/{comment.id}/delete")

    again = reader.get("/story/", headers={"If-None-Match": cached.headers["ETag"]})
    assert again.status_code == 304


def test_deleting_a_hidden_parent_moves_its_replies_up_at_once(admin, reader, article):
    parent = make_comment(article, body="Parent words.")
    make_comment(article, body="Reply words.", parent_id=parent.id)
    admin.post(f"/admin/comments/{parent.id}/spam")
    assert 'class="comment depth-1"' in _cached(reader, "/story/")

    admin.post(f"/admin/comments/{parent.id}/delete", CONFIRMED)
    html = reader.get("/story/").text

    assert "Reply words." in html
    assert "depth-2" not in html


def test_an_edit_and_a_reply_show_on_the_very_next_request(admin, reader, article):
    comment = make_comment(article, body="Typo hre.")
    assert "Typo hre." in _cached(reader, "/story/")

    admin.post(f"/admin/comments/{comment.id}/edit", {"body": "Typo here."})
    assert "Typo here." in reader.get("/story/").text

    admin.post(f"/admin/comments/{comment.id}/reply", {"reply-body": "Thanks for reading."})
    assert "Thanks for reading." in reader.get("/story/").text


def test_an_article_edit_shows_on_its_page_and_the_home_page(admin, reader, article):
    _cached(reader, "/story/")
    _cached(reader, "/")

    admin.post(
        f"/admin/articles/{article.id}/edit", {**FIELDS, "title": "A new title", "slug": "story"}
    )

    assert "A new title" in reader.get("/story/").text
    assert "A new title" in reader.get("/").text


def test_publishing_and_deleting_an_article_show_at_once(admin, reader, article):
    _cached(reader, "/")

    admin.post("/admin/articles/new", {**FIELDS, "title": "Fresh news", "slug": "fresh"})
    assert "Fresh news" in reader.get("/").text

    admin.post(f"/admin/articles/{article.id}/delete")
    assert reader.get("/story/").status_code == 404
    assert "The story" not in reader.get("/").text


def test_a_scheduled_article_appears_when_its_time_comes_without_any_write(reader, monkeypatch):
    make_article(slug="now", title="Already out")
    make_article(slug="later", title="Coming soon", published_at=utcnow() + timedelta(hours=1))
    assert "Coming soon" not in _cached(reader, "/")
    assert reader.get("/later/").status_code == 404

    in_two_hours = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(stamps, "utcnow", lambda: in_two_hours)
    monkeypatch.setattr(queries, "utcnow", lambda: in_two_hours)

    assert "Coming soon" in reader.get("/").text
    assert reader.get("/later/").status_code == 200
