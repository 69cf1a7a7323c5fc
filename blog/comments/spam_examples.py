"""The owner's decisions, read as the spam filter's examples: all of them, or what changed.

New examples only ever come with new ids (a comment was just posted), so a model catches
up by reading the ids above the newest it learned. Anything else that changes what it
learned (a status changed, a comment edited or deleted) bumps the CHANGED stamp in the
same transaction: an ORM change by itself (`track_changes`), a bulk statement by calling
`mark_changed`. A summary of one kind's ids (count, sum, newest) from the oldest example
the model holds on checks both, now and then, against what was missed (a hand-written
UPDATE, a commit later than LATE_COMMITS ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    event,
    func,
    inspect,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from blog.cache.versions import bump_stamp
from blog.comments.word_lists import Author
from blog.extensions import db
from blog.models import CacheVersion, Comment, CommentStatus

CHANGED = "spam examples"  # the stamp's kind in cache_versions
# What the filter reads of a comment: changing one of these changes what it learned.
LEARNED_FIELDS = ("status", "body", "author_name", "author_email", "author_website")
_KINDS = (CommentStatus.APPROVED, CommentStatus.SPAM)

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


def changed() -> int:
    """The CHANGED stamp: read before the examples, so a change between the two reads is
    seen (as a new stamp) on the next catch-up."""
    return db.session.scalar(_CHANGED) or 0


_CHANGED = select(CacheVersion.version).where(
    CacheVersion.kind == CHANGED, CacheVersion.ref_id == 0
)


@dataclass(frozen=True)
class News:
    """What a model needs to catch up, read in one statement (one snapshot, so the stamp is
    read no later than the examples)."""

    changed: int  # the CHANGED stamp
    new: list[tuple[int, bool, Author]]  # examples above each kind's newest learned id
    late: dict[bool, tuple[int, int]]  # count and sum of ids from each kind's floor to newest


def news(floors: Mapping[bool, int], newest: Mapping[bool, int]) -> News:
    """The stamp, the examples above `newest` (with what the filter reads of them), and a
    count and sum of the ids in (floor, newest] of each kind, which show commits that came
    late: usually a new row and two summaries, where the ids above each floor were a
    hundred rows a post."""
    params = {
        "spam_floor": floors[True],
        "ham_floor": floors[False],
        "spam_newest": newest[True],
        "ham_newest": newest[False],
    }
    changed, new, late = 0, [], {}
    for part, number, kind, total, body, name, email, website, ip_address in db.session.execute(
        _NEWS, params
    ):
        if part == _STAMP:
            changed = number
        elif part == _LATE:
            late[bool(kind)] = (number, int(total))
        else:
            new.append((number, bool(kind), Author(body, name, email, website or "", ip_address)))
    return News(changed, new, late)


def ids_above(floors: Mapping[bool, int]) -> list[tuple[int, bool]]:
    """(id, is_spam) of both kinds above each kind's floor, in one query answered from the
    (status, id) index alone."""
    rows = db.session.execute(_IDS_ABOVE, {"spam_floor": floors[True], "ham_floor": floors[False]})
    return [(id_, bool(is_spam)) for id_, is_spam in rows]


def _ids_above(is_spam: bool, floor: str) -> Select[tuple[int, int]]:
    return select(Comment.id, literal(int(is_spam))).where(
        Comment.status == _status(is_spam), Comment.id > bindparam(floor)
    )


# Built once, as a post runs it each time. UNION ALL: with OR, SQLite scans the table.
_IDS_ABOVE = union_all(_ids_above(True, "spam_floor"), _ids_above(False, "ham_floor"))

_comments = Comment.__table__
_versions = CacheVersion.__table__
_STAMP, _NEW, _LATE = 0, 1, 2
_AUTHOR = (
    _comments.c.body,
    _comments.c.author_name,
    _comments.c.author_email,
    _comments.c.author_website,
    _comments.c.ip_address,
)


def _constant(value: int) -> ColumnElement[int]:
    return literal_column(str(value), Integer)


def _news_of(is_spam: bool, prefix: str) -> list[Select]:
    kind = _comments.c.status == _status(is_spam)
    newest = bindparam(f"{prefix}_newest")
    new = select(_constant(_NEW), _comments.c.id, _constant(int(is_spam)), null(), *_AUTHOR)
    late = select(
        _constant(_LATE),
        func.count(),
        _constant(int(is_spam)),
        func.coalesce(func.sum(_comments.c.id), 0),
        *[null()] * len(_AUTHOR),
    )
    return [
        new.where(kind, _comments.c.id > newest),
        late.where(kind, _comments.c.id > bindparam(f"{prefix}_floor"), _comments.c.id <= newest),
    ]


# Built once, as Core, run on the session's connection: a post runs it each time, and a
# select built anew and run through the ORM cost several times what the query does.
_NEWS = union_all(
    select(
        _constant(_STAMP).label("part"),
        _versions.c.version.label("number"),
        # Numbers, not NULLs: PostgreSQL types a UNION's columns from its first branches.
        _constant(0).label("kind"),
        _constant(0).label("total"),
        *[null().label(column.name) for column in _AUTHOR],
    ).where(_versions.c.kind == CHANGED, _versions.c.ref_id == 0),
    *_news_of(True, "spam"),
    *_news_of(False, "ham"),
)
_BY_IDS = select(_comments.c.id, *_AUTHOR).where(
    _comments.c.id.in_(bindparam("ids", expanding=True))
)


def mark_changed(session: Session) -> None:
    """Examples changed in ways other than new rows; call before the commit."""
    bump_stamp(session, CHANGED)


def _changes_an_example(session: Session) -> bool:
    for comment in session.deleted:
        if isinstance(comment, Comment) and _was_or_is_example(comment):
            return True
    for comment in session.dirty:
        if not isinstance(comment, Comment) or not _was_or_is_example(comment):
            continue
        state = inspect(comment)
        if any(state.attrs[name].history.has_changes() for name in LEARNED_FIELDS):
            return True
    return False


def _was_or_is_example(comment: Comment) -> bool:
    history = inspect(comment).attrs["status"].history
    return any(status in _KINDS for status in (comment.status, *(history.deleted or ())))


def _before_flush(session: Session, flush_context: object, instances: object) -> None:
    if _changes_an_example(session):
        mark_changed(session)


def track_changes() -> None:
    """Bump CHANGED for every ORM change to an example, whatever code made it."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)


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


def ids_between(is_spam: bool, after: int, up_to: int) -> list[int]:
    """Ids of one kind after `after`, up to `up_to`, oldest first, from the (status, id)
    index alone: a full check compares a whole window, and reading the window's text to
    find the few rows it missed left each worker megabytes larger."""
    query = select(Comment.id).where(
        Comment.status == _status(is_spam), Comment.id > after, Comment.id <= up_to
    )
    return list(db.session.scalars(query.order_by(Comment.id)))


def by_ids(ids: Sequence[int]) -> list[Example]:
    return _read(_BY_IDS, {"ids": list(ids)}) if ids else []


def _examples() -> Select[tuple[int, str, str, str, str | None, str | None]]:
    return select(
        Comment.id,
        Comment.body,
        Comment.author_name,
        Comment.author_email,
        Comment.author_website,
        Comment.ip_address,
    )


def _read(query: Select, params: dict[str, object] | None = None) -> list[Example]:
    rows: Iterable = db.session.execute(query, params)
    return [
        (id_, Author(body, name, email, website or "", ip_address))
        for id_, body, name, email, website, ip_address in rows
    ]
