"""Readable, unique article URLs that never shadow the site's own pages."""

from __future__ import annotations

from sqlalchemy import select

from blog.extensions import db
from blog.models import Article
from blog.slugging import slugify

SLUG_MAX = 200
# First path segments the site itself uses, now or soon; an article may not take them.
RESERVED_SLUGS = frozenset(
    {
        "admin", "static", "feed", "feeds", "rss", "atom", "search", "tag", "tags",
        "sitemap.xml", "robots.txt", "healthz", "readyz", "page", "comments", "api",
        "login", "logout", "favicon.ico",
    }
)  # fmt: skip


def slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    query = select(Article.id).where(Article.slug == slug)
    if exclude_id is not None:
        query = query.where(Article.id != exclude_id)
    return slug in RESERVED_SLUGS or db.session.scalar(query) is not None


def make_slug(text: str) -> str:
    return slugify(text, max_length=SLUG_MAX - 10, word_boundary=True) or "article"


def unique_slug(text: str, exclude_id: int | None = None) -> str:
    """A slug from `text`, with -2, -3 ... added until no other article has it."""
    base = make_slug(text)
    slug, n = base, 1
    while slug_taken(slug, exclude_id):
        n += 1
        slug = f"{base}-{n}"
    return slug
