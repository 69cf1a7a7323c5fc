"""Whether a new comment is published at once or held for the owner."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import exists, select

from blog.extensions import db
from blog.models import Comment, CommentStatus


def has_approved_comment(email: str) -> bool:
    return db.session.scalar(
        select(
            exists().where(Comment.author_email == email, Comment.status == CommentStatus.APPROVED)
        )
    )


def initial_status(email: str, mode: str | None = None) -> CommentStatus:
    """COMMENT_MODERATION: `first-time` holds strangers, `all` holds everyone, `none` nobody."""
    mode = mode or current_app.config["COMMENT_MODERATION"]
    if mode == "none":
        return CommentStatus.APPROVED
    if mode == "all":
        return CommentStatus.PENDING
    return CommentStatus.APPROVED if has_approved_comment(email) else CommentStatus.PENDING
