"""Every query a reader's request sends is answered from an index, never by a full scan.

The statements are the ones the pages really send (recorded), explained on the database
under test: SQLite's query plan, or PostgreSQL's with sequential scans priced out (so an
empty test table still shows whether an index could answer).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from blog.extensions import db
from blog.models import Tag
from tests.cache.helpers import recorded_queries
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment

# A full-text table answers MATCH (M in its plan) from its own index.
SQLITE_FULL_SCAN = re.compile(
    r"\bSCAN (?!CONSTANT ROW)\w+\b(?! USING (COVERING )?INDEX| VIRTUAL TABLE INDEX \d+:\S*M)"
)


def _reader_statements(client) -> list[tuple[str, object]]:
    article = make_article(tags=[Tag(slug="rivers", name="Rivers")], title="A story")
    make_comment(article, author_email="known@example.com")
    with recorded_queries() as statements:
        for path in ("/", "/?page=1", f"/{article.slug}/", "/tags/", "/tags/rivers/"):
            client.get(path)
        for path in ("/search?q=story", "/feeds/atom.xml", "/tags/rivers/rss.xml"):
            client.get(path)
        post_comment(client, article, author_email="known@example.com")
    return [(sql, params) for sql, params in statements if _is_query(sql)]


def _is_query(sql: str) -> bool:
    return sql.lstrip().startswith(("SELECT", "WITH"))


def _plan(sql: str, params: object) -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        rows = connection.exec_driver_sql(f"EXPLAIN {sql}", params)
    else:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
    return "\n".join(str(row[-1]) for row in rows)


def _table_scans(plan: str) -> list[str]:
    """Full scans of tables; a derived table (a bounded subquery's rows) is not one."""
    derived = set(re.findall(r"(?:CO-ROUTINE|MATERIALIZE) (\w+)", plan))
    return [
        match.group(0)
        for match in SQLITE_FULL_SCAN.finditer(plan)
        if match.group(0).split()[1] not in derived
    ]


def test_reader_pages_send_only_indexed_queries(client):
    statements = _reader_statements(client)
    assert len(statements) >= 6

    for sql, params in statements:
        plan = _plan(sql, params)
        assert "Seq Scan" not in plan, f"{sql}\n{plan}"
        assert not _table_scans(plan), f"{sql}\n{plan}"
        ranked = "MATCH" in sql or "ts_rank" in sql  # search results are sorted by relevance
        if "LIMIT" in sql and not ranked:  # a page of a listing comes in index order
            assert "TEMP B-TREE" not in plan, f"sorted without an index: {sql}\n{plan}"
            assert "Sort" not in plan, f"sorted without an index: {sql}\n{plan}"
    db.session.rollback()


@pytest.mark.parametrize(
    "plan, full_scan",
    [
        ("SCAN articles", True),
        ("SCAN articles USING INDEX ix_articles_status_published_at", False),
        ("SEARCH comments USING INDEX ix_comments_article_status_created (article_id=?)", False),
        ("SCAN c USING COVERING INDEX ix_x", False),
        ("SCAN articles_fts VIRTUAL TABLE INDEX 0:M3", False),
        ("SCAN articles_fts VIRTUAL TABLE INDEX 0:", True),
        ("CO-ROUTINE anon_1\nSCAN articles_fts VIRTUAL TABLE INDEX 192:M3\nSCAN anon_1", False),
        ("MATERIALIZE anon_1\nSCAN articles\nSCAN anon_1", True),
    ],
)
def test_the_sqlite_plan_check_tells_a_full_scan_from_an_index_walk(plan, full_scan):
    assert bool(_table_scans(plan)) is full_scan


def test_a_tag_page_walks_the_status_index_instead_of_reading_each_article_row(client):
    """An article's row holds its text before its status and date: looking each tagged
    article up by id to check them read tens of kilobytes a row (150 ms for a tag on 5,000
    of 100,000 articles), where the covering status index answers the same in 2 ms."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the unary + steers SQLite's planner; PostgreSQL's plan is the same without")
    make_article(tags=[Tag(slug="rivers", name="Rivers")])
    with recorded_queries() as statements:
        client.get("/tags/rivers/")
    _plan_as_at_100000_articles()
    listing = [
        (sql, params)
        for sql, params in statements
        if "article_tags" in sql and "LIMIT" in sql and sql.lstrip().startswith("SELECT")
    ]

    assert len(listing) == 1
    plan = _plan(*listing[0])
    assert "INDEX ix_articles_status_published_at" in plan, plan
    assert "SEARCH articles USING INTEGER PRIMARY KEY" not in plan, plan
    db.session.rollback()


def _plan_as_at_100000_articles() -> None:
    """The statistics ANALYZE gave on the benchmark's large data set, so SQLite plans for
    that size and not for the test's few rows."""
    connection = db.session.connection()
    connection.exec_driver_sql("ANALYZE")
    connection.exec_driver_sql("DELETE FROM sqlite_stat1")
    connection.exec_driver_sql(
        "INSERT INTO sqlite_stat1 VALUES "
        "('article_tags', 'ix_article_tags_tag_id_article_id', '270000 4500 1'), "
        "('article_tags', 'sqlite_autoindex_article_tags_1', '270000 3 1'), "
        "('articles', 'ix_articles_status_published_at', '100000 50000 1 1'), "
        "('articles', 'sqlite_autoindex_articles_1', '100000 1')"
    )
    connection.exec_driver_sql("ANALYZE sqlite_schema")  # read the statistics again


def test_the_duplicate_rule_finds_its_one_candidate_by_the_start_of_the_text(client):
    """Looked up by author alone, the rule read every comment the address had left on the
    article: 0.6 ms a post once the benchmark's one address had 4,000."""
    article = make_article()
    make_comment(article, author_email="known@example.com")
    with recorded_queries() as statements:
        post_comment(client, article, author_email="known@example.com")
    rule = [(sql, params) for sql, params in statements if "substr" in sql]

    assert len(rule) == 1
    plan = _plan(*rule[0])
    assert "ix_comments_article_author_body" in plan, plan
    if db.engine.dialect.name == "sqlite":
        assert "author_email=? AND <expr>=?" in plan, plan
    else:
        condition = next(line for line in plan.splitlines() if "Index Cond" in line)
        assert "substr(body, 1, 100)" in condition, plan
    db.session.rollback()
