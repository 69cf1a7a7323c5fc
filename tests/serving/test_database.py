from __future__ import annotations

import select
import time

import pytest
from sqlalchemy import create_engine, text

from blog.extensions import db
from blog.serving.database import pool_options


def test_every_sqlite_connection_enforces_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        engine = create_engine("sqlite://")
    else:
        engine = db.engine

    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_sqlite_file_uses_wal_and_a_busy_timeout(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'blog.sqlite3'}")

    with engine.connect() as connection:
        journal = connection.execute(text("PRAGMA journal_mode")).scalar()
        timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
    engine.dispose()

    assert journal == "wal"
    assert timeout == 5000


def test_postgresql_gets_a_small_pool_per_worker_and_a_connect_timeout(monkeypatch):
    monkeypatch.setenv("GUNICORN_THREADS", "4")

    options = pool_options("postgresql+psycopg://blog@db.internal/blog")

    assert options["pool_size"] == 4
    assert options["connect_args"] == {"connect_timeout": 5}


def test_sqlite_keeps_sqlalchemys_own_pool():
    assert pool_options("sqlite:///blog.sqlite3") == {}


def test_a_pooled_connection_is_reused_without_a_round_trip_to_ping_it(app, monkeypatch):
    def no_ping(dbapi_connection):  # noqa: ANN001, ANN202
        raise AssertionError("the pool pinged the server")

    monkeypatch.setattr(db.engine.dialect, "do_ping", no_ping)
    first = _connection_id()

    assert _connection_id() == first  # the same connection, taken from the pool again


def test_a_connection_the_server_closed_is_replaced_before_it_is_used(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to close a connection")
    doomed = _connection_id()
    with create_engine(db.engine.url).connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": doomed})
    admin.engine.dispose()
    _wait_until_the_pooled_connection_hears_it()

    replaced = _connection_id()  # raised "server closed the connection" with no check

    assert replaced != doomed


def _connection_id() -> int:
    """The server process behind the pooled connection (SQLite: the Python object's id)."""
    if db.engine.dialect.name == "postgresql":
        value = db.session.scalar(text("SELECT pg_backend_pid()"))
    else:
        value = id(db.session.connection().connection.dbapi_connection)
    db.session.remove()  # back to the pool
    return value


def _wait_until_the_pooled_connection_hears_it() -> None:
    pooled = db.engine.pool._pool.queue[0].dbapi_connection  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while not select.select([pooled.pgconn.socket], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server never closed the connection"
