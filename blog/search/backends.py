"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL text search.

Both rank titles above subtitles above bodies, match English word stems, consider only
published articles, and return an excerpt of the body with the matched words between
two control characters (MARK_START, MARK_END), which body_text never contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table
from sqlalchemy.orm import selectinload

from blog.articles.queries import is_visible
from blog.extensions import db
from blog.models import Article
from blog.search.document import PG_CONFIG, PG_SEARCH_COLUMN
from blog.search.terms import fts5_match

MARK_START, MARK_END = "\x02", "\x03"
EXCERPT_WORDS = 30


@dataclass(frozen=True)
class Hit:
    article: Article
    excerpt: str  # plain text with MARK_START/MARK_END around matches


class SearchBackend(Protocol):
    def count(self, terms: list[str]) -> int: ...

    def search(self, terms: list[str], limit: int, offset: int) -> list[Hit]: ...


def _articles_by_id(ids: list[int]) -> dict[int, Article]:
    query = select(Article).where(Article.id.in_(ids)).options(selectinload(Article.tags))
    return {article.id: article for article in db.session.scalars(query)}


class SqliteSearch:
    _FTS = table("articles_fts", column("rowid"))
    _FTS_NAME = literal_column("articles_fts")  # FTS5 functions take the table itself

    def count(self, terms: list[str]) -> int:
        return db.session.scalar(self._matching(terms, func.count())) or 0

    def search(self, terms: list[str], limit: int, offset: int) -> list[Hit]:
        snippet = func.snippet(self._FTS_NAME, 2, MARK_START, MARK_END, "…", EXCERPT_WORDS)
        rank = func.bm25(self._FTS_NAME, 10.0, 4.0, 1.0)
        rows = db.session.execute(
            self._matching(terms, Article.id, snippet)
            .order_by(rank, Article.published_at.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        articles = _articles_by_id([row[0] for row in rows])
        return [Hit(articles[article_id], excerpt) for article_id, excerpt in rows]

    def _matching(self, terms: list[str], *columns: Any) -> Select:
        return (
            select(*columns)
            .select_from(self._FTS)
            .join(Article, Article.id == self._FTS.c.rowid)
            # The matches lead; each is then one primary-key lookup.
            .where(self._FTS_NAME.op("MATCH")(fts5_match(terms)), is_visible(use_index=False))
        )


class PostgresSearch:
    """Matches, ranks and counts with the stored `search_vector` (GIN-indexed), so no
    article's text is parsed while searching; only the page's rows get an excerpt.

    Ranking reads each match's vector (kilobytes, out of line), so a word found in most
    articles would cost a second on 100,000: only the newest RANK_CANDIDATES matches are
    ranked, and older ones follow them newest first. Fewer matches: all are ranked.
    """

    RANK_CANDIDATES = 1_000
    _CONFIG = literal_column(f"'{PG_CONFIG}'::regconfig")
    _VECTOR = literal_column(f"articles.{PG_SEARCH_COLUMN}")
    _HEADLINE_OPTIONS = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={EXCERPT_WORDS}, MinWords=15"
    )

    def count(self, terms: list[str]) -> int:
        query = self._query(terms)
        return db.session.scalar(select(func.count()).where(*self._where(query))) or 0

    def search(self, terms: list[str], limit: int, offset: int) -> list[Hit]:
        query = self._query(terms)
        ids = self._ranked_ids(query, limit, offset) + self._older_ids(query, limit, offset)
        # ts_headline parses the whole body: only the page's rows, once they are chosen.
        headline = func.ts_headline(self._CONFIG, Article.body_text, query, self._HEADLINE_OPTIONS)
        rows = db.session.execute(
            select(Article, headline)
            .where(Article.id.in_(ids))
            .options(selectinload(Article.tags))
        ).all()
        excerpts = {article.id: (article, excerpt) for article, excerpt in rows}
        return [Hit(*excerpts[article_id]) for article_id in ids]

    def _ranked_ids(self, query: ColumnElement, limit: int, offset: int) -> list[int]:
        """The page's part of the newest RANK_CANDIDATES matches, best first."""
        if offset >= self.RANK_CANDIDATES:
            return []
        candidates = (
            select(Article.id, Article.published_at, self._VECTOR.label("vector"))
            .where(*self._where(query))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(self.RANK_CANDIDATES)
            .subquery()
        )
        rank = func.ts_rank(candidates.c.vector, query)
        return list(
            db.session.scalars(
                select(candidates.c.id)
                .order_by(rank.desc(), candidates.c.published_at.desc(), candidates.c.id.desc())
                .limit(min(limit, self.RANK_CANDIDATES - offset))
                .offset(offset)
            )
        )

    def _older_ids(self, query: ColumnElement, limit: int, offset: int) -> list[int]:
        """The page's part of the matches past the ranked ones, newest first."""
        start = max(offset, self.RANK_CANDIDATES)
        if start >= offset + limit:
            return []
        return list(
            db.session.scalars(
                select(Article.id)
                .where(*self._where(query))
                .order_by(Article.published_at.desc(), Article.id.desc())
                .limit(offset + limit - start)
                .offset(start)
            )
        )

    def _query(self, terms: list[str]) -> ColumnElement:
        return func.plainto_tsquery(self._CONFIG, " ".join(terms))

    def _where(self, query: ColumnElement) -> tuple[ColumnElement[bool], ...]:
        return (is_visible(), self._VECTOR.op("@@")(query))


def backend() -> SearchBackend:
    """The backend for the database the app is bound to."""
    return PostgresSearch() if db.engine.dialect.name == "postgresql" else SqliteSearch()
