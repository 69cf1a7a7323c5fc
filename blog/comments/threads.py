"""Comments as the page shows them: a page of threads in one query, nested in Python, at most
three levels deep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, exists, func, or_, select, true, tuple_
from sqlalchemy.orm import aliased

from blog.articles.queries import ArticleRef
from blog.comments.protection import FormRefused
from blog.extensions import db
from blog.models import Article, Comment, CommentStatus
from blog.models.comment import website_link

MAX_DEPTH = 3


class ShownComment(NamedTuple):
    """What the page shows of a comment, read as a plain row.

    A page may carry thousands of comments: as ORM objects they took 4.0 MB for 2,160
    (tracemalloc), as rows 1.35 MB, most of it their text, and the worker's memory kept
    the difference after the page was sent.
    """

    id: int
    parent_id: int | None
    author_name: str
    author_website: str | None
    user_id: int | None
    created_at: datetime
    status: CommentStatus
    body_html: str
    body: str

    @property
    def website_link(self) -> str | None:
        return website_link(self.author_website)


_SHOWN = select(*(getattr(Comment, name) for name in ShownComment._fields))


@dataclass
class CommentNode:
    comment: ShownComment
    depth: int
    replies: list[CommentNode] = field(default_factory=list)


@dataclass(frozen=True)
class CommentPage:
    """One page of an article's conversation: whole threads, newest threads on page 1."""

    number: int
    threads: list[CommentNode]
    has_older: bool


def comment_page(
    article: Article, number: int, per_page: int, own_pending_ids: Iterable[int] = ()
) -> CommentPage | None:
    """Page `number`, counted back from the newest: None past the last page.

    An article read by thousands gets thousands of comments, and the page rendered them
    all: a second and more of a worker's time, paid again after every new comment. A page
    holds `per_page` threads (a comment with its replies), so its cost has a bound, and a
    new comment lands on page 1, the article's own address. Within a page the threads
    read oldest first, as a conversation does.
    """
    roots = (
        select(Comment.id)
        .where(*_thread_starts(article.id, own_pending_ids))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(per_page + 1)  # one more tells whether an older page exists
        .offset((number - 1) * per_page)
        .subquery()
    )
    thread = select(roots.c.id, true().label("shown")).cte("thread", recursive=True)
    reply = aliased(Comment)
    # Replies are followed from shown parents only. Whether a reply is shown is carried
    # along and filtered at the end: tested on the reply while walking, it made SQLite
    # build a Bloom filter over every comment of the site for each page (3.7 ms at 30,000
    # comments, against 0.06 ms).
    thread = thread.union_all(
        select(reply.id, _shown(reply, own_pending_ids))
        .join(thread, reply.parent_id == thread.c.id)
        .where(thread.c.shown)
    )
    rows = db.session.execute(_SHOWN.join(thread, Comment.id == thread.c.id).where(thread.c.shown))
    # Put in order here: a few hundred rows at most, and a query plan with no sort in it
    # shows at a glance that the page is read from the index (tests/test_indexes.py).
    comments = sorted((ShownComment(*row) for row in rows), key=_written)
    threads = build_threads(comments)
    if not threads and number > 1:
        return None
    # The extra thread, if there is one, is the oldest: the first here.
    return CommentPage(number, threads[-per_page:], has_older=len(threads) > per_page)


def thread_page(parent: Comment, per_page: int, own_pending_ids: Iterable[int] = ()) -> int:
    """The page a reply to `parent` stands on: its thread's (a new thread is on page 1)."""
    start = parent
    while start.parent_id is not None:
        up = db.session.get(Comment, start.parent_id)
        if up is None or up.status != CommentStatus.APPROVED:
            break
        start = up
    newer = db.session.scalar(
        select(func.count()).where(
            *_thread_starts(parent.article_id, own_pending_ids),
            tuple_(Comment.created_at, Comment.id) > tuple_(start.created_at, start.id),
        )
    )
    return 1 + (newer or 0) // per_page


def _thread_starts(article_id: int, own_pending_ids: Iterable[int]) -> list[ColumnElement[bool]]:
    """The comments that start a thread on the page: shown, with no shown parent."""
    parent = aliased(Comment)
    return [
        Comment.article_id == article_id,
        _shown(Comment, own_pending_ids),
        or_(
            Comment.parent_id.is_(None),
            ~exists().where(parent.id == Comment.parent_id, _shown(parent, own_pending_ids)),
        ),
    ]


def _written(comment: ShownComment) -> tuple[datetime, int]:
    return comment.created_at, comment.id


def _shown(comments: type[Comment], own_pending_ids: Iterable[int]) -> ColumnElement[bool]:
    """Approved comments, plus the reader's own held ones: nobody else's pending text."""
    own = [comment_id for comment_id in own_pending_ids if isinstance(comment_id, int)]
    shown = comments.status == CommentStatus.APPROVED
    if own:
        shown = or_(shown, (comments.status == CommentStatus.PENDING) & comments.id.in_(own))
    return shown


def build_threads(comments: list[ShownComment]) -> list[CommentNode]:
    """Nest replies under their parents; a reply whose parent is hidden stands at the top."""
    nodes = {comment.id: CommentNode(comment, depth=1) for comment in comments}
    roots: list[CommentNode] = []
    for comment in comments:
        node = nodes[comment.id]
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.replies.append(node)
    _set_depths(roots, 1)
    return roots


def _set_depths(nodes: list[CommentNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depths(node.replies, depth + 1)


def approved_comment(article: Article, comment_id: int) -> ShownComment | None:
    """The comment a reader asked to reply to, on whichever page it stands."""
    row = db.session.execute(
        _SHOWN.where(
            Comment.id == comment_id,
            Comment.article_id == article.id,
            Comment.status == CommentStatus.APPROVED,
        )
    ).one_or_none()
    return ShownComment(*row) if row else None


def reply_parent(article: Article | ArticleRef, parent_id: int) -> Comment:
    """The comment a reply attaches to; past the third level, replies join that level."""
    parent = db.session.get(Comment, parent_id)
    if (
        parent is None
        or parent.article_id != article.id
        or parent.status != CommentStatus.APPROVED
    ):
        raise FormRefused(
            "The comment you are replying to is not available. "
            "Your comment is still below: post it as a new comment, or reply to another.",
            status=422,
        )
    if _depth(parent) >= MAX_DEPTH and parent.parent_id is not None:
        return db.session.get(Comment, parent.parent_id) or parent
    return parent


def _depth(comment: Comment) -> int:
    depth, cursor = 1, comment
    while cursor.parent_id is not None and depth <= MAX_DEPTH:
        parent = db.session.get(Comment, cursor.parent_id)
        if parent is None:
            break
        depth, cursor = depth + 1, parent
    return depth
