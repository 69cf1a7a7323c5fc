"""Which tags and tagged articles a reader can see: only those of published articles."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from blog.articles.queries import is_visible, published_articles
from blog.extensions import db
from blog.models import Article, Tag, article_tags


def published_in_tag(tag: Tag) -> Select[tuple[Article]]:
    """The tag's visible articles, newest first.

    The unary + keeps SQLite from looking each of the tag's articles up by id: an article's
    row holds its whole text before its status and date, so checking one reads tens of
    kilobytes. It walks the covering status index in date order instead and tests each id
    against the tag's list. At 100,000 articles, a tag on 5,000 of them (warm cache): the
    first page 84 ms → 1.8 ms, the count 70 → 41 ms. PostgreSQL plans both the same.
    """
    tagged = select(article_tags.c.article_id).where(article_tags.c.tag_id == tag.id)
    return published_articles().where(
        UnaryExpression(Article.id, operator=custom_op("+")).in_(tagged)
    )


def tags_in_use() -> list[tuple[Tag, int]]:
    """Every tag with at least one published article, with its count, by name."""
    count = func.count(Article.id)
    rows = db.session.execute(
        select(Tag, count)
        .join(article_tags, article_tags.c.tag_id == Tag.id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(is_visible())
        .group_by(Tag.id)
        .order_by(Tag.name)
    )
    return [(tag, n) for tag, n in rows]


def get_tag_or_404(slug: str) -> Tag:
    return db.one_or_404(select(Tag).where(Tag.slug == slug))
