"""What search indexes for an article, defined once for both databases.

Titles weigh most, then subtitles, then bodies. The body is `body_text`: the plain text of
the rendered article, so Markdown syntax and link targets are neither matched nor shown.
"""

from __future__ import annotations

PG_CONFIG = "english"
FTS_TABLE = "articles_fts"


# PostgreSQL: the weighted document is stored in a generated column, so each article's
# text is parsed once when it is written, never while searching (ranking a recomputed
# to_tsvector of every match cost ~0.5 s on 100,000 articles); the database keeps the
# column in step with every write, whatever makes it. Not a model column, because SQLite
# has no tsvector: it is made by DDL, like SQLite's FTS5 table, and searched by name.
PG_SEARCH_COLUMN = "search_vector"
PG_SEARCH_INDEX = "ix_articles_search"
PG_DOCUMENT = (
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, title), 'A')"
    f" || setweight(to_tsvector('{PG_CONFIG}'::regconfig, subtitle), 'B')"
    f" || setweight(to_tsvector('{PG_CONFIG}'::regconfig, body_text), 'C')"
)
PG_SEARCH_COLUMN_DDL = (
    f"ALTER TABLE articles ADD COLUMN {PG_SEARCH_COLUMN} tsvector"
    f" GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED"
)
PG_SEARCH_INDEX_DDL = f"CREATE INDEX {PG_SEARCH_INDEX} ON articles USING gin ({PG_SEARCH_COLUMN})"
PG_SEARCH_DDL = (PG_SEARCH_COLUMN_DDL, PG_SEARCH_INDEX_DDL)


def is_search_index(name: str | None, type_: str) -> bool:
    """The search index: SQLite's FTS5 table and its shadow tables, PostgreSQL's generated
    column and its GIN index. Made by the DDL here, not by the models, so schema comparisons
    (Alembic autogenerate, the migration tests) leave them out; tests/test_migrations.py
    checks the migrations build them as the models do."""
    if not name:
        return False
    if type_ == "table":
        return name.startswith(FTS_TABLE)
    return (type_, name) in {("column", PG_SEARCH_COLUMN), ("index", PG_SEARCH_INDEX)}


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
