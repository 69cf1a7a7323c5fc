"""The whole site as one JSON document, and back, for `flask export` / `flask import`.

Every table the models define is written row by row, column by column, so a table added
by a later feature is carried without touching this file. The document names its format
version and the migration head it was written at; it is read back only by code at the same
head, into an empty database. Password hashes stay out unless asked for.
"""

from __future__ import annotations

import base64
import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Table, and_, func, select, text, update
from sqlalchemy.types import TypeDecorator

from blog.extensions import db
from blog.models.types import utcnow
from blog.serving.schema import code_heads

FORMAT = "flask-courier-blog"
VERSION = 1
SECRET_COLUMNS = {("users", "password_hash")}
# werkzeug's check_password_hash is False for a value without "$": no password matches.
LOCKED_PASSWORD = "!no-password-imported"


class SiteFileError(ValueError):
    """A document that cannot be imported; the message says why."""


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _python_type(column: Column) -> type | None:
    kind = column.type
    if isinstance(kind, TypeDecorator):  # UTCDateTime and friends: the stored type decides
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def _decode(column: Column, value: Any) -> Any:
    kind = _python_type(column)
    if value is None or kind is None:
        return value
    if issubclass(kind, enum.Enum):
        return kind(value)
    if kind in (datetime, date, time):
        return kind.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value)
    if kind is Decimal:
        return Decimal(value)
    return value


def _exported_columns(table: Table, with_password_hashes: bool) -> list[Column]:
    return [
        column
        for column in table.columns
        if with_password_hashes or (table.name, column.name) not in SECRET_COLUMNS
    ]


def export_site(with_password_hashes: bool = False) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in db.metadata.sorted_tables:
        columns = _exported_columns(table, with_password_hashes)
        query = select(*columns).order_by(*table.primary_key.columns)
        tables[table.name] = [
            {name: _encode(value) for name, value in row.items()}
            for row in db.session.execute(query).mappings()
        ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": sorted(code_heads()),
        "exported_at": utcnow().isoformat(),
        "password_hashes": with_password_hashes,
        "tables": tables,
    }


def _check_document(document: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SiteFileError(f"not a {FORMAT} export")
    if document.get("version") != VERSION:
        raise SiteFileError(f"export format version {document.get('version')!r} is not {VERSION}")
    if sorted(document.get("schema") or []) != sorted(code_heads()):
        raise SiteFileError(
            f"written at schema {document.get('schema')}, this code is at "
            f"{sorted(code_heads())}: import with the matching version of the blog"
        )
    tables = document.get("tables")
    known = {table.name for table in db.metadata.sorted_tables}
    if not isinstance(tables, dict) or not set(tables) <= known:
        raise SiteFileError(f"unknown tables: {sorted(set(tables or {}) - known)}")
    return tables


def _require_empty() -> None:
    for table in db.metadata.sorted_tables:
        if db.session.scalar(select(func.count()).select_from(table)):
            raise SiteFileError(f"the database is not empty (table {table.name} has rows)")


def _rows_for(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    columns = {column.name: column for column in table.columns}
    decoded = []
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise SiteFileError(f"{table.name}: unknown columns {sorted(unknown)}")
        values = {name: _decode(columns[name], value) for name, value in row.items()}
        for name in columns:
            if (table.name, name) in SECRET_COLUMNS and values.get(name) is None:
                values[name] = LOCKED_PASSWORD
        decoded.append(values)
    return decoded


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _insert(table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows that point at rows of their own table (replies) get those links afterwards."""
    links = _self_references(table)
    first = [{**row, **dict.fromkeys(links)} for row in rows] if links else rows
    db.session.execute(table.insert(), first)
    keys = list(table.primary_key.columns)
    for row in rows:
        targets = {name: row.get(name) for name in links if row.get(name) is not None}
        if targets:
            this_row = and_(*(key == row[key.name] for key in keys))
            db.session.execute(update(table).where(this_row).values(**targets))


def _reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences that the explicit ids above did not move."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].autoincrement is False or _python_type(keys[0]) is not int:
            continue
        key = keys[0]
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                f'COALESCE(MAX("{key.name}"), 1), MAX("{key.name}") IS NOT NULL) '
                f'FROM "{table.name}"'
            )
        )


def import_site(document: Any) -> dict[str, int]:
    """Load an export into an empty database; the caller commits. Returns rows per table."""
    tables = _check_document(document)
    _require_empty()
    counts = {}
    for table in db.metadata.sorted_tables:
        rows = _rows_for(table, tables.get(table.name, []))
        if rows:
            _insert(table, rows)
        counts[table.name] = len(rows)
    _reset_sequences()
    return counts
