"""Who may see which article, decided once for every page that lists or shows articles."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from blog.extensions import db
from blog.models import Article, ArticleStatus, Comment, CommentStatus


def published_articles() -> Select[tuple[Article]]:
    """Readers see published articles only, newest first; drafts never leave the admin."""
    return (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED)
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def get_published_or_404(slug: str) -> Article:
    return db.one_or_404(
        select(Article).where(Article.slug == slug, Article.status == ArticleStatus.PUBLISHED)
    )


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
