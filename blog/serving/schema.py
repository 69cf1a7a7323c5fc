"""Is the database at the migration head? Asked by /readyz and before gunicorn serves.

Without Alembic: importing it (and Mako, which it pulls in) costs every web worker ~10 MB,
for a question two small reads answer. The scripts' heads come from the `revision` and
`down_revision` lines of migrations/versions/*.py (read once per process; the scripts do
not change while it runs), the database's from the `alembic_version` table Alembic keeps.
tests/serving/test_schema.py checks both answers against Alembic's own.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from flask import Flask
from sqlalchemy import column, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError

from blog.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
# Alembic's default name, which migrations/env.py keeps.
VERSION_TABLE = table("alembic_version", column("version_num"))


@cache
def script_heads(versions: Path = MIGRATIONS_DIR / "versions") -> frozenset[str]:
    """The revisions no other script builds on, as `flask db heads` lists them."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        names = _module_constants(path)
        if not isinstance(names.get("revision"), str):
            continue  # not a migration script (Alembic skips these too)
        revisions.add(names["revision"])
        down = names.get("down_revision")
        if isinstance(down, str):
            parents.add(down)
        elif down:  # a merge names several
            parents.update(down)
    return frozenset(revisions - parents)


def _module_constants(path: Path) -> dict[str, object]:
    """`name = <literal>` (or `name: type = <literal>`) at a script's top level."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                continue  # not a literal, so not one of the names we read
    return found


def code_heads() -> frozenset[str]:
    return script_heads()


def database_heads() -> frozenset[str]:
    """What `flask db current` shows: no table yet means no migration applied."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE.name):
            return frozenset()
        return frozenset(connection.scalars(select(VERSION_TABLE.c.version_num)))


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
