"""What a commenter's browser keeps: saved details, and which held comments are theirs.

Both are signed cookies, set only for someone who posted, so a reader who only reads
carries nothing and every reader is served the same bytes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Request, Response, current_app
from itsdangerous import BadSignature, URLSafeSerializer

AUTHOR_COOKIE = "comment_author"
PENDING_COOKIE = "comment_pending"
PENDING_KEEP = 20
PENDING_DAYS = 30
SAVED_FIELDS = ("author_name", "author_email", "author_website")


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"cookie-{purpose}")


def _load(request: Request, name: str) -> Any:
    raw = request.cookies.get(name)
    if not raw:
        return None
    try:
        return _serializer(name).loads(raw)
    except BadSignature:
        return None


def _set(response: Response, name: str, value: Any, days: int, path: str = "/") -> None:
    response.set_cookie(
        name,
        _serializer(name).dumps(value),
        max_age=int(timedelta(days=days).total_seconds()),
        path=path,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )


def saved_details(request: Request) -> dict[str, str]:
    data = _load(request, AUTHOR_COOKIE)
    if not isinstance(data, dict):
        return {}
    return {key: str(data[key]) for key in SAVED_FIELDS if data.get(key)}


def remember_details(response: Response, details: dict[str, str | None]) -> None:
    days = current_app.config["COMMENT_AUTHOR_COOKIE_DAYS"]
    _set(response, AUTHOR_COOKIE, {k: details.get(k) or "" for k in SAVED_FIELDS}, days)


def forget_details(response: Response, request: Request) -> None:
    if AUTHOR_COOKIE in request.cookies:
        response.delete_cookie(AUTHOR_COOKIE, path="/", httponly=True, samesite="Lax")


def own_pending_ids(request: Request) -> list[int]:
    data = _load(request, PENDING_COOKIE)
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, int)]


def remember_pending(response: Response, request: Request, comment_id: int) -> None:
    """Let the author, and only the author, see the comment while it waits for moderation."""
    ids = [*own_pending_ids(request), comment_id][-PENDING_KEEP:]
    _set(response, PENDING_COOKIE, ids, PENDING_DAYS)
