"""Every migration goes up and down cleanly, and the models match what migrations build.

Runs on a SQLite file always, and on PostgreSQL too when TEST_DATABASE_URL points there.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Column, inspect, text

from blog import create_app
from blog.cli import init_migrate
from blog.extensions import db
from blog.search.document import is_search_index
from config import TestingConfig
from tests.production.database import drop_everything


def _database_urls() -> list[str]:
    urls = ["sqlite-file"]
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        urls.append(os.environ["TEST_DATABASE_URL"])
    return urls


@pytest.fixture(params=_database_urls())
def empty_app(request, tmp_path) -> Iterator[Flask]:
    url = request.param
    if url == "sqlite-file":
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"

    class MigrationConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(MigrationConfig)
    init_migrate(app)
    with app.app_context():
        drop_everything()
        yield app
        db.session.remove()
        drop_everything()
        db.create_all()  # leave the shared test database as the other tests expect it
        db.engine.dispose()


def _revisions_oldest_first() -> list[str]:
    directory = ScriptDirectory.from_config(flask_migrate.Migrate().get_config())
    return [script.revision for script in reversed(list(directory.walk_revisions()))]


def _include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    return not is_search_index(name, type_)


def _schema_differences() -> list:
    with db.engine.connect() as connection, warnings.catch_warnings():
        # SQLite cannot reflect an index on an expression, so Alembic skips those there, with
        # a warning; _expression_indexes compares them instead.
        warnings.filterwarnings("ignore", message=".*expression-based index")
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _include_name}
        )
        return compare_metadata(context, db.metadata)


def _expression_indexes() -> dict[str, str | None]:
    """The models' indexes on expressions, by name, as the database defines them."""
    names = [
        index.name
        for table in db.metadata.tables.values()
        for index in table.indexes
        if any(not isinstance(e, Column) for e in index.expressions)
    ]
    if db.engine.dialect.name == "sqlite":
        query = text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name")
    else:
        query = text(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname = :name"
        )
    with db.engine.connect() as connection:
        return {name: connection.scalar(query, {"name": name}) for name in names}


def _search_index() -> dict[str, object]:
    """The search index as the database describes it: SQLite's FTS5 objects, PostgreSQL's
    generated column and GIN index (left out of _schema_differences, so compared here)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.execute(
                text("SELECT type, name FROM sqlite_master WHERE name LIKE 'articles_fts%'")
            )
            return {"sqlite": sorted(tuple(row) for row in rows)}
        column = connection.execute(
            text(
                "SELECT data_type, is_generated, generation_expression"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = 'articles' AND column_name = 'search_vector'"
            )
        ).one_or_none()
        index = connection.scalar(
            text(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND indexname = 'ix_articles_search'"
            )
        )
        return {"column": tuple(column) if column else None, "index": index}


def _current() -> set[str]:
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def test_every_migration_upgrades_and_downgrades_one_step_at_a_time(empty_app):
    revisions = _revisions_oldest_first()

    for revision in revisions:
        flask_migrate.upgrade(revision=revision)
        assert _current() == {revision}
    for previous in [*reversed(revisions[:-1]), None]:
        flask_migrate.downgrade(revision=previous or "base")
        assert _current() == ({previous} if previous else set())
    flask_migrate.upgrade()

    assert _current() == {revisions[-1]}
    assert set(inspect(db.engine).get_table_names()) >= set(db.metadata.tables)


def test_models_and_migrations_agree(empty_app):
    flask_migrate.upgrade()

    assert _schema_differences() == []


def test_migrations_build_the_search_index_the_models_build(empty_app):
    flask_migrate.upgrade()
    migrated = _search_index()
    drop_everything()
    db.create_all()

    assert migrated == _search_index()
    assert all(migrated.values()), migrated


def test_migrations_build_the_expression_indexes_the_models_build(empty_app):
    flask_migrate.upgrade()
    migrated = _expression_indexes()
    drop_everything()
    db.create_all()

    assert migrated == _expression_indexes()
    assert "ix_comments_article_author_body" in migrated
    assert all(migrated.values()), migrated


def test_the_expression_index_check_notices_a_missing_index(empty_app):
    flask_migrate.upgrade()
    with db.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_comments_article_author_body"))

    assert _expression_indexes()["ix_comments_article_author_body"] is None


def test_the_agreement_check_notices_a_missing_index(empty_app):
    flask_migrate.upgrade()
    with db.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_comments_author_email_status"))

    differences = _schema_differences()

    assert [d[0] for d in differences] == ["add_index"]
