"""The moderation log: every action in the admin says who did what, and when."""

from __future__ import annotations

from blog.extensions import db
from blog.models import AuditEntry, User

TARGET_MAX = AuditEntry.target.type.length


def record(user: User, action: str, target: str = "") -> None:
    """Add a log line in the caller's transaction, so it commits (or not) with the change."""
    db.session.add(
        AuditEntry(
            user_id=user.id,
            user_name=user.name,
            action=action,
            target=target[:TARGET_MAX],  # a long title must not break the action itself
        )
    )
