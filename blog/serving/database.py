"""Database connections fit for several gunicorn workers, on SQLite and PostgreSQL.

SQLite: every connection (the app's, Alembic's, the tests') gets foreign keys on and a busy
timeout, and file databases use WAL, so readers never block the one writer and writers
queue instead of failing with "database is locked".
PostgreSQL: each worker process keeps a small pool (a sync worker serves one request at a
time), checks a connection before use so a restarted server costs no failed request, and
gives up connecting quickly so a reader gets the 503 page instead of a hung worker.

The check before use looks at the socket instead of asking the server (SQLAlchemy's
`pool_pre_ping`): an idle connection has nothing to read, so one that does was closed by
the server (a restart, an administrator) or was told something, and is replaced. The
ping cost a round trip on every request, one of about nine on a comment post.
"""

from __future__ import annotations

import select
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool

from config import env_int, gunicorn_threads

SQLITE_BUSY_TIMEOUT_MS = 5000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # In-memory databases answer "memory" and stay as they are.
    if cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
    cursor.close()


@event.listens_for(Pool, "checkout")
def _replace_closed_postgresql_connection(
    dbapi_connection: Any, connection_record: Any, connection_proxy: Any
) -> None:
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is None:  # not psycopg
        return
    if dbapi_connection.closed or dbapi_connection.broken or _has_input(pgconn.socket):
        raise DisconnectionError("PostgreSQL closed the connection, or spoke while it was idle")


def _has_input(fd: int) -> bool:
    poll = select.poll()  # not select.select, which cannot watch a descriptor past 1023
    poll.register(fd, select.POLLIN)
    return bool(poll.poll(0))


def pool_options(url: str | URL) -> dict[str, Any]:
    """Pool settings for the database in `url`; SQLite keeps SQLAlchemy's own choice."""
    if make_url(url).get_backend_name() != "postgresql":
        return {}
    threads = gunicorn_threads()
    # SQLAlchemy reads a pool_size of 0 and a max_overflow of -1 as "no limit", and libpq a
    # connect_timeout of 0 as "wait forever": the opposite of a small pool that gives up
    # quickly, so they are refused. A pool_timeout of 0 fails at once when the pool is used up.
    return {
        "pool_size": env_int("DB_POOL_SIZE", threads, minimum=1),
        "max_overflow": env_int("DB_MAX_OVERFLOW", 2, minimum=0),
        "pool_timeout": env_int("DB_POOL_TIMEOUT", 10, minimum=0),
        "pool_recycle": 1800,
        "connect_args": {"connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5, minimum=1)},
    }


def configure_engine(app: Flask) -> None:
    """Fill in pool settings the config did not set itself; call before `db.init_app`."""
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **pool_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
