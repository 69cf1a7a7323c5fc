"""What the rules ask the database about a comment, asked in one statement.

Flood control, the duplicate check and first-time moderation each need one fact about
earlier comments. Asked one by one, each through a select built anew, they cost a post
more than every other rule together; here the facts a submission needs (the settings can
turn flood control and first-time moderation off) come back in one row, from a statement
built once per combination.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, exists, or_, select

from blog.comments.word_lists import Author
from blog.extensions import db
from blog.models import Comment, CommentStatus
from blog.models.comment import body_prefix
from blog.models.types import utcnow

_comments = Comment.__table__


@dataclass(frozen=True)
class Facts:
    """None for a fact that was not asked."""

    latest: datetime | None  # the newest comment from this email or IP in the flood window
    duplicate: bool  # the same text from the same email on the same article
    known_author: bool | None  # the email has an approved comment


def ask(
    article_id: int,
    author: Author,
    comment_id: int | None = None,
    flood_seconds: int = 0,
    about_author: bool = False,
) -> Facts:
    """The facts for a new comment (`comment_id` None) or an edited one, which is not its
    own duplicate; flood control when `flood_seconds` > 0, the author's record when asked."""
    flood = flood_seconds > 0
    with_ip = flood and bool(author.ip_address)
    params: dict[str, Any] = {
        "article_id": article_id,
        "email": author.email,
        "body": author.body,
    }
    if flood:
        params["since"] = utcnow() - timedelta(seconds=flood_seconds)
    if with_ip:
        params["ip_address"] = author.ip_address
    if comment_id is not None:
        params["comment_id"] = comment_id
    statement = _statement(flood, with_ip, comment_id is not None, about_author)
    row = db.session.execute(statement, params).one()._mapping
    return Facts(
        latest=row["latest"] if flood else None,
        duplicate=bool(row["duplicate"]),
        known_author=bool(row["known_author"]) if about_author else None,
    )


@cache
def _statement(flood: bool, with_ip: bool, editing: bool, about_author: bool) -> Select:
    body = bindparam("body")
    duplicate = exists().where(
        _comments.c.article_id == bindparam("article_id"),
        _comments.c.author_email == bindparam("email"),
        body_prefix(_comments.c.body) == body_prefix(body),
        # The body is never NULL, so this is `=`. But given `body = :body`, SQLite puts
        # :body in place of body inside the prefix's expression (constant propagation),
        # which then no longer matches the index, and walks every comment the author left
        # on the article.
        _comments.c.body.is_not_distinct_from(body),
    )
    if editing:
        duplicate = duplicate.where(_comments.c.id != bindparam("comment_id"))
    columns = [duplicate.label("duplicate")]
    if flood:
        same_author = [_comments.c.author_email == bindparam("email")]
        if with_ip:
            same_author.append(_comments.c.ip_address == bindparam("ip_address"))
        latest = (
            select(_comments.c.created_at)
            .where(or_(*same_author), _comments.c.created_at > bindparam("since"))
            .order_by(_comments.c.created_at.desc())
            .limit(1)
        )
        columns.append(latest.scalar_subquery().label("latest"))
    if about_author:
        known = exists().where(
            _comments.c.author_email == bindparam("email"),
            _comments.c.status == CommentStatus.APPROVED,
        )
        columns.append(known.label("known_author"))
    return select(*columns)
