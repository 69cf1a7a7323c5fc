"""Fixtures: a fresh app and an empty database for every test, on SQLite or PostgreSQL.

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the
whole suite on PostgreSQL; by default it runs on an in-memory SQLite database.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from blog import create_app
from blog.cache.reader import dispose_stamp_engine
from blog.extensions import db
from config import TestingConfig

REDIS_TEST_URL = "redis://127.0.0.1:6379/6"  # this project's test database on the machine's Redis


@pytest.fixture(scope="session", autouse=True)
def fresh_test_schema() -> None:
    """Start every run from an empty PostgreSQL schema.

    The test database outlives a run (CI reuses the machine's server), and `create_all`
    never alters a table an older checkout left behind with other columns.
    """
    url = TestingConfig.SQLALCHEMY_DATABASE_URI
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "app" in metafunc.fixturenames and metafunc.definition.get_closest_marker("stamp_readers"):
        metafunc.parametrize("stamp_reader", ["session", "own engine", "redis"], indirect=True)


@pytest.fixture
def stamp_reader(request: pytest.FixtureRequest) -> str:
    """How the app reads version stamps. "session" is the tests' default; "own engine" is
    production's without Redis: a database a second connection can see (a SQLite file
    here), stamps read on their own connections, and on SQLite kept until the database
    changes; "redis": the same, with stamps kept until the token in Redis changes."""
    return getattr(request, "param", "session")


@pytest.fixture
def app(stamp_reader: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    config = TestingConfig
    if stamp_reader in ("own engine", "redis"):
        url = TestingConfig.SQLALCHEMY_DATABASE_URI
        if url == "sqlite://":  # in memory: only the app's own connection would see it
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'blog.sqlite3'}"
        redis_url = redis_test_url() if stamp_reader == "redis" else None

        class OwnStampEngine(TestingConfig):
            SQLALCHEMY_DATABASE_URI = url
            PAGE_STAMP_ENGINE = True
            PAGE_CHANGE_WATCH = "redis" if redis_url else "auto"
            PAGE_CHANGE_REDIS_URL = redis_url
            PAGE_CHANGE_KEY = f"blog-test:page-changes:{uuid.uuid4().hex}"

        config = OwnStampEngine
    app = create_app(config)
    with app.app_context():
        db.create_all()
        yield app
        if stamp_reader == "redis":
            with redis.Redis.from_url(REDIS_TEST_URL) as server:
                server.delete(app.config["PAGE_CHANGE_KEY"])
        dispose_stamp_engine(app)
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def redis_test_url() -> str:
    """The project's test database on the machine's Redis. Without a Redis server the
    tests that need it skip on a developer's machine and fail in CI (REQUIRE_SERVICES=1)."""
    with redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1) as server:
        try:
            server.ping()
        except redis.RedisError:
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail("no Redis server on 127.0.0.1:6379")
            pytest.skip("no Redis server on 127.0.0.1:6379")
    return REDIS_TEST_URL


@pytest.fixture
def stamp_queries(app: Flask, stamp_reader: str) -> int:
    """Queries a current kept page costs: its stamp, or none where the stamps read since
    the database last changed are kept (SQLite through the stamps' own engine, or Redis)."""
    if stamp_reader == "redis":
        return 0
    return 0 if stamp_reader == "own engine" and db.engine.dialect.name == "sqlite" else 1


def _empty_all_tables() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


def form_token(html: str) -> str:
    match = FORM_TOKEN.search(html)
    assert match, "the page has no comment form token"
    return match.group(1)
