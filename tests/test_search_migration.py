"""The migrations build the same searchable schema as the models, on a real file database."""

from __future__ import annotations

import sqlite3

from flask_migrate import downgrade, upgrade

from blog import create_app
from blog.cli import init_migrate
from blog.extensions import db
from blog.search.backends import SqliteSearch
from config import TestingConfig


class FileDatabaseConfig(TestingConfig):
    SQLALCHEMY_DATABASE_URI = ""  # set per test


def test_sqlite_migrations_create_a_search_index_that_follows_writes(tmp_path):
    path = tmp_path / "migrated.sqlite3"
    config = type(
        "Config", (FileDatabaseConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    app = create_app(config)
    init_migrate(app)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO articles (slug, title, subtitle, author_name, body_markdown,"
                " body_html, body_text, status, created_at, updated_at, published_at)"
                " VALUES ('s', 'Harbour news', '', 'A', '', '', 'boats at dawn', 'published',"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        found = [hit.article.slug for hit in SqliteSearch().search(["dawn"], 10, 0)]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()

    assert found == ["s"]
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert [name for (name,) in tables if "fts" in name] == []
