"""Turning what an editor typed ("Politics, local news") into Tag rows, made on first use."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from blog.extensions import db
from blog.models import Tag
from blog.slugging import slugify

MAX_TAGS = 10
MAX_NAME = 50


class TagError(ValueError):
    """Tags that cannot be saved; the message says which and why."""


def split_tag_names(raw: str | Iterable[object] | None) -> list[str]:
    """Names from a comma-separated string or a list, trimmed, blanks and repeats dropped."""
    if raw is None:
        return []
    parts = raw.split(",") if isinstance(raw, str) else [str(part) for part in raw]
    names: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())
        if not name:
            continue
        if len(name) > MAX_NAME:
            raise TagError(f"tag {name[:20]!r}… is longer than {MAX_NAME} characters")
        slug = slugify(name, max_length=60)
        if not slug:
            raise TagError(f"tag {name!r} needs at least one letter or digit")
        names.setdefault(slug, name)
    if len(names) > MAX_TAGS:
        raise TagError(f"an article can have at most {MAX_TAGS} tags")
    return list(names.values())


def tags_named(names: list[str]) -> list[Tag]:
    """The tags with these names, created when new; an existing tag keeps its spelling."""
    slugs = {slugify(name, max_length=60): name for name in names}
    existing = {
        tag.slug: tag for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(slugs)))
    }
    tags = []
    for slug, name in slugs.items():
        tag = existing.get(slug)
        if tag is None:
            tag = Tag(slug=slug, name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags
