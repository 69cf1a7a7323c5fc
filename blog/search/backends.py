"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL text search.

Both rank titles above subtitles above bodies, match English word stems, consider only
published articles, and return an excerpt of the body with the matched words between
two control characters (MARK_START, MARK_END), which body_text never contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from blog.articles.queries import is_visible
from blog.extensions import db
from blog.models import Article
from blog.search.document import PG_CONFIG, PG_SEARCH_COLUMN
from blog.search.terms import fts5_match

MARK_START, MARK_END = "\x02", "\x03"
EXCERPT_WORDS = 30
# The newest this many matches are ranked by relevance; older ones follow, newest first.
# A news reader wants recent stories, and ranking every article that mentions a common
# word costs seconds on a large archive.
SEARCH_CANDIDATES = 1000
# Up to this many full-text matches, each is checked against its article row (SQLite).
FEW_MATCHES = 1000


@dataclass(frozen=True)
class Hit:
    article: Article
    excerpt: str  # plain text with MARK_START/MARK_END around matches


class SearchBackend(Protocol):
    def count(self, terms: list[str]) -> int: ...

    def search(self, terms: list[str], limit: int, offset: int) -> list[Hit]: ...


@dataclass(frozen=True)
class PageSplit:
    """Which part of a results page comes from the ranked candidates, which from older
    matches (listed newest first)."""

    ranked_limit: int
    ranked_offset: int
    older_limit: int
    older_offset: int

    @classmethod
    def of(cls, limit: int, offset: int) -> PageSplit:
        ranked = max(0, min(limit, SEARCH_CANDIDATES - offset))
        older_offset = max(offset, SEARCH_CANDIDATES)
        return cls(ranked, offset, max(0, offset + limit - older_offset), older_offset)


def _articles_by_id(ids: list[int]) -> dict[int, Article]:
    query = select(Article).where(Article.id.in_(ids)).options(selectinload(Article.tags))
    return {article.id: article for article in db.session.scalars(query)}


class SqliteSearch:
    _FTS = table("articles_fts", column("rowid"))
    _FTS_NAME = literal_column("articles_fts")  # FTS5 functions take the table itself

    def __init__(self) -> None:
        self._filters: dict[tuple[str, ...], ColumnElement[bool]] = {}

    def count(self, terms: list[str]) -> int:
        return db.session.scalar(self._matching(terms, func.count())) or 0

    def search(self, terms: list[str], limit: int, offset: int) -> list[Hit]:
        """The page's rows (see SEARCH_CANDIDATES), then excerpts for those rows only.

        FTS5 walks its matches newest first and stops at the limit; ranking every match of
        a common word (and cutting an excerpt from each) took seconds on a large archive.
        """
        split = PageSplit.of(limit, offset)
        rowid = self._FTS.c.rowid
        ids: list[int] = []
        if split.ranked_limit:
            rank = func.bm25(self._FTS_NAME, 10.0, 4.0, 1.0).label("rank")
            candidates = (
                self._matching(terms, rowid.label("id"), rank)
                .order_by(rowid.desc())
                .limit(SEARCH_CANDIDATES)
                .subquery()
            )
            ids += db.session.scalars(
                select(candidates.c.id)
                .order_by(candidates.c.rank, candidates.c.id.desc())
                .limit(split.ranked_limit)
                .offset(split.ranked_offset)
            )
        if split.older_limit:
            ids += db.session.scalars(
                self._matching(terms, rowid)
                .order_by(rowid.desc())
                .limit(split.older_limit)
                .offset(split.older_offset)
            )
        snippet = func.snippet(self._FTS_NAME, 2, MARK_START, MARK_END, "…", EXCERPT_WORDS)
        excerpts = dict(
            db.session.execute(
                select(rowid, snippet).where(self._match(terms), rowid.in_(ids))
            ).all()
        )
        articles = _articles_by_id(ids)
        return [Hit(articles[article_id], excerpts[article_id]) for article_id in ids]

    def _match(self, terms: list[str]) -> ColumnElement[bool]:
        return self._FTS_NAME.op("MATCH")(fts5_match(terms))

    def _matching(self, terms: list[str], *columns: Any) -> Select:
        return (
            select(*columns).select_from(self._FTS).where(self._match(terms), self._visible(terms))
        )

    def _visible(self, terms: list[str]) -> ColumnElement[bool]:
        """Keep matches of visible articles, the cheaper of two ways for this many matches.

        An article's row holds its whole text, so checking a match against it reads tens of
        kilobytes: 40 ms for 400 matches at 100,000 articles. For a common word (95,000 matches at
        100,000 articles: 1.6 s that way) the visible ids are read from the status index
        instead (a fixed ~0.1 s), with a unary + so SQLite does not hand that list to FTS5
        as a constraint, which runs one full-text lookup per id (22 s).
        """
        key = tuple(terms)
        if key not in self._filters:
            matches = db.session.scalar(
                select(func.count()).select_from(self._FTS).where(self._match(terms))
            )
            if (matches or 0) <= FEW_MATCHES:
                self._filters[key] = exists().where(Article.id == self._FTS.c.rowid, is_visible())
            else:
                rowid = UnaryExpression(self._FTS.c.rowid, operator=custom_op("+"))
                self._filters[key] = rowid.in_(select(Article.id).where(is_visible()))
        return self._filters[key]


class PostgresSearch:
    """Matches, ranks and counts with the stored `search_vector` (GIN-indexed), so no
    article's text is parsed while searching; only the page's rows get an excerpt.

    Ranking reads each match's vector (kilobytes, out of line), so a word found in most
    articles would cost a second on 100,000: only the newest SEARCH_CANDIDATES matches
    are ranked, and older ones follow them newest first. Fewer matches: all are ranked.
    """

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
        split = PageSplit.of(limit, offset)
        ids = self._ranked_ids(query, split) + self._older_ids(query, split)
        # ts_headline parses the whole body: only the page's rows, once they are chosen.
        headline = func.ts_headline(self._CONFIG, Article.body_text, query, self._HEADLINE_OPTIONS)
        rows = db.session.execute(
            select(Article, headline)
            .where(Article.id.in_(ids))
            .options(selectinload(Article.tags))
        ).all()
        excerpts = {article.id: (article, excerpt) for article, excerpt in rows}
        return [Hit(*excerpts[article_id]) for article_id in ids]

    def _ranked_ids(self, query: ColumnElement, split: PageSplit) -> list[int]:
        """The page's part of the newest SEARCH_CANDIDATES matches, best first."""
        if not split.ranked_limit:
            return []
        candidates = (
            select(Article.id, Article.published_at, self._VECTOR.label("vector"))
            .where(*self._where(query))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(SEARCH_CANDIDATES)
            .subquery()
        )
        rank = func.ts_rank(candidates.c.vector, query)
        return list(
            db.session.scalars(
                select(candidates.c.id)
                .order_by(rank.desc(), candidates.c.published_at.desc(), candidates.c.id.desc())
                .limit(split.ranked_limit)
                .offset(split.ranked_offset)
            )
        )

    def _older_ids(self, query: ColumnElement, split: PageSplit) -> list[int]:
        """The page's part of the matches past the ranked ones, newest first."""
        if not split.older_limit:
            return []
        return list(
            db.session.scalars(
                select(Article.id)
                .where(*self._where(query))
                .order_by(Article.published_at.desc(), Article.id.desc())
                .limit(split.older_limit)
                .offset(split.older_offset)
            )
        )

    def _query(self, terms: list[str]) -> ColumnElement:
        return func.plainto_tsquery(self._CONFIG, " ".join(terms))

    def _where(self, query: ColumnElement) -> tuple[ColumnElement[bool], ...]:
        return (is_visible(), self._VECTOR.op("@@")(query))


def backend() -> SearchBackend:
    """The backend for the database the app is bound to."""
    return PostgresSearch() if db.engine.dialect.name == "postgresql" else SqliteSearch()
