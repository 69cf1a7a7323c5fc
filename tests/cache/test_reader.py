"""Stamps read on their own autocommit connection see every commit at once."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask

from blog import create_app
from blog.cache.reader import dispose_stamp_engine
from blog.extensions import db
from blog.models import CommentStatus
from config import TestingConfig
from tests.conftest import _empty_all_tables
from tests.factories import make_article, make_comment


@pytest.fixture
def file_app(tmp_path) -> Iterator[Flask]:
    """The app on a database that a second connection can see (not in-memory SQLite)."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = os.environ.get(
            "TEST_DATABASE_URL", f"sqlite:///{tmp_path / 'blog.sqlite3'}"
        )
        PAGE_STAMP_ENGINE = True

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        yield app
        dispose_stamp_engine(app)
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def test_a_change_committed_elsewhere_shows_through_the_stamp_connection(file_app):
    client = file_app.test_client()
    article = make_article()
    comment = make_comment(article, body="Approved for now")
    url = f"/{article.slug}/"
    assert "Approved for now" in client.get(url).text
    assert client.get(url).headers["ETag"]

    comment.status = CommentStatus.SPAM
    db.session.commit()

    assert "Approved for now" not in client.get(url).text
    assert "stamp_engine" in file_app.extensions


def test_an_unknown_page_is_still_a_404_through_the_stamp_connection(file_app):
    assert file_app.test_client().get("/no-such-story/").status_code == 404
