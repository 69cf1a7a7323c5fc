"""What search indexes for an article, defined once for both databases.

Titles weigh most, then subtitles, then bodies. The body is `body_text`: the plain text of
the rendered article, so Markdown syntax and link targets are neither matched nor shown.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, literal_column
from sqlalchemy.dialects.postgresql import to_tsvector

PG_CONFIG = "english"
FTS_TABLE = "articles_fts"


def is_search_index_table(name: str | None) -> bool:
    """SQLite's FTS5 table and its shadow tables: made by DDL below, not by the models, so
    schema comparisons (Alembic autogenerate, the migration tests) leave them out."""
    return bool(name) and name.startswith(FTS_TABLE)


# SQLite: an external-content FTS5 table over `articles`, kept in step by triggers, so
# every write (ORM, Core, a shell, a migration) reaches the index in the same transaction.
SQLITE_FTS_DDL = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        title, subtitle, body_text,
        content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, subtitle, body_text)
        VALUES (new.id, new.title, new.subtitle, new.body_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body_text)
        VALUES ('delete', old.id, old.title, old.subtitle, old.body_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update
        AFTER UPDATE OF title, subtitle, body_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body_text)
        VALUES ('delete', old.id, old.title, old.subtitle, old.body_text);
        INSERT INTO articles_fts(rowid, title, subtitle, body_text)
        VALUES (new.id, new.title, new.subtitle, new.body_text);
    END""",
)
SQLITE_FTS_REBUILD = "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"


def pg_document(
    title: ColumnElement[str], subtitle: ColumnElement[str], body: ColumnElement[str]
) -> ColumnElement:
    """The weighted tsvector; the GIN index and every query use this same expression.

    `to_tsvector` is the dialect's own construct: `func.to_tsvector` compiles only when
    something has imported sqlalchemy.dialects.postgresql first (Alembic did, before the
    web process stopped loading it)."""
    config = literal_column(f"'{PG_CONFIG}'::regconfig")
    return (
        func.setweight(to_tsvector(config, title), literal_column("'A'"))
        .op("||")(func.setweight(to_tsvector(config, subtitle), literal_column("'B'")))
        .op("||")(func.setweight(to_tsvector(config, body), literal_column("'C'")))
    )
