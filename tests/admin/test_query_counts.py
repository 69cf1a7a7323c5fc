"""Admin lists cost the same number of queries for one row as for a full page."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from blog.extensions import db
from tests.factories import make_article, make_comment


@contextmanager
def counted():
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _queries(admin, url: str) -> int:
    with counted() as statements:
        assert admin.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/admin/", "/admin/comments/?status=all"])
def test_comment_lists_do_not_query_per_row(admin, url):
    articles = [make_article() for _ in range(3)]
    make_comment(articles[0], status="pending")
    one = _queries(admin, url)

    for n in range(29):
        make_comment(articles[n % 3], status="pending")
    many = _queries(admin, url)

    assert many == one


def test_article_list_does_not_query_per_row(admin):
    make_article()
    one = _queries(admin, "/admin/articles/")

    for _ in range(15):
        make_article()

    assert _queries(admin, "/admin/articles/") == one
