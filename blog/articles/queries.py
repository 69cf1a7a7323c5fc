"""Who may see which article, decided once for every page that lists or shows articles."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from flask import abort
from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, func, select, tuple_

from blog.extensions import db
from blog.models import Article, ArticleStatus, Comment, CommentStatus
from blog.models.types import UTCDateTime, utcnow


def is_visible(
    now: datetime | BindParameter[datetime] | None = None, columns: Any = Article
) -> ColumnElement[bool]:
    """The one visibility rule: published, and its publish time has come.

    A scheduled article is stored as published with a future date, so it appears by itself
    when its time comes, with no cron; `now` is bound so tests can stand at the boundary.
    `columns` is the model, or its table's columns (`Article.__table__.c`) for a plain Core
    statement, which runs without the ORM's overhead.
    """
    return (columns.status == ArticleStatus.PUBLISHED) & (
        columns.published_at <= (utcnow() if now is None else now)
    )


def published_articles(now: datetime | None = None) -> Select[tuple[Article]]:
    """Readers see published articles only, newest first; drafts never leave the admin."""
    return (
        select(Article)
        .where(is_visible(now))
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


class ArticleRef(NamedTuple):
    """What a comment post reads of its article: as a plain row, a third of the cost of
    loading the Article (whose page, for a refused post, is loaded then)."""

    id: int
    slug: str
    comments_open: bool
    published_at: datetime | None


# Built once: every article page and comment post runs one, and building the select cost
# more than running it.
_NOW = bindparam("now", type_=UTCDateTime())
_PUBLISHED_BY_SLUG = select(Article).where(Article.slug == bindparam("slug"), is_visible(_NOW))
_columns = Article.__table__.c
_REF_BY_SLUG = select(*(_columns[name] for name in ArticleRef._fields)).where(
    _columns.slug == bindparam("slug"), is_visible(_NOW, _columns)
)


def find_published(slug: str, now: datetime | None = None) -> Article | None:
    return db.session.scalar(_PUBLISHED_BY_SLUG, {"slug": slug, "now": now or utcnow()})


def published_ref_or_404(slug: str) -> ArticleRef:
    row = db.session.execute(_REF_BY_SLUG, {"slug": slug, "now": utcnow()}).first()
    if row is None:
        abort(404)
    return ArticleRef(*row)


def approved_comment_counts(article_ids: list[int]) -> dict[int, int]:
    """Approved comments per article, in one grouped query for a whole page of articles."""
    if not article_ids:
        return {}
    rows = db.session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(article_ids), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.article_id)
    )
    return {article_id: count for article_id, count in rows}


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """The published articles just before (older) and after (newer) this one."""
    key = (Article.published_at, Article.id)
    here = (article.published_at, article.id)
    published = is_visible()
    older = db.session.scalar(
        select(Article)
        .where(published, tuple_(*key) < tuple_(*here))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(1)
    )
    newer = db.session.scalar(
        select(Article)
        .where(published, tuple_(*key) > tuple_(*here))
        .order_by(Article.published_at, Article.id)
        .limit(1)
    )
    return older, newer
