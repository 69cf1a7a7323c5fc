"""First-run links: while no account exists, a single-use link lets the owner create one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, select, update

from blog.extensions import db
from blog.models import SetupToken, User
from blog.models.types import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def any_user_exists() -> bool:
    return bool(db.session.scalar(select(exists().where(User.id.is_not(None)))))


def issue_setup_token() -> str:
    """A new token (returned once, stored only as a hash), valid for SETUP_LINK_MINUTES."""
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(minutes=current_app.config["SETUP_LINK_MINUTES"])
    db.session.add(SetupToken(token_hash=_hash(token), expires_at=utcnow() + lifetime))
    db.session.commit()
    return token


def setup_token_valid(token: str) -> bool:
    if not token or any_user_exists():
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    SetupToken.token_hash == _hash(token),
                    SetupToken.used_at.is_(None),
                    SetupToken.expires_at > utcnow(),
                )
            )
        )
    )


def consume_setup_token(token: str) -> bool:
    """Mark the token used in one conditional UPDATE, so two tabs cannot both use it."""
    now = utcnow()
    result = db.session.execute(
        update(SetupToken)
        .where(
            SetupToken.token_hash == _hash(token),
            SetupToken.used_at.is_(None),
            SetupToken.expires_at > now,
        )
        .values(used_at=now)
    )
    return result.rowcount == 1
