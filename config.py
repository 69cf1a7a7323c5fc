"""Settings, all read from the environment (a `.env` file is honoured).

`BLOG_ENV` picks the class: development (default), testing or production.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

load_dotenv(BASE_DIR / ".env")

MODERATION_MODES = ("first-time", "all", "none")
# What the owner may set for the rules the admin Settings page also edits
# (blog/settings.py): one range for both, so a value the environment accepts can be saved
# there too. 0 turns each of the first four off; a threshold of 1 holds nothing.
OWNER_SETTING_RANGES: dict[str, tuple[int, int]] = {
    "COMMENT_MAX_LINKS": (0, 1000),
    "COMMENT_CLOSE_AFTER_DAYS": (0, 100_000),
    "COMMENT_FLOOD_SECONDS": (0, 86_400),
    "COMMENT_MIN_SECONDS": (0, 600),
    "SPAM_THRESHOLD": (0, 1),
}
# The longest comment the form accepts, form-encoded at its largest (10,000 emoji at 12
# bytes each, plus name, email and website), fits in this (tests/serving/test_request_size.py).
LONGEST_COMMENT_POST_BYTES = 128 * 1024
Number = TypeVar("Number", int, float)


def env_int(name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    """A whole number from the environment (here, in gunicorn.conf.py and in the database
    pool settings). Anything else, or a value outside minimum..maximum, stops the start
    with the setting's name: a wrong value would otherwise break things much later.

    The minimum has no default, so every setting says whether 0 means something for it."""
    return _env_number(name, default, int, "a whole number", minimum, maximum)


def gunicorn_threads() -> int:
    """Threads per gunicorn worker: gunicorn.conf.py serves with them, and each worker's
    database pool holds one connection for each."""
    return env_int("GUNICORN_THREADS", 1, minimum=1)


def _env_float(
    name: str, default: float, *, minimum: float, maximum: float | None = None
) -> float:
    return _env_number(name, default, float, "a number", minimum, maximum)


def _owner_number(name: str, default: Number) -> Number:
    minimum, maximum = OWNER_SETTING_RANGES[name]
    if isinstance(default, float):
        return _env_float(name, default, minimum=minimum, maximum=maximum)
    return env_int(name, default, minimum=minimum, maximum=maximum)


class SettingError(SystemExit):
    """A configuration mistake, not a bug: the process stops with one line (the setting's
    name and what it must be), no traceback, whether gunicorn, flask or a script started it."""


def _env_number(
    name: str,
    default: Number,
    parse: Callable[[str], Number],
    what: str,
    minimum: Number,
    maximum: Number | None,
) -> Number:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = parse(raw)
    except ValueError:
        raise SettingError(f"{name} must be {what}, not {raw!r}") from None
    # Written as "not in range", so that a float "nan" (which compares false) is refused.
    if maximum is None and not value >= minimum:
        raise SettingError(f"{name} must be at least {minimum}, not {raw.strip()}")
    if maximum is not None and not minimum <= value <= maximum:
        raise SettingError(f"{name} must be between {minimum} and {maximum}, not {raw.strip()}")
    return value


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


# ABUSE_LIMITS=off turns off the rate limits, flood control and form-age check at once
# (the benchmark posts faster than any reader); each can still be set on its own.
ABUSE_LIMITS = _env_bool("ABUSE_LIMITS", True)


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'blog.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # blog/serving/database.py fills in the pool

    SITE_NAME = os.environ.get("SITE_NAME", "The Flask Courier")
    SITE_DESCRIPTION = os.environ.get(
        "SITE_DESCRIPTION", "News and notes, published with a small Flask blog."
    )
    # Page sizes: 0 or less would page nothing (or forever).
    ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 10, minimum=1)
    # Threads (a comment and its replies) per page of an article's comments, newest first.
    COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50, minimum=1)
    # Articles per sitemap file (the protocol allows 50,000; WordPress uses 2,000), so one
    # file renders in well under a second however large the archive.
    SITEMAP_PAGE_SIZE = env_int("SITEMAP_PAGE_SIZE", 2000, minimum=1)
    # Public base URL for canonical links, feeds and the sitemap; unset: the request's host.
    SITE_URL: str | None = os.environ.get("SITE_URL") or None

    # "first-time" holds comments from emails with no approved comment yet.
    COMMENT_MODERATION = os.environ.get("COMMENT_MODERATION", "first-time")
    # A comment form older than this is refused and the reader asked to resend.
    # Longer than the longest wait before posting the Settings page allows, or no form
    # could ever be posted.
    COMMENT_FORM_MAX_AGE = env_int(
        "COMMENT_FORM_MAX_AGE",
        24 * 3600,
        minimum=OWNER_SETTING_RANGES["COMMENT_MIN_SECONDS"][1] + 1,
    )
    # A cookie given a lifetime of 0 days is deleted as it is set.
    COMMENT_AUTHOR_COOKIE_DAYS = env_int("COMMENT_AUTHOR_COOKIE_DAYS", 365, minimum=1)

    # Requests with a larger body get a 413 before it is read. The biggest form is an
    # article: 200,000 characters of emoji are 2.4 MB once form-encoded. Never below what
    # the longest comment the form accepts needs, or a valid comment would get the 413 page.
    MAX_CONTENT_LENGTH = env_int(
        "MAX_CONTENT_LENGTH", 3 * 1024 * 1024, minimum=LONGEST_COMMENT_POST_BYTES
    )

    # Static files: served by the app through WhiteNoise unless nginx does it (SERVE_STATIC=0).
    SERVE_STATIC = os.environ.get("SERVE_STATIC", "1") != "0"
    STATIC_MAX_AGE = env_int("STATIC_MAX_AGE", 3600, minimum=0)  # 0: browsers revalidate
    # gunicorn refuses to serve a database that is not at the migration head.
    REQUIRE_CURRENT_SCHEMA = False
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(INSTANCE_DIR / "backups"))

    # Spam and abuse (README "Spam and abuse"); the admin Settings page overrides these.
    # A form posted sooner than this after the page was served is refused as a robot's.
    COMMENT_MIN_SECONDS = _owner_number("COMMENT_MIN_SECONDS", 3 if ABUSE_LIMITS else 0)
    # One comment per this many seconds from one IP or email (0: off).
    COMMENT_FLOOD_SECONDS = _owner_number("COMMENT_FLOOD_SECONDS", 15 if ABUSE_LIMITS else 0)
    # More links than this: held (0: any link).
    COMMENT_MAX_LINKS = _owner_number("COMMENT_MAX_LINKS", 2)
    COMMENT_CLOSE_AFTER_DAYS = _owner_number("COMMENT_CLOSE_AFTER_DAYS", 0)  # 0: never
    # One entry a line: a word, an email (or @domain), an IP address or a CIDR range.
    COMMENT_HOLD_LIST = os.environ.get("COMMENT_HOLD_LIST", "")
    COMMENT_BLOCK_LIST = os.environ.get("COMMENT_BLOCK_LIST", "")
    # A learned score (a probability) above this: held. 1 holds nothing, 0 nearly everything.
    SPAM_THRESHOLD = _owner_number("SPAM_THRESHOLD", 0.9)
    # Of each kind before it scores: a score from no example of a kind means nothing.
    SPAM_MIN_EXAMPLES = env_int("SPAM_MIN_EXAMPLES", 5, minimum=1)
    SPAM_TRAINING_LIMIT = env_int("SPAM_TRAINING_LIMIT", 5000, minimum=1)  # newest of each
    # How stale a worker's model may be: it reads new decisions at most this often.
    SPAM_CATCH_UP_SECONDS = _env_float("SPAM_CATCH_UP_SECONDS", 1.0, minimum=0.0)

    # Per-IP limits on every POST (Flask-Limiter), shared through Redis when it is set.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", ABUSE_LIMITS)
    RATELIMIT_POST = os.environ.get("RATELIMIT_POST", "20 per minute;200 per hour")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_KEY_PREFIX = "blog"
    # Proxies in front of the app that set X-Forwarded-For; 0 trusts no such header.
    TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
    # Rendered public pages (blog/cache/): on, kept per worker up to this many bytes (0:
    # none), and re-rendered at least every PAGE_CACHE_SECONDS so the form token inside
    # stays fresh (it divides time into periods, so 0 is refused).
    PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") != "0"
    PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600, minimum=1)
    PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 8 * 1024 * 1024, minimum=0)
    # How long a CDN or nginx may keep a public page (browsers always revalidate; 0: none).
    PAGE_CDN_SECONDS = env_int("PAGE_CDN_SECONDS", 30, minimum=0)
    # Read stamps through a small autocommit engine of their own (blog/cache/reader.py).
    PAGE_STAMP_ENGINE = True
    # What tells a worker nothing changed, so the stamps it read can be kept
    # (blog/cache/changes.py): "auto" is SQLite's data_version on SQLite, and on PostgreSQL
    # a token in Redis when PAGE_CHANGE_REDIS_URL (default: REDIS_URL) is set; or
    # "data_version", "redis", "none" (read every stamp from the database).
    PAGE_CHANGE_WATCH = os.environ.get("PAGE_CHANGE_WATCH", "auto")
    PAGE_CHANGE_REDIS_URL = os.environ.get("PAGE_CHANGE_REDIS_URL") or REDIS_URL
    PAGE_CHANGE_KEY = os.environ.get("PAGE_CHANGE_KEY")  # unset: one per database URL

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # The admin's session cookie is Secure on an https site (and on any https request).
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SESSION_COOKIE_SECURE = PREFERRED_URL_SCHEME == "https"
    # Sign-in throttling: this many failures per account or per IP within the window -> 429.
    # At least 1 each: 0 failures would lock everyone out, and a window or a setup link of
    # 0 minutes would be over before it began.
    SIGN_IN_MAX_FAILURES = env_int("SIGN_IN_MAX_FAILURES", 5, minimum=1)
    SIGN_IN_WINDOW_MINUTES = env_int("SIGN_IN_WINDOW_MINUTES", 15, minimum=1)
    SETUP_LINK_MINUTES = env_int("SETUP_LINK_MINUTES", 60, minimum=1)
    WTF_CSRF_TIME_LIMIT = None  # the admin's token lives as long as the session


class DevelopmentConfig(Config):
    # A fresh random key per process: fine for `flask run`, never for production.
    SECRET_KEY = Config.SECRET_KEY or secrets.token_hex(32)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key-that-is-long-enough-0123456789"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Tests post at machine speed; the spam tests turn these on where they test them.
    COMMENT_MIN_SECONDS = 0
    COMMENT_FLOOD_SECONDS = 0
    # Each decision learned by the next score; tests/comments/test_spam_filter.py tests the wait.
    SPAM_CATCH_UP_SECONDS = 0
    RATELIMIT_ENABLED = False  # tests/test_limits.py turns it on
    RATELIMIT_STORAGE_URI = "memory://"
    # Off by default so test apps hold no extra connections; tests/cache turns it on.
    PAGE_STAMP_ENGINE = False
    PAGE_CHANGE_REDIS_URL = None  # the stamp_reader fixture's "redis" mode sets it


class ProductionConfig(Config):
    REQUIRE_CURRENT_SCHEMA = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("BLOG_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise SettingError(f"BLOG_ENV={name!r} is not one of: {', '.join(CONFIGS)}") from None
