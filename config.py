"""Settings, all read from the environment (a `.env` file is honoured).

`BLOG_ENV` picks the class: development (default), testing or production.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

load_dotenv(BASE_DIR / ".env")

MODERATION_MODES = ("first-time", "all", "none")


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'blog.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    SITE_NAME = os.environ.get("SITE_NAME", "The Flask Courier")
    SITE_DESCRIPTION = os.environ.get(
        "SITE_DESCRIPTION", "News and notes, published with a small Flask blog."
    )
    ARTICLES_PER_PAGE = _env_int("ARTICLES_PER_PAGE", 10)

    # "first-time" holds comments from emails with no approved comment yet.
    COMMENT_MODERATION = os.environ.get("COMMENT_MODERATION", "first-time")
    # A comment form older than this is refused and the reader asked to resend.
    COMMENT_FORM_MAX_AGE = _env_int("COMMENT_FORM_MAX_AGE", 24 * 3600)
    COMMENT_AUTHOR_COOKIE_DAYS = _env_int("COMMENT_AUTHOR_COOKIE_DAYS", 365)

    # Static files: served by the app through WhiteNoise unless nginx does it (SERVE_STATIC=0).
    SERVE_STATIC = os.environ.get("SERVE_STATIC", "1") != "0"
    STATIC_MAX_AGE = _env_int("STATIC_MAX_AGE", 3600)
    # gunicorn refuses to serve a database that is not at the migration head.
    REQUIRE_CURRENT_SCHEMA = False
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(INSTANCE_DIR / "backups"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the admin's token lives as long as the session


class DevelopmentConfig(Config):
    # A fresh random key per process: fine for `flask run`, never for production.
    SECRET_KEY = Config.SECRET_KEY or secrets.token_hex(32)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key-that-is-long-enough-0123456789"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")


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
        raise RuntimeError(f"BLOG_ENV={name!r} is not one of: {', '.join(CONFIGS)}") from None
