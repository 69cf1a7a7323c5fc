"""Per-IP limits on every POST (Flask-Limiter), in Redis when REDIS_URL is set.

Settings are Flask-Limiter's own RATELIMIT_* keys in config.py, plus RATELIMIT_POST. One
limiter per app, so apps built with different configs (the tests) never share counters.
If Redis cannot be reached the limiter falls back to memory, per worker, and says so loudly.
"""

from __future__ import annotations

import math
import time

from flask import Flask, Response, make_response, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import TooManyRequests


def _exempt() -> bool:
    """Reading is never limited, nor is signed-in staff (moderating is many quick POSTs)."""
    return request.method != "POST" or current_user.is_authenticated


def register_limiter(app: Flask) -> Limiter:
    limiter = Limiter(
        get_remote_address,
        application_limits=[app.config["RATELIMIT_POST"]],
        # Fixed off, whatever RATELIMIT_HEADERS_ENABLED says: when on, Flask-Limiter rewrites
        # every Retry-After on a limited route to its own window's reset (60 where the
        # "too quick" page said 30), so a header would no longer match the page's words.
        headers_enabled=False,
    )
    # A request filter, not `application_limits_exempt_when`: it is asked first, so a
    # reader's GET skips the limiter's whole lookup of which limits apply (a sixth of a
    # cached page's time); the app has no other limits a filter could skip by mistake.
    limiter.request_filter(_exempt)
    limiter.init_app(app)
    if limiter.enabled:
        _check_storage(app, limiter)

    def too_many(error: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        wait = max(1, math.ceil(current.reset_at - time.time())) if current else 60
        page = TooManyRequests(
            f"You have sent a lot of forms in a short time. Please wait {wait} seconds, "
            "go back and send yours again."
        )
        response = make_response(render_template("errors/error.html", error=page), 429)
        response.headers["Retry-After"] = str(wait)
        return response

    app.register_error_handler(RateLimitExceeded, too_many)
    return limiter


def _check_storage(app: Flask, limiter: Limiter) -> None:
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory://"):
        return
    try:
        reachable = limiter.storage.check()
    except Exception:  # any failure to reach the store means the same thing here
        reachable = False
    if not reachable:
        app.logger.error(
            "Rate-limit storage %s is unreachable: limits fall back to each worker's memory "
            "until it is back. Check REDIS_URL and the Redis server.",
            _without_password(uri),
        )


def _without_password(uri: str) -> str:
    scheme, sep, rest = uri.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"
