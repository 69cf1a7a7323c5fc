"""The one place told about every change a reader could see.

Each admin action that alters a public page (a comment approved, unapproved, edited,
deleted, erased or replied to; an article saved or deleted) calls `reader_visible_change`
in its own transaction. Page caching hooks in here, so no action can forget it.
"""

from __future__ import annotations

from blog.models import Article


def reader_visible_change(article: Article) -> None:
    """Called before the commit of any change to what readers see of `article`."""
