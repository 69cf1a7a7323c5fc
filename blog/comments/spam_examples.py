"""The owner's decisions, read as the spam filter's examples: all of them, or what changed.

A summary per kind (count, sum and newest of the ids) tells whether anything changed since
the model was trained, and whether the change was only new decisions after the newest one
it learned (the usual case: a comment was just posted), which are then read alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select

from blog.comments.word_lists import Author
from blog.extensions import db
from blog.models import Comment, CommentStatus

Summary = tuple[int, int, int]  # count, sum of ids, newest id
EMPTY: Summary = (0, 0, 0)
Example = tuple[int, Author]  # comment id, what the filter reads of it


def _status(is_spam: bool) -> CommentStatus:
    return CommentStatus.SPAM if is_spam else CommentStatus.APPROVED


def summaries() -> dict[bool, Summary]:
    """One row per kind, answered from the (status, id) index."""
    rows = db.session.execute(
        select(
            Comment.status,
            func.count(),
            func.coalesce(func.sum(Comment.id), 0),
            func.coalesce(func.max(Comment.id), 0),
        )
        .where(Comment.status.in_((CommentStatus.SPAM, CommentStatus.APPROVED)))
        .group_by(Comment.status)
    )
    found = {
        status == CommentStatus.SPAM: (count, int(total), newest)
        for status, count, total, newest in rows
    }
    return {True: found.get(True, EMPTY), False: found.get(False, EMPTY)}


def newest(is_spam: bool, limit: int, up_to: int) -> list[Example]:
    """The newest `limit` examples of one kind up to id `up_to`, oldest first."""
    query = _examples().where(Comment.status == _status(is_spam), Comment.id <= up_to)
    rows = _read(query.order_by(Comment.id.desc()).limit(limit))
    return rows[::-1]


def between(is_spam: bool, after: int, up_to: int) -> list[Example]:
    """Examples of one kind with ids after `after`, up to `up_to`, oldest first."""
    query = _examples().where(
        Comment.status == _status(is_spam), Comment.id > after, Comment.id <= up_to
    )
    return _read(query.order_by(Comment.id))


def by_ids(ids: Sequence[int]) -> list[Example]:
    return _read(_examples().where(Comment.id.in_(ids))) if ids else []


def _examples() -> Select[tuple[int, str, str, str, str | None, str | None]]:
    return select(
        Comment.id,
        Comment.body,
        Comment.author_name,
        Comment.author_email,
        Comment.author_website,
        Comment.ip_address,
    )


def _read(query: Select) -> list[Example]:
    rows: Iterable = db.session.execute(query)
    return [
        (id_, Author(body, name, email, website or "", ip_address))
        for id_, body, name, email, website, ip_address in rows
    ]
