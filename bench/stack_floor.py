"""The stack floor: the least a comment post costs on the stack the blog must use.

The smallest view that does what any such post must: the blog's own comment form
(Flask-WTF and WTForms check the required fields), one row inserted through
Flask-SQLAlchemy's session, a commit, a 303. Nothing else: no spam rules, no signed token,
no cache versions, no indexes, no flash message, no cookie. The blog does all of that on
top, so its post rate cannot exceed this one; the benchmark shows both beside hello-world.
"""

from __future__ import annotations

import os

from flask import Flask, Response, redirect
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import insert
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from blog.comments.forms import CommentForm


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Post(db.Model):  # type: ignore[name-defined]
    __tablename__ = "bench_stack_floor_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
    author_name: Mapped[str]
    author_email: Mapped[str]
    author_website: Mapped[str | None]


app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["SECRET_KEY"],
    SQLALCHEMY_DATABASE_URI=os.environ.get("FLOOR_DATABASE_URL", "sqlite://"),
)
db.init_app(app)

# SQLite runs as the blog runs it (WAL, synchronous=NORMAL, a busy timeout): importing the
# form imported `blog`, whose connect listener (blog/serving/database.py) sets up every engine.
with app.app_context():
    Post.__table__.drop(db.engine, checkfirst=True)
    Post.__table__.create(db.engine)
    db.engine.dispose()  # gunicorn forks its workers from this process: each opens its own


@app.post("/post")
def post() -> Response | tuple[str, int]:
    form = CommentForm()
    if not form.validate():
        return "invalid", 422
    # A Core insert, as the blog's own: the ORM's unit of work would cost more.
    db.session.execute(
        insert(Post),
        {
            "body": form.body.data,
            "author_name": form.author_name.data,
            "author_email": form.author_email.data,
            "author_website": form.author_website.data or None,
        },
    )
    db.session.commit()
    return redirect("/", 303)


@app.get("/")
def ready() -> str:
    """What the benchmark asks before it starts (bench/server.py), and where a post goes."""
    return "ready"
