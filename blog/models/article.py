from __future__ import annotations

import enum
import math
from datetime import datetime

from sqlalchemy import DDL, Boolean, Enum, Index, String, Text, event, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from blog.extensions import db
from blog.models.tag import Tag, article_tags
from blog.models.types import UTCDateTime, utcnow
from blog.rendering import html_to_text, render_markdown
from blog.search.document import PG_SEARCH_DDL, SQLITE_FTS_DDL

WORDS_PER_MINUTE = 230


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
    # Plain text of body_html, for search, excerpts and reading time.
    body_text: Mapped[str] = mapped_column(Text, default="")
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

    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by=Tag.name)

    @validates("body_markdown")
    def _render_body(self, key: str, markdown: str) -> str:
        """Render on assignment, so every way of saving an article stores fresh HTML."""
        self.body_html = render_markdown(markdown)
        self.body_text = html_to_text(self.body_html)
        return markdown

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body_text.split()) / WORDS_PER_MINUTE))

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


# Search indexes (see blog/search/document.py), made with the table. PostgreSQL: the
# generated tsvector column and its GIN index. SQLite: the FTS5 table and its triggers.
for _statement in PG_SEARCH_DDL:
    event.listen(
        Article.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
for _statement in SQLITE_FTS_DDL:
    event.listen(Article.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
event.listen(
    Article.__table__,
    "before_drop",
    DDL("DROP TABLE IF EXISTS articles_fts").execute_if(dialect="sqlite"),
)
