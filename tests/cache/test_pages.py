"""The page cache: readers who only read share one copy; every visible change shows at once."""

from __future__ import annotations

import gzip
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from blog.cache import shortcut
from blog.comments.protection import TOKEN_SALT
from blog.extensions import db
from blog.models import ArticleStatus, Comment, CommentStatus
from tests.cache.helpers import recorded_queries
from tests.conftest import form_token
from tests.factories import make_article, make_comment, tag_article

pytestmark = pytest.mark.stamp_readers


def test_a_reader_who_only_reads_gets_the_cached_page_with_no_cookie(app, client, stamp_queries):
    article = make_article(title="Cached story")
    client.get(f"/{article.slug}/")

    with recorded_queries() as queries:
        response = client.get(f"/{article.slug}/")

    assert response.status_code == 200
    assert "Cached story" in response.text
    assert len(queries) == stamp_queries  # the version stamp only: nothing rendered
    assert "Set-Cookie" not in response.headers
    assert response.cache_control.public
    assert response.cache_control.s_maxage == app.config["PAGE_CDN_SECONDS"]
    assert "Cookie" in response.vary


def test_a_newly_approved_comment_shows_on_the_very_next_request(client):
    article = make_article()
    client.get(f"/{article.slug}/")

    make_comment(article, body="Fresh approved words")

    assert "Fresh approved words" in client.get(f"/{article.slug}/").text


def test_hiding_a_comment_not_read_since_its_last_commit_shows_on_the_next_request(client):
    """The status is set on an expired comment, its old value never loaded: the cache hook
    must still learn that an approved comment left the page."""
    article = make_article()
    comment = make_comment(article, body="Gone without a read")
    client.get(f"/{article.slug}/")
    db.session.expire_all()

    comment.status = CommentStatus.SPAM
    db.session.commit()

    assert "Gone without a read" not in client.get(f"/{article.slug}/").text


def test_approving_a_held_comment_shows_it_on_the_very_next_request(client):
    article = make_article()
    comment = make_comment(article, body="Held then approved", status=CommentStatus.PENDING)
    assert "Held then approved" not in client.get(f"/{article.slug}/").text

    comment.status = CommentStatus.APPROVED
    db.session.commit()

    assert "Held then approved" in client.get(f"/{article.slug}/").text


def test_unapproving_editing_and_deleting_comments_show_on_the_next_request(client):
    article = make_article()
    hidden = make_comment(article, body="Soon marked spam")
    edited = make_comment(article, body="Before the edit")
    deleted = make_comment(article, body="Soon deleted")
    client.get(f"/{article.slug}/")

    hidden.status = CommentStatus.SPAM
    edited.body = "After the edit"
    db.session.delete(deleted)
    db.session.commit()
    html = client.get(f"/{article.slug}/").text

    assert "Soon marked spam" not in html
    assert "After the edit" in html
    assert "Before the edit" not in html
    assert "Soon deleted" not in html


def test_an_article_edit_and_an_unpublish_show_on_the_next_request(client):
    article = make_article(title="Old headline")
    client.get(f"/{article.slug}/")
    client.get("/")

    article.title = "New headline"
    db.session.commit()
    assert "New headline" in client.get(f"/{article.slug}/").text
    assert "New headline" in client.get("/").text

    article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert client.get(f"/{article.slug}/").status_code == 404
    assert "New headline" not in client.get("/").text


def test_a_new_comment_updates_the_count_on_the_cached_home_page(client):
    article = make_article()
    assert "0 Comments" in client.get("/").text

    make_comment(article)

    assert "1 Comment<" in client.get("/").text


def test_a_change_made_by_another_worker_is_seen_here(app, client):
    """Another worker has its own session and its own copies; only the database is shared."""
    article = make_article()
    comment = make_comment(article, body="Visible for now")
    client.get(f"/{article.slug}/")

    with Session(db.engine) as other_worker:
        other_worker.get(Comment, comment.id).status = CommentStatus.SPAM
        other_worker.commit()

    assert "Visible for now" not in client.get(f"/{article.slug}/").text


def test_a_rolled_back_change_leaves_the_cached_page_in_place(client, stamp_queries):
    article = make_article()
    comment = make_comment(article, body="Still here")
    url = f"/{article.slug}/"
    client.get(url)

    comment.status = CommentStatus.SPAM
    db.session.flush()
    db.session.rollback()

    with recorded_queries() as queries:
        html = client.get(url).text

    assert "Still here" in html
    assert len(queries) == stamp_queries


def test_a_cached_page_goes_compressed_to_clients_that_accept_gzip(client):
    article = make_article(title="Squeezed story")
    plain = client.get(f"/{article.slug}/")

    packed = client.get(f"/{article.slug}/", headers={"Accept-Encoding": "gzip, br"})
    again = client.get(f"/{article.slug}/")

    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Squeezed story" in gzip.decompress(packed.data).decode()
    assert "Accept-Encoding" in packed.vary
    assert "Content-Encoding" not in again.headers
    # The form token is signed as the page is sent: the rest is the same bytes.
    assert again.text.replace(form_token(again.text), "") == plain.text.replace(
        form_token(plain.text), ""
    )


def test_a_cached_article_page_carries_a_form_token_signed_as_it_is_sent(
    app, client, monkeypatch, stamp_queries
):
    article = make_article()
    client.get(f"/{article.slug}/")  # rendered and cached now
    later = int(time.time()) + 600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda signer: later)

    for headers in ({}, {"Accept-Encoding": "gzip"}):
        with recorded_queries() as queries:
            response = client.get(f"/{article.slug}/", headers=headers)
        html = (
            gzip.decompress(response.data).decode()
            if response.content_encoding == "gzip"
            else response.text
        )
        _, signed_at = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=TOKEN_SALT).loads(
            form_token(html), return_timestamp=True
        )

        assert len(queries) == stamp_queries  # the stamp only: served from the cache, not rendered
        assert signed_at.timestamp() == later


def test_a_cached_page_is_signed_and_compressed_once_a_second_not_once_a_send(
    app, client, monkeypatch
):
    period = app.config["PAGE_CACHE_SECONDS"]
    now = int(time.time()) // period * period + 10.0  # well inside one cache period
    monkeypatch.setattr(shortcut.time, "time", lambda: now)
    article = make_article()
    client.get(f"/{article.slug}/")  # rendered and cached
    signings: list[str] = []
    real_restamp = shortcut.restamp_form_token
    monkeypatch.setattr(
        shortcut, "restamp_form_token", lambda token: signings.append(token) or real_restamp(token)
    )

    first = client.get(f"/{article.slug}/", headers={"Accept-Encoding": "gzip"})
    same_second = client.get(f"/{article.slug}/", headers={"Accept-Encoding": "gzip"})
    monkeypatch.setattr(shortcut.time, "time", lambda: now + 1)
    next_second = client.get(f"/{article.slug}/", headers={"Accept-Encoding": "gzip"})

    assert same_second.data == first.data
    assert len(signings) == 2  # once for each second, not once for each of three sends
    tokens = [form_token(gzip.decompress(r.data).decode()) for r in (first, next_second)]
    assert tokens[0] != tokens[1]


@pytest.mark.parametrize(
    ("path", "changes"),
    [
        ("/", True),
        ("/tags/news/", True),
        ("/tags/", False),
        ("/feeds/atom.xml", False),
        ("/search?q=article", False),
        ("/sitemap.xml", False),
    ],
)
def test_an_approved_comment_changes_only_pages_that_show_comment_counts(client, path, changes):
    article = tag_article(make_article(), "News")
    before = client.get(path).headers["ETag"]

    make_comment(article, status=CommentStatus.APPROVED)

    assert (client.get(path).headers["ETag"] != before) is changes
