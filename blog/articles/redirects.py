"""Old article URLs: a slug changed after publication answers with a 301 to the new one."""

from __future__ import annotations

from sqlalchemy import delete, select

from blog.articles.queries import is_visible
from blog.extensions import db
from blog.models import Article, SlugRedirect


def current_slug_for(old_slug: str) -> str | None:
    """The visible article's slug that `old_slug` used to be, if any."""
    return db.session.scalar(
        select(Article.slug)
        .join(SlugRedirect, SlugRedirect.article_id == Article.id)
        .where(SlugRedirect.old_slug == old_slug, is_visible())
    )


def keep_old_slug(article: Article, old_slug: str) -> None:
    """Remember `old_slug` for `article`; the new slug stops redirecting anywhere else."""
    db.session.execute(delete(SlugRedirect).where(SlugRedirect.old_slug == article.slug))
    existing = db.session.scalar(select(SlugRedirect).where(SlugRedirect.old_slug == old_slug))
    if existing is None:
        db.session.add(SlugRedirect(old_slug=old_slug, article_id=article.id))
    else:
        existing.article_id = article.id
