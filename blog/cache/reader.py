"""Reading the version stamps: the one query every cached page costs, kept to one round trip.

Through the app's session, a request pays for a pool checkout with a liveness ping, the
query, and a rollback when the session closes: three round trips to PostgreSQL. Stamps are
read instead through a small engine of their own, in autocommit mode (each read sees every
committed bump) without the ping; a dropped connection is retried once on a fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from flask import current_app
from sqlalchemy import Engine, Row, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from blog.extensions import db
from blog.serving.database import pool_options


def read_stamp(statement: Executable, params: dict[str, Any] | None = None) -> Sequence[Row]:
    engine = _stamp_engine()
    if engine is None:
        return db.session.connection().execute(statement, params).all()
    try:
        with engine.connect() as connection:
            return connection.execute(statement, params).all()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        with engine.connect() as connection:
            return connection.execute(statement, params).all()


def _stamp_engine() -> Engine | None:
    """One per worker process, made on its first request (never shared across a fork)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = db.engine.url
    if not app.config["PAGE_STAMP_ENGINE"] or (url.drivername == "sqlite" and _in_memory(url)):
        return None  # an in-memory database exists only on the app's own connection
    held = app.extensions.get("stamp_engine")
    if held is None or held[0] != os.getpid():
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
        held = app.extensions["stamp_engine"] = (os.getpid(), engine)
    return held[1]


def _in_memory(url: Any) -> bool:
    return url.database in (None, "", ":memory:") or "mode=memory" in str(url)


def dispose_stamp_engine(app: Any) -> None:
    held = app.extensions.pop("stamp_engine", None)
    if held is not None:
        held[1].dispose()
