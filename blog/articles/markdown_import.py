"""Articles from Markdown files with YAML front matter, for `flask import-markdown`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import frontmatter
import yaml
from sqlalchemy import select

from blog.articles.slugs import RESERVED_SLUGS, make_slug, unique_slug
from blog.extensions import db
from blog.models import Article, ArticleStatus, Tag
from blog.models.types import utcnow
from blog.tags.names import TagError, split_tag_names, tags_named


class ArticleFileError(ValueError):
    """A file that cannot become an article; the message names the problem."""


def _text(meta: dict, key: str, required: bool = False, limit: int = 300) -> str:
    value = meta.get(key)
    if value is None or str(value).strip() == "":
        if required:
            raise ArticleFileError(f"front matter needs a '{key}'")
        return ""
    value = str(value).strip()
    if len(value) > limit:
        raise ArticleFileError(f"'{key}' is longer than {limit} characters")
    return value


def _when(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ArticleFileError(f"'date' is not a date: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _tags(value: object) -> list[Tag]:
    """`tags: [a, b]` or `tags: a, b`; a file without the key has no tags."""
    if value is not None and not isinstance(value, str | list):
        raise ArticleFileError("'tags' must be a list or a comma-separated string")
    try:
        return tags_named(split_tag_names(value))
    except TagError as error:
        raise ArticleFileError(str(error)) from None


def import_file(path: Path) -> Article:
    """Create the article, or update the one with the same slug; the caller commits."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ArticleFileError(str(error).splitlines()[0]) from None
    meta = post.metadata
    title = _text(meta, "title", required=True)
    status_name = _text(meta, "status") or ArticleStatus.PUBLISHED.value
    try:
        status = ArticleStatus(status_name)
    except ValueError:
        raise ArticleFileError(
            f"'status' must be draft or published, not {status_name!r}"
        ) from None

    wanted = _text(meta, "slug", limit=200)
    slug = make_slug(wanted) if wanted else None
    if slug in RESERVED_SLUGS:
        raise ArticleFileError(f"slug {slug!r} is used by the site itself")
    article = db.session.scalar(select(Article).where(Article.slug == slug)) if slug else None
    if article is None:
        article = Article(slug=slug or unique_slug(title))
        db.session.add(article)
    article.title = title
    article.subtitle = _text(meta, "subtitle", limit=500)
    article.author_name = _text(meta, "author", limit=100) or "Staff"
    article.body_markdown = post.content
    article.status = status
    article.tags = _tags(meta.get("tags"))
    published_at = _when(meta.get("date"))
    if status is ArticleStatus.PUBLISHED:
        article.published_at = published_at or article.published_at or utcnow()
    elif published_at:
        article.published_at = published_at
    return article
