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
from blog.search.document import PG_CONFIG, pg_document
from blog.search.terms import fts5_match

MARK_START, MARK_END = "\x02", "\x03"
EXCERPT_WORDS = 30
# Results are ranked among the newest this many matches: a news reader wants recent
# stories, and ranking every article that mentions a common word costs seconds.
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
        """The best of the newest SEARCH_CANDIDATES matches, then excerpts for this page only.

        FTS5 walks its matches newest first and stops at the limit; ranking every match of
        a common word (and cutting an excerpt from each) took seconds on a large archive.
        """
        rank = func.bm25(self._FTS_NAME, 10.0, 4.0, 1.0).label("rank")
        rowid = self._FTS.c.rowid
        candidates = (
            self._matching(terms, rowid.label("id"), rank)
            .order_by(rowid.desc())
            .limit(SEARCH_CANDIDATES)
            .subquery()
        )
        page = db.session.scalars(
            select(candidates.c.id)
            .order_by(candidates.c.rank, candidates.c.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        snippet = func.snippet(self._FTS_NAME, 2, MARK_START, MARK_END, "…", EXCERPT_WORDS)
        excerpts = dict(
            db.session.execute(
                select(rowid, snippet).where(self._match(terms), rowid.in_(page))
            ).all()
        )
        articles = _articles_by_id(list(page))
        return [Hit(articles[article_id], excerpts[article_id]) for article_id in page]

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
    _CONFIG = literal_column(f"'{PG_CONFIG}'::regconfig")
    _HEADLINE_OPTIONS = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={EXCERPT_WORDS}, MinWords=15"
    )

    def count(self, terms: list[str]) -> int:
        return db.session.scalar(select(func.count()).where(*self._where(terms))) or 0

    def search(self, terms: list[str], limit: int, offset: int) -> list[Hit]:
        """Ranked among the newest SEARCH_CANDIDATES matches, as on SQLite."""
        query = func.plainto_tsquery(self._CONFIG, " ".join(terms))
        rank = func.ts_rank(self._document(), query).label("rank")
        candidates = (
            select(Article.id, rank, Article.published_at, Article.body_text)
            .where(*self._where(terms))
            .order_by(Article.id.desc())
            .limit(SEARCH_CANDIDATES)
            .subquery()
        )
        page = (
            select(candidates)
            .order_by(candidates.c.rank.desc(), candidates.c.published_at.desc())
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        # Excerpts for this page's rows only: ts_headline re-reads the whole text.
        headline = func.ts_headline(self._CONFIG, page.c.body_text, query, self._HEADLINE_OPTIONS)
        rows = db.session.execute(
            select(page.c.id, headline).order_by(page.c.rank.desc(), page.c.published_at.desc())
        ).all()
        articles = _articles_by_id([row[0] for row in rows])
        return [Hit(articles[article_id], excerpt) for article_id, excerpt in rows]

    def _where(self, terms: list[str]) -> tuple:
        query = func.plainto_tsquery(self._CONFIG, " ".join(terms))
        return (
            is_visible(),
            self._document().op("@@")(query),
        )

    @staticmethod
    def _document():
        return pg_document(Article.title, Article.subtitle, Article.body_text)


def backend() -> SearchBackend:
    """The backend for the database the app is bound to."""
    return PostgresSearch() if db.engine.dialect.name == "postgresql" else SqliteSearch()
