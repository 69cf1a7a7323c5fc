"""The one place told about every change a reader could see.

Each admin action that alters a public page (a comment approved, unapproved, edited,
deleted, erased or replied to; an article saved or deleted) calls `reader_visible_change`
in its own transaction. Page caching hooks in here, so no action can forget it.
"""

from __future__ import annotations

from blog.cache.versions import bump
from blog.extensions import db
from blog.models import Article


def reader_visible_change(article: Article) -> None:
    """Called before the commit of any change to what readers see of `article`.

    ORM changes already bump the page versions by themselves (blog/cache/versions.py);
    this also covers what bulk statements change (replies moved up, comments deleted with
    their article), in the same transaction.
    """
    bump(db.session, article.id)
