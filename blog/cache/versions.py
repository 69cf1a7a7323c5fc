"""Version stamps: bumped in the same transaction as any change a reader could see.

A cached page is served only while the versions it was rendered at are still current, so
a bump here is seen by the very next request on every worker and every server, with no
timers. The stamps (rows of `cache_versions`):

- "article" (one per article): its own page (body, comments, comment count);
- "articles": which articles exist and how they are listed (publish, edit, delete, tags);
- "comments": visible comments anywhere (the counts on listings);
- "site": everything (the site's name and settings).

ORM changes to articles and comments bump automatically (`track_changes`); code that
changes rows with bulk `update()`/`delete()` statements calls `bump` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, event, inspect, text
from sqlalchemy.orm import Session

from blog.cache.changes import BUMPED
from blog.models import Article, ArticleStatus, Comment, CommentStatus, Tag
from blog.models.types import UTCDateTime, utcnow

SITE = "site"
ARTICLES = "articles"
COMMENTS = "comments"
ARTICLE = "article"
Scope = tuple[str, int]


def bump(session: Session, article_id: int | None = None) -> None:
    """Anything readers see of this article changed (its text, listing or comments)."""
    scopes = [(ARTICLES, 0), (COMMENTS, 0)]
    if article_id is not None:
        scopes.append((ARTICLE, article_id))
    _bump(session, scopes)


def bump_comments(session: Session, article_ids: Iterable[int]) -> None:
    """Visible comments of these articles changed (one statement per stamp, for bulk)."""
    _bump(session, [(COMMENTS, 0), *_articles(article_ids)])


def bump_articles(session: Session, article_ids: Iterable[int]) -> None:
    """These articles were published, unpublished, edited or deleted."""
    _bump(session, [(ARTICLES, 0), *_articles(article_ids)])


def bump_site(session: Session) -> None:
    """Every page changes (the site's name or settings)."""
    _bump(session, [(SITE, 0)])


def bump_stamp(session: Session, kind: str) -> None:
    """A stamp of another module's own, kept in the same table (the spam filter's)."""
    _bump(session, [(kind, 0)])


def _articles(article_ids: Iterable[int]) -> list[Scope]:
    return [(ARTICLE, article_id) for article_id in set(article_ids) if article_id]


# INSERT .. ON CONFLICT DO UPDATE, the same on SQLite and PostgreSQL. As text: SQLAlchemy
# 2.0 caches no compiled on_conflict_do_update() construct, and compiling it cost more than
# running it, twice per published comment.
_UPSERT = text(
    "INSERT INTO cache_versions (kind, ref_id, version, changed_at)"
    " VALUES (:kind, :ref_id, 1, :changed_at)"
    " ON CONFLICT (kind, ref_id) DO UPDATE"
    " SET version = cache_versions.version + 1, changed_at = excluded.changed_at"
).bindparams(bindparam("changed_at", type_=UTCDateTime()))


def _bump(session: Session, scopes: list[Scope]) -> None:
    # Sorted, so concurrent transactions lock the rows in the same order and never deadlock.
    if not scopes:
        return
    now = utcnow()
    session.info[BUMPED] = True  # the change signal is replaced once this commits
    # Connection.execute, not Session.execute: this also runs inside before_flush.
    session.connection().execute(
        _UPSERT,
        [
            {"kind": kind, "ref_id": ref_id, "changed_at": now}
            for kind, ref_id in sorted(set(scopes))
        ],
    )


def _was_or_is(obj: Any, attribute: str, value: object) -> bool:
    history = inspect(obj).attrs[attribute].history
    return getattr(obj, attribute) == value or value in (history.deleted or ())


def _comment_change(comment: Comment) -> int | None:
    """The article whose readers see this comment change, or None if nobody else does.

    A held comment is only shown to its author, who never gets a cached page, so a burst
    of held spam does not empty the cache.
    """
    if not _was_or_is(comment, "status", CommentStatus.APPROVED):
        return None
    return comment.article_id or (comment.article.id if comment.article else None)


def _article_change(article: Article, is_new: bool) -> int | None:
    if is_new and article.status != ArticleStatus.PUBLISHED:
        return None  # a new draft is seen by nobody
    return article.id or 0  # 0: a new article; only the listings change


def _before_flush(session: Session, flush_context: object, instances: object) -> None:
    comments: set[int] = set()
    articles: set[int] = set()
    changed = [(obj, True) for obj in session.new] + [(obj, False) for obj in session.deleted]
    changed += [(obj, False) for obj in session.dirty if session.is_modified(obj)]
    for obj, is_new in changed:
        if isinstance(obj, Comment) and (article_id := _comment_change(obj)) is not None:
            comments.add(article_id)
        elif isinstance(obj, Article) and (article_id := _article_change(obj, is_new)) is not None:
            articles.add(article_id)
        elif isinstance(obj, Tag):
            articles.add(0)  # a tag renamed or removed: every page that names it
    if comments or articles:
        scopes = _articles(comments | articles)
        scopes += [(COMMENTS, 0)] if comments else []
        scopes += [(ARTICLES, 0)] if articles else []
        _bump(session, scopes)


def track_changes() -> None:
    """Bump versions for every ORM change to articles and comments, whatever code made it."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
