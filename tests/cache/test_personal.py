"""What differs per reader is rendered for that reader alone and never reaches anyone else."""

from __future__ import annotations

import pytest

from blog.models import CommentStatus
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.stamp_readers


def test_a_held_comment_is_shown_to_its_author_and_never_cached_for_others(app):
    article = make_article()
    author, reader = app.test_client(), app.test_client()
    reader.get(f"/{article.slug}/")

    post_comment(author, article, body="My held words", author_email="new@example.com")
    own_view = author.get(f"/{article.slug}/")
    others_view = reader.get(f"/{article.slug}/")

    assert "My held words" in own_view.text
    assert own_view.cache_control.no_store and own_view.cache_control.private
    assert "My held words" not in others_view.text
    assert "awaiting moderation" not in others_view.text


def test_saved_details_fill_only_their_owners_form(app):
    article = make_article()
    author, reader = app.test_client(), app.test_client()
    make_comment(article, author_email="known@example.com")

    post_comment(
        author,
        article,
        author_name="Saved Sam",
        author_email="known@example.com",
        save_details="y",
    )
    own_view = author.get(f"/{article.slug}/")
    others_view = reader.get(f"/{article.slug}/")

    assert 'value="Saved Sam"' in own_view.text
    assert 'value="Saved Sam"' not in others_view.text
    assert "Set-Cookie" not in others_view.headers


def test_a_flash_message_is_shown_once_to_its_reader_and_never_cached(app):
    article = make_article()
    make_comment(article, author_email="known@example.com")
    author, reader = app.test_client(), app.test_client()

    posted = post_comment(
        author, article, body="Published at once", author_email="known@example.com"
    )
    own_view = author.get(posted.headers["Location"])
    others_view = reader.get(f"/{article.slug}/")

    assert "Your comment is published" in own_view.text
    assert own_view.cache_control.no_store
    assert "Published at once" in others_view.text
    assert "Your comment is published" not in others_view.text
    assert others_view.cache_control.public


def test_a_posted_comment_that_is_approved_shows_to_other_readers_at_once(app):
    article = make_article()
    make_comment(article, author_email="regular@example.com", status=CommentStatus.APPROVED)
    author, reader = app.test_client(), app.test_client()
    reader.get(f"/{article.slug}/")

    post_comment(author, article, body="Regular says hello", author_email="regular@example.com")

    assert "Regular says hello" in reader.get(f"/{article.slug}/").text


def test_a_page_with_an_error_is_never_stored(app, client):
    article = make_article()

    response = client.get(f"/{article.slug}/?replyto=notanumber")
    missing = client.get("/no-such-article/")

    assert response.status_code == 200
    assert missing.status_code == 404
    assert not missing.cache_control.public


def test_a_posted_comment_that_is_held_leaves_every_cached_page_in_place(app):
    article = make_article()
    author, reader = app.test_client(), app.test_client()
    paths = ("/", f"/{article.slug}/")
    before = {path: reader.get(path).headers["ETag"] for path in paths}

    post_comment(author, article, body="Held words", author_email="new@example.com")

    assert {path: reader.get(path).headers["ETag"] for path in paths} == before
