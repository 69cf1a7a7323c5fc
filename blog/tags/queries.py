"""Which tags and tagged articles a reader can see: only those of published articles."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from blog.articles.queries import is_visible, published_articles
from blog.extensions import db
from blog.models import Article, Tag, article_tags


def published_in_tag(tag: Tag) -> Select[tuple[Article]]:
    return published_articles().where(
        Article.id.in_(select(article_tags.c.article_id).where(article_tags.c.tag_id == tag.id))
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
