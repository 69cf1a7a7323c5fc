"""Reading the version stamps: the one query every cached page costs, kept to one round trip.

Through the app's session, a request pays for a pool checkout with a liveness ping, the
query, and a rollback when the session closes: three round trips to PostgreSQL. Stamps are
read instead through a small engine of their own, in autocommit mode (each read sees every
committed bump) without the ping; a dropped connection is retried once on a fresh one.

On SQLite even that query is most of a cached page's cost, and most of it is SQLAlchemy's.
SQLite keeps a counter, `PRAGMA data_version`, that changes whenever any other connection
commits; read on a connection kept for nothing else it costs a few microseconds. While it
is unchanged no stamp can have changed, so `since_last_change` keeps what was read until then.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import Engine, Row, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from blog.extensions import db
from blog.serving.database import pool_options

# Stamps are a handful of values per page; past this many kept rows, start again.
MAX_KEPT = 2048


@dataclass
class _StampEngine:
    pid: int
    engine: Engine
    # Each thread's connection for reading SQLite's data_version, and what it kept.
    watching: threading.local = field(default_factory=threading.local)


def read_stamp(statement: Executable, params: dict[str, Any] | None = None) -> Sequence[Row]:
    held = _stamp_engine()
    if held is None:
        return db.session.connection().execute(statement, params).all()
    try:
        with held.engine.connect() as connection:
            return connection.execute(statement, params).all()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        with held.engine.connect() as connection:
            return connection.execute(statement, params).all()


def since_last_change() -> dict[Hashable, Any] | None:
    """A dict for this thread that is emptied whenever the database has changed since the
    last call, for anything worth keeping that only a commit could make stale. None where
    no cheap change counter exists (PostgreSQL, the app's in-memory SQLite): read again.

    The counter is read before the caller reads anything, so what it keeps is never older
    than the counter says; a commit landing in between only empties the dict once more.
    """
    held = _stamp_engine()
    if held is None or held.engine.dialect.name != "sqlite":
        return None
    watching = held.watching
    try:
        if getattr(watching, "connection", None) is None:
            pooled = held.engine.raw_connection()
            pooled.detach()  # kept by this thread for good, outside the pool's count
            watching.connection = pooled.dbapi_connection
            watching.counter, watching.kept = None, {}
        counter = watching.connection.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        watching.connection = None  # made again on the next call
        return None
    if counter != watching.counter or len(watching.kept) > MAX_KEPT:
        watching.counter, watching.kept = counter, {}
    return watching.kept


def _stamp_engine() -> _StampEngine | None:
    """One per worker process, made on its first request (never shared across a fork)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = db.engine.url
    if not app.config["PAGE_STAMP_ENGINE"] or (url.drivername == "sqlite" and _in_memory(url)):
        return None  # an in-memory database exists only on the app's own connection
    held = app.extensions.get("stamp_engine")
    if held is None or held.pid != os.getpid():
        engine = create_engine(
            url,
            isolation_level="AUTOCOMMIT",
            pool_reset_on_return=None,
            pool_size=2,
            max_overflow=4,
            # The same connect timeout as the app's engine: an unreachable database must
            # give the reader the 503 page quickly, not hang the worker.
            connect_args=pool_options(url).get("connect_args", {}),
        )
        held = app.extensions["stamp_engine"] = _StampEngine(os.getpid(), engine)
    return held


def _in_memory(url: Any) -> bool:
    return url.database in (None, "", ":memory:") or "mode=memory" in str(url)


def dispose_stamp_engine(app: Any) -> None:
    held = app.extensions.pop("stamp_engine", None)
    if held is not None:
        if getattr(held.watching, "connection", None) is not None:
            held.watching.connection.close()
        held.engine.dispose()
