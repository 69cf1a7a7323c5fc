from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, validates

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow
from blog.rendering import render_markdown


class ArticleStatus(enum.StrEnum):
    """What is stored: a published article with a future date is "scheduled" (see `state`)."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Article(db.Model):
    __tablename__ = "articles"
    # The home page's walk, newest first; `id` breaks ties so no page ever needs a sort.
    __table_args__ = (Index("ix_articles_status_published_at", "status", "published_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(500), default="")
    author_name: Mapped[str] = mapped_column(String(100))
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitized once, on save: readers never pay for Markdown.
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ArticleStatus] = mapped_column(
        Enum(
            ArticleStatus,
            name="article_status",
            native_enum=False,
            length=20,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
            create_constraint=True,
        ),
        default=ArticleStatus.DRAFT,
    )
    # The owner's per-article switch; articles can also close by age (see comments/rules.py).
    comments_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @validates("body_markdown")
    def _render_body(self, key: str, markdown: str) -> str:
        """Render on assignment, so every way of saving an article stores fresh HTML."""
        self.body_html = render_markdown(markdown)
        return markdown

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def state(self) -> str:
        """draft, scheduled or published, for the admin's labels; readers' pages use SQL."""
        if self.status != ArticleStatus.PUBLISHED:
            return "draft"
        if self.published_at is not None and self.published_at > utcnow():
            return "scheduled"
        return "published"

    def __repr__(self) -> str:
        return f"<Article {self.slug!r} {self.status}>"
