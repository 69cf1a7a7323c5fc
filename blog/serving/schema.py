"""Is the database at the migration head? Asked by /readyz and before gunicorn serves."""

from __future__ import annotations

from functools import cache

from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from blog.extensions import db


@cache
def _script_heads(directory: str) -> frozenset[str]:
    """Read once per process: the migration scripts do not change while it runs."""
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def code_heads() -> frozenset[str]:
    return _script_heads(current_app.extensions["migrate"].directory)


def database_heads() -> frozenset[str]:
    with db.engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def schema_problem() -> str | None:
    """None when the database is at the head, else what is wrong, in one line."""
    current, wanted = database_heads(), code_heads()
    if current == wanted:
        return None
    if not current:
        return "the database has no migrations applied"
    return f"the database is at {', '.join(sorted(current))}, not {', '.join(sorted(wanted))}"


def require_current_schema(app: Flask) -> None:
    """Refuse to serve an unmigrated database (called by gunicorn, not by `flask db ...`)."""
    with app.app_context():
        try:
            problem = schema_problem()
        except SQLAlchemyError as error:
            problem = f"cannot reach the database ({str(error).splitlines()[0]})"
    if problem:
        raise RuntimeError(f"{problem}: run `flask db upgrade` before serving")
