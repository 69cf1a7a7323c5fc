"""Comments as the page shows them: one query, threaded in Python, at most three levels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select

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


def visible_comments(article: Article, own_pending_ids: Iterable[int] = ()) -> list[ShownComment]:
    """Approved comments, plus the viewer's own held ones: nobody else's pending text."""
    own = [comment_id for comment_id in own_pending_ids if isinstance(comment_id, int)]
    shown = Comment.status == CommentStatus.APPROVED
    if own:
        shown = or_(shown, (Comment.status == CommentStatus.PENDING) & Comment.id.in_(own))
    rows = db.session.execute(
        _SHOWN.where(Comment.article_id == article.id, shown).order_by(
            Comment.created_at, Comment.id
        )
    )
    return [ShownComment(*row) for row in rows]


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
