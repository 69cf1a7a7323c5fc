from __future__ import annotations

import enum
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import (
    ColumnElement,
    Enum,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from blog.extensions import db
from blog.models.article import Article
from blog.models.types import UTCDateTime, utcnow
from blog.rendering import render_comment


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"


# The duplicate rule's key: the first characters of a comment's text. Its bounds are literal
# SQL, not bound parameters, so the rule's statement spells the index's own expression (a
# planner matches an indexed expression only as written, constants included).
BODY_PREFIX_LENGTH = 100


def body_prefix(body: ColumnElement[str]) -> ColumnElement[str]:
    return func.substr(body, literal_column("1"), literal_column(str(BODY_PREFIX_LENGTH)))


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        # The article page: an article's approved comments, in order. With the id, a page
        # of the newest threads walks back from the newest and stops; without it
        # PostgreSQL sorted every approved comment of the article to break ties.
        Index(
            "ix_comments_article_status_created",
            "article_id",
            "status",
            "created_at",
            "id",
        ),
        Index("ix_comments_author_email_status", "author_email", "status"),
        # The duplicate rule: the same text from one address on one article. The author's
        # other comments on the article all share the first two columns (a benchmark run
        # posts thousands), so the text's prefix narrows the walk to the one candidate.
        Index(
            "ix_comments_article_author_body",
            "article_id",
            "author_email",
            body_prefix(literal_column("body")),
        ),
        # Flood control: the latest comment from one address.
        Index("ix_comments_ip_address_created", "ip_address", "created_at"),
        # The spam filter's examples, newest first, by kind.
        Index("ix_comments_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # Deleting a comment keeps its replies, moved up to the top level.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(100))
    # Stored lower-cased; never shown on a public page.
    author_email: Mapped[str] = mapped_column(String(254))
    author_website: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Rendered once, on save (plain text escaped, paragraphs, links): pages never pay for it.
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[CommentStatus] = mapped_column(
        Enum(
            CommentStatus,
            name="comment_status",
            native_enum=False,
            length=20,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
            create_constraint=True,
        ),
        default=CommentStatus.PENDING,
        # Load the old status before a new one is set on an expired comment: the page-cache
        # hook must know whether an approved comment left the page (blog/cache/versions.py).
        active_history=True,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    # Why the spam rules held or binned it ("3 links; first-time commenter"), for the owner.
    status_reasons: Mapped[str] = mapped_column(String(1000), default="")
    # The learned filter's probability that this is spam; None before it has been trained.
    spam_score: Mapped[float | None] = mapped_column(Float)
    # Set on replies written in the admin: shown as the author's reply.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    article: Mapped[Article] = relationship()

    @validates("body")
    def _render_body(self, key: str, body: str) -> str:
        """Render on assignment, so every way of saving a comment stores fresh HTML."""
        self.body_html = render_comment(body)
        return body

    @property
    def website_link(self) -> str | None:
        return website_link(self.author_website)

    @property
    def moderation_note(self) -> str:
        """For the owner's queue: why it was held, and the learned score if not among them."""
        parts = [self.status_reasons] if self.status_reasons else []
        if self.spam_score is not None and "likely spam" not in self.status_reasons:
            parts.append(f"spam score {self.spam_score:.2f}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.article_id} {self.status}>"


def website_link(author_website: str | None) -> str | None:
    """The website as a link target only when it is http(s): the form checks that, but a
    `javascript:` address stored by any other path must still never become a link."""
    url = (author_website or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None
