"""The floor for a comment post: a bare Flask view that reads the form and commits one row.

Served like the blog (gunicorn.conf.py) on the same database, beside hello-world, it shows
what any Flask POST that writes costs on this machine: the blog's post rate is given as a
share of it too, and the rest of the gap to hello-world is the write itself.
"""

from __future__ import annotations

import os

from flask import Flask, Response, redirect, request
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, event, insert

engine = create_engine(os.environ.get("FLOOR_DATABASE_URL", "sqlite://"))
posts = Table(
    "bench_floor_posts",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("body", Text, nullable=False),
    Column("email", Text, nullable=False),
)


@event.listens_for(engine, "connect")
def _like_the_blog(dbapi_connection, connection_record) -> None:  # type: ignore[no-untyped-def]
    """SQLite as the blog runs it (blog/serving/database.py): WAL, synchronous=NORMAL."""
    if engine.dialect.name == "sqlite":
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


posts.drop(engine, checkfirst=True)
posts.create(engine)
engine.dispose()  # gunicorn forks its workers from this process: each opens its own

app = Flask(__name__)


@app.post("/post")
def post() -> Response:
    with engine.begin() as connection:
        connection.execute(
            insert(posts), {"body": request.form["body"], "email": request.form["author_email"]}
        )
    return redirect("/", 303)


@app.get("/")
def ready() -> str:
    """What the benchmark asks before it starts (bench/server.py), and where a post goes."""
    return "ready"
