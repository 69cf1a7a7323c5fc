"""The migrations build the same searchable schema as the models, on a real file database."""

from __future__ import annotations

import os
import sqlite3

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from blog import create_app
from blog.cli import init_migrate
from blog.extensions import db
from blog.search.backends import PostgresSearch, SqliteSearch
from config import TestingConfig
from tests.production.database import drop_everything


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


POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.mark.skipif(not POSTGRES_URL.startswith("postgresql"), reason="needs PostgreSQL")
def test_postgresql_search_column_is_filled_on_upgrade_and_removed_on_downgrade():
    config = type("Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": POSTGRES_URL})
    app = create_app(config)
    init_migrate(app)
    with app.app_context():
        drop_everything()
        upgrade(revision="d07f3ac444a6")  # the expression index's last revision
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO articles (slug, title, subtitle, author_name, body_markdown,"
                " body_html, body_text, status, created_at, updated_at, published_at)"
                " VALUES ('s', 'Harbour news', '', 'A', '', '', 'boats at dawn', 'published',"
                " now(), now(), now() - interval '1 hour')"
            )
        upgrade()
        found = [hit.article.slug for hit in PostgresSearch().search(["boat"], 10, 0)]
        db.session.remove()
        downgrade(revision="d07f3ac444a6")
        columns = {c["name"] for c in inspect(db.engine).get_columns("articles")}
        with db.engine.connect() as connection:
            index = connection.scalar(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_search'")
            )
        drop_everything()
        db.create_all()  # leave the shared test database as the other tests expect it
        db.engine.dispose()

    assert found == ["s"]
    assert "search_vector" not in columns
    assert "to_tsvector" in index
