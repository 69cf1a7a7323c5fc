"""Databases built the way production builds them (migrations), with test content."""

from __future__ import annotations

import flask_migrate
from flask import Flask
from sqlalchemy import text

from blog import create_app
from blog.cli import init_migrate
from blog.extensions import db
from blog.models import Article, ArticleStatus, User, UserRole
from blog.models.types import utcnow
from config import TestingConfig

ARTICLE_SLUG = "shared-news"
OWNER_EMAIL = "owner@example.com"
OWNER_PASSWORD = "correct horse battery staple"


def drop_everything() -> None:
    db.metadata.drop_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def app_for(url: str) -> Flask:
    config = type("ServedConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    init_migrate(app)  # `flask_migrate.upgrade()` reads what this sets up
    return app


def migrate_and_seed(url: str) -> None:
    """Build the schema the way production does (migrations), then add what tests need."""
    with app_for(url).app_context():
        drop_everything()
        flask_migrate.upgrade()
        owner = User(email=OWNER_EMAIL, name="Olive Owner", role=UserRole.OWNER)
        owner.set_password(OWNER_PASSWORD)
        article = Article(
            slug=ARTICLE_SLUG,
            title="Shared news",
            author_name="Jane Reporter",
            body_markdown="Read on any server.",
            status=ArticleStatus.PUBLISHED,
            published_at=utcnow(),
        )
        db.session.add_all([owner, article])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
