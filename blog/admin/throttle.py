"""Sign-in throttling, kept in the database so every gunicorn worker sees the same count."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from blog.extensions import db
from blog.models import SignInAttempt
from blog.models.types import utcnow

log = logging.getLogger("blog.admin.sign_in")


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"])


def is_throttled(email: str, ip_address: str, now: datetime | None = None) -> bool:
    """True after too many recent failures for this account or from this address."""
    since = (now or utcnow()) - _window()
    limit = current_app.config["SIGN_IN_MAX_FAILURES"]
    recent_failures = select(func.count()).where(
        SignInAttempt.created_at > since, SignInAttempt.succeeded.is_(False)
    )
    by_email = db.session.scalar(recent_failures.where(SignInAttempt.email == email)) or 0
    by_ip = db.session.scalar(recent_failures.where(SignInAttempt.ip_address == ip_address)) or 0
    return by_email >= limit or by_ip >= limit


def record_attempt(email: str, ip_address: str, succeeded: bool) -> None:
    """Store and log one attempt (never the password), and forget ones past the window."""
    now = utcnow()
    db.session.execute(delete(SignInAttempt).where(SignInAttempt.created_at < now - _window() * 4))
    db.session.add(
        SignInAttempt(email=email, ip_address=ip_address, succeeded=succeeded, created_at=now)
    )
    db.session.commit()
    if succeeded:
        log.info("sign-in succeeded for %s from %s", email, ip_address)
    else:
        log.warning("sign-in failed for %s from %s", email, ip_address)
