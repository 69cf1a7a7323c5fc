"""The owner's decisions, read as the spam filter's examples: all of them, or what changed.

A summary of one kind's ids (count, sum, newest) from the oldest example the model holds
on tells whether anything it learned changed, and whether the change was only new
decisions after the newest one (the usual case: a comment was just posted), which are then
read alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Select, func, select

from blog.comments.word_lists import Author
from blog.extensions import db
from blog.models import Comment, CommentStatus

Summary = tuple[int, int, int]  # count, sum of ids, newest id
Example = tuple[int, Author]  # comment id, what the filter reads of it
STREAM_BATCH = 200


def _status(is_spam: bool) -> CommentStatus:
    return CommentStatus.SPAM if is_spam else CommentStatus.APPROVED


def summary(is_spam: bool, since: int) -> Summary:
    """Count, sum and newest of the ids of one kind from id `since` on, read from the
    (status, id) index: only the training window and what came after it, whatever the
    number of older comments."""
    count, total, newest = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Comment.id), 0),
            func.coalesce(func.max(Comment.id), 0),
        ).where(Comment.status == _status(is_spam), Comment.id >= since)
    ).one()
    return count, int(total), newest


def newest(is_spam: bool, limit: int, up_to: int) -> Iterator[Example]:
    """The newest `limit` examples of one kind up to id `up_to`, newest first.

    Streamed, STREAM_BATCH rows at a time: a full window is thousands of comment bodies,
    and reading them as one list left each worker ~5 MB larger after its first post
    (memory freed after such a peak stays with the allocator, not given back).
    """
    query = (
        _examples()
        .where(Comment.status == _status(is_spam), Comment.id <= up_to)
        .order_by(Comment.id.desc())
        .limit(limit)
        .execution_options(yield_per=STREAM_BATCH)
    )
    for id_, body, name, email, website, ip_address in db.session.execute(query):
        yield id_, Author(body, name, email, website or "", ip_address)


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
