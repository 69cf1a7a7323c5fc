"""Reading the version stamps: the one query every cached page costs, kept to one round trip.

Through the app's session, a request pays for a pool checkout with a liveness ping, the
query, and a rollback when the session closes: three round trips to PostgreSQL. Stamps are
read instead through a small engine of their own, in autocommit mode (each read sees every
committed bump) without the ping; a dropped connection is retried once on a fresh one.

Even that query is most of a cached page's cost. Where a cheap signal says the database
has not changed (SQLite's `PRAGMA data_version`, or a token in Redis: blog/cache/changes.py),
no stamp can have changed either, so `since_last_change` keeps what was read until then.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import Engine, Row, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from blog.cache.changes import (
    TRUST_SECONDS,
    ChangeToken,
    change_token,
    dispose_change_token,
    watch,
)
from blog.extensions import db
from blog.serving.database import pool_options

# Stamps are a handful of values per page; past this many kept rows, start again.
MAX_KEPT = 2048


@dataclass
class _StampEngine:
    pid: int
    engine: Engine
    # What tells this worker the database changed: "data_version", "redis" or None.
    watch: str | None = None
    token: ChangeToken | None = None
    # Each thread's last signal, what it kept since, and its data_version connection.
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
    no change signal is configured (blog/cache/changes.py) or it cannot be read: read again.

    The signal is read before the caller reads anything, so what it keeps is never older
    than the signal says; a commit landing in between only empties the dict once more.
    """
    held = _stamp_engine()
    if held is None or held.watch is None:
        return None
    watching = held.watching
    if held.watch == "data_version":
        signal: Hashable | None = _data_version(held)
    else:
        signal = held.token.read() if held.token is not None else None
    if signal is None:
        watching.signal = None  # whatever was kept, the next reading starts afresh
        return None
    now = time.monotonic()
    if (
        signal != getattr(watching, "signal", None)
        or len(watching.kept) > MAX_KEPT
        or (held.watch == "redis" and now - watching.since > TRUST_SECONDS)
    ):
        watching.signal, watching.kept, watching.since = signal, {}, now
    return watching.kept


def _data_version(held: _StampEngine) -> int | None:
    watching = held.watching
    try:
        if getattr(watching, "connection", None) is None:
            pooled = held.engine.raw_connection()
            pooled.detach()  # kept by this thread for good, outside the pool's count
            watching.connection = pooled.dbapi_connection
        return watching.connection.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        watching.connection = None  # made again on the next call
        return None


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
        held = app.extensions["stamp_engine"] = _StampEngine(
            os.getpid(), engine, watch(app), change_token(app)
        )
    return held


def _in_memory(url: Any) -> bool:
    return url.database in (None, "", ":memory:") or "mode=memory" in str(url)


def dispose_stamp_engine(app: Any) -> None:
    held = app.extensions.pop("stamp_engine", None)
    if held is not None:
        if getattr(held.watching, "connection", None) is not None:
            held.watching.connection.close()
        held.engine.dispose()
    dispose_change_token(app)
