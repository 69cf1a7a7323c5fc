"""Per-IP limits on every POST (Flask-Limiter), in Redis when REDIS_URL is set.

Settings are Flask-Limiter's own RATELIMIT_* keys in config.py, plus RATELIMIT_POST. One
limiter per app, so apps built with different configs (the tests) never share counters.
If Redis cannot be reached the limiter falls back to memory, per worker, and says so loudly.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def _not_a_post() -> bool:
    return request.method != "POST"


def register_limiter(app: Flask) -> Limiter:
    limiter = Limiter(
        get_remote_address,
        application_limits=[app.config["RATELIMIT_POST"]],
        application_limits_exempt_when=_not_a_post,
    )
    limiter.init_app(app)
    if limiter.enabled:
        _check_storage(app, limiter)
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
