"""Whether a new comment is published at once or held for the owner."""

from __future__ import annotations

from flask import current_app

from blog.models import CommentStatus


def moderation_mode(setting: str | None) -> str:
    return setting or current_app.config["COMMENT_MODERATION"]


def asks_about_author(mode: str) -> bool:
    """Whether the decision needs to know if the author has an approved comment."""
    return mode not in ("none", "all")


def initial_status(mode: str, known_author: bool | None) -> CommentStatus:
    """COMMENT_MODERATION: `first-time` holds strangers (no approved comment yet), `all`
    holds everyone, `none` nobody."""
    if mode == "none":
        return CommentStatus.APPROVED
    if mode == "all":
        return CommentStatus.PENDING
    return CommentStatus.APPROVED if known_author else CommentStatus.PENDING
