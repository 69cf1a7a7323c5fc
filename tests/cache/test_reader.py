"""Stamps read on their own autocommit connection see every commit at once; where a change
signal exists (SQLite, or Redis), stamps read since the database last changed are kept, and
only that long."""

from __future__ import annotations

import pytest

from blog.cache import reader
from blog.extensions import db
from blog.models import CommentStatus
from tests.cache.helpers import recorded_queries
from tests.factories import make_article, make_comment

own_engine = pytest.mark.parametrize("stamp_reader", ["own engine"], indirect=True)


@own_engine
def test_a_change_committed_elsewhere_shows_through_the_stamp_connection(app, client):
    article = make_article()
    comment = make_comment(article, body="Approved for now")
    url = f"/{article.slug}/"
    assert "Approved for now" in client.get(url).text
    assert client.get(url).headers["ETag"]

    comment.status = CommentStatus.SPAM
    db.session.commit()

    assert "Approved for now" not in client.get(url).text
    assert "stamp_engine" in app.extensions


@own_engine
def test_an_unknown_page_is_still_a_404_through_the_stamp_connection(client):
    assert client.get("/no-such-story/").status_code == 404


@pytest.mark.parametrize("stamp_reader", ["own engine", "redis"], indirect=True)
def test_stamps_are_read_again_only_after_a_commit(client, stamp_queries):
    article = make_article()
    url = f"/{article.slug}/"
    client.get(url)

    with recorded_queries() as unchanged:
        client.get(url)
    make_comment(article, body="Just approved")
    with recorded_queries() as changed:
        html = client.get(url).text

    assert "Just approved" in html
    # Without a change signal (PostgreSQL without Redis) the stamp is read every time.
    assert len(unchanged) == stamp_queries
    assert changed, "a commit elsewhere must send the stamp query again"


@own_engine
def test_the_kept_stamps_are_bounded(app, client, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("stamps are kept on SQLite only")
    monkeypatch.setattr(reader, "MAX_KEPT", 3)
    for article in [make_article() for _ in range(8)]:
        client.get(f"/{article.slug}/")

    with app.test_request_context():
        kept = reader.since_last_change()

    assert kept is not None and 0 < len(kept) <= 4
