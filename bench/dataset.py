"""The benchmark's data sets, written in bulk with SQLAlchemy Core and reused between runs.

Sizes: small (1,000 articles, 10,000 comments) and large (100,000 articles, 1,000,000
comments). The newest article, READ_SLUG, has exactly 50 approved comments (some of them
replies); POST_SLUG receives the benchmark's comment posts. The schema is the models'
own (`metadata.create_all`), the same one the migrations build.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateIndex, CreateTable

from bench.bodies import comment_texts, rendered_bodies, tag_names, title
from blog.extensions import db
from blog.models import Article, Comment, Tag, article_tags
from blog.search.document import PG_SEARCH_DDL, PG_SEARCH_INDEX, PG_SEARCH_INDEX_DDL

DATA_DIR = Path(__file__).resolve().parent / "data"
READ_SLUG = "bench-read"
POST_SLUG = "bench-post"
READ_COMMENTS = 50
REGULAR_EMAIL = "regular@example.com"  # has approved comments, so its posts are published
CHUNK = 5_000
TAGS_PER_ARTICLE = 3
DATASET_VERSION = "4"  # bump when the generated rows change
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Size:
    name: str
    articles: int
    comments: int


SIZES = {
    "small": Size("small", 1_000, 10_000),
    "large": Size("large", 100_000, 1_000_000),
}


def database_url(backend: str, size: Size) -> str:
    if backend == "sqlite":
        return f"sqlite:///{DATA_DIR / f'{size.name}.sqlite3'}"
    url = make_url(os.environ["BENCH_DATABASE_URL"])
    # One schema per size in the given database, so both sizes are kept between runs.
    return url.update_query_dict({"options": f"-csearch_path=bench_{size.name}"}).render_as_string(
        hide_password=False
    )


def ensure(backend: str, size: Size) -> dict[str, object]:
    """Build the data set unless an identical one is already there."""
    url = database_url(backend, size)
    engine = create_engine(url)
    try:
        if _is_built(engine, size):
            return {"built": False, "seconds": 0.0}
        started = time.monotonic()
        _reset(engine, backend, size)
        db.metadata.create_all(engine)
        _fill(engine, size)
        _finish(engine, backend, size)
        return {"built": True, "seconds": round(time.monotonic() - started, 1)}
    finally:
        _stamp_migration_head(engine)
        engine.dispose()


def _stamp_migration_head(engine: Engine) -> None:
    """create_all built the schema the migrations build; say so, since gunicorn in
    production refuses a database that is not at the migration head."""
    scripts = ScriptDirectory(str(Path(__file__).resolve().parent.parent / "migrations"))
    with engine.begin() as connection:
        MigrationContext.configure(connection).stamp(scripts, "heads")


def clear_posts(backend: str, size: Size) -> int:
    """Remove earlier runs' posted comments; returns the post target's article id."""
    engine = create_engine(database_url(backend, size))
    try:
        with engine.begin() as connection:
            article_id = connection.scalar(select(Article.id).where(Article.slug == POST_SLUG))
            connection.execute(Comment.__table__.delete().where(Comment.article_id == article_id))
            return int(article_id)
    finally:
        engine.dispose()


def stored_bodies(backend: str, size: Size, article_id: int) -> list[str]:
    engine = create_engine(database_url(backend, size))
    try:
        with engine.connect() as connection:
            return list(
                connection.scalars(select(Comment.body).where(Comment.article_id == article_id))
            )
    finally:
        engine.dispose()


def fingerprint(engine: Engine, size: Size) -> str:
    """Changes with the schema (any model change) and with what this module generates."""
    ddl = sorted(str(CreateTable(t).compile(engine)) for t in db.metadata.sorted_tables)
    ddl += sorted(
        str(CreateIndex(i).compile(engine)) for t in db.metadata.tables.values() for i in t.indexes
    )
    if engine.dialect.name == "postgresql":  # made by DDL events, not by the metadata
        ddl += PG_SEARCH_DDL
    text_ = "\n".join([DATASET_VERSION, size.name, *ddl])
    return hashlib.sha256(text_.encode()).hexdigest()


def _is_built(engine: Engine, size: Size) -> bool:
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT fingerprint FROM bench_meta")).scalar()
    except Exception:  # no data set yet
        return False
    return stored == fingerprint(engine, size)


def _reset(engine: Engine, backend: str, size: Size) -> None:
    if backend == "sqlite":
        engine.dispose()
        DATA_DIR.mkdir(exist_ok=True)
        Path(engine.url.database or "").unlink(missing_ok=True)
        return
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS bench_{size.name} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA bench_{size.name}"))


def _chunks(rows: Iterator[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _article_rows(size: Size) -> Iterator[dict[str, object]]:
    bodies = rendered_bodies()
    for n in range(1, size.articles + 1):
        markdown, html, body_text = bodies[n % len(bodies)]
        slug = {1: READ_SLUG, 2: POST_SLUG}.get(n, f"article-{n}")
        published = NOW - timedelta(minutes=30 * n)
        yield {
            "id": n,
            "slug": slug,
            "title": title(n),
            "subtitle": title(n + 1_000_001),
            "author_name": f"Reporter {n % 40}",
            "body_markdown": markdown,
            "body_html": html,
            "body_text": body_text,
            "status": "draft" if n % 20 == 0 else "published",
            "published_at": published,
            "created_at": published,
            "updated_at": published,
        }


def _comment_rows(size: Size) -> Iterator[dict[str, object]]:
    texts = comment_texts()
    for n in range(1, size.comments + 1):
        on_read = n <= READ_COMMENTS
        # The read article's 50: every third a reply, all approved, one by the regular.
        article_id = 1 if on_read else 3 + (n * 7919) % (size.articles - 2)
        parent = n - 1 if on_read and n % 3 == 0 else None
        status = "approved" if on_read or n % 12 else ("pending" if n % 24 else "spam")
        yield {
            "id": n,
            "article_id": article_id,
            "parent_id": parent,
            "author_name": f"Reader {n % 5000}",
            "author_email": REGULAR_EMAIL if n == 1 else f"reader{n % 5000}@example.com",
            "author_website": None if n % 4 else f"https://example.com/~r{n % 5000}",
            "body": texts[n % len(texts)][0],
            "body_html": texts[n % len(texts)][1],
            "status": status,
            "created_at": NOW - timedelta(minutes=(size.comments - n)),
            "ip_address": "192.0.2.1",
            "user_agent": "bench",
        }


def _tag_rows(size: Size) -> Iterator[dict[str, object]]:
    count = len(tag_names())
    for n in range(1, size.articles + 1):
        for tag_id in sorted({1 + (n * k) % count for k in (1, 7, 13)}):
            yield {"article_id": n, "tag_id": tag_id}


def _fill(engine: Engine, size: Size) -> None:
    tags = [{"id": i, "slug": name, "name": name.title()} for i, name in enumerate(tag_names(), 1)]
    with engine.connect() as connection:
        after_load = _fast_load(connection)
        connection.execute(insert(Tag.__table__), tags)
        for table, rows in (
            (Article.__table__, _article_rows(size)),
            (article_tags, _tag_rows(size)),
            (Comment.__table__, _comment_rows(size)),
        ):
            for chunk in _chunks(rows):
                connection.execute(insert(table), chunk)
                connection.commit()
        for statement in after_load:
            connection.exec_driver_sql(statement)
        connection.commit()


def _fast_load(connection: Connection) -> list[str]:
    """Skip what only protects against a crash mid-load (the load simply starts again);
    returns the statements that put back what was skipped."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA journal_mode=OFF")
        connection.exec_driver_sql("PRAGMA synchronous=OFF")
        return []
    connection.exec_driver_sql("SET synchronous_commit = off")
    connection.exec_driver_sql("SET maintenance_work_mem = '256MB'")
    # The full-text index is built once at the end, much faster than row by row (the
    # generated column is still filled as each row is written).
    connection.exec_driver_sql(f"DROP INDEX {PG_SEARCH_INDEX}")
    connection.commit()
    return [PG_SEARCH_INDEX_DDL]


def _finish(engine: Engine, backend: str, size: Size) -> None:
    with engine.begin() as connection:
        if backend == "postgresql":
            # Ids were given explicitly: move the sequences past them for new rows.
            for table in ("articles", "comments", "tags"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        else:
            # WAL lets readers go on while a comment is written (a deployment setting).
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.execute(text("CREATE TABLE bench_meta (fingerprint VARCHAR(64))"))
        connection.execute(
            text("INSERT INTO bench_meta VALUES (:f)"), {"f": fingerprint(engine, size)}
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
