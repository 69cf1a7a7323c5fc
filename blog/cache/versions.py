"""Version stamps: bumped in the same transaction as any change a reader could see.

A cached page is served only while the versions it was rendered at are still current, so
a bump here is seen by the very next request on every worker and every server, with no
timers. Three kinds of stamp:

- "article" (one per article): its page (body, comments, comment count);
- "listings": every page that lists articles (home, tags, search, feeds, counts);
- "site": everything (site name, settings).

ORM changes to articles and comments bump automatically (`track_changes`); code that
changes rows with bulk `update()`/`delete()` statements must call `bump` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from blog.models import Article, ArticleStatus, CacheVersion, Comment, CommentStatus
from blog.models.types import utcnow

SITE = "site"
LISTINGS = "listings"
ARTICLE = "article"


def bump(session: Session, article_id: int | None = None) -> None:
    """Readers of this article (and of every listing) must get freshly rendered pages."""
    scopes = [(LISTINGS, 0)]
    if article_id is not None:
        scopes.append((ARTICLE, article_id))
    _bump(session, scopes)


def bump_articles(session: Session, article_ids: Iterable[int]) -> None:
    """One statement for a bulk change (e.g. approving many comments at once)."""
    _bump(session, [(LISTINGS, 0), *((ARTICLE, article_id) for article_id in set(article_ids))])


def bump_site(session: Session) -> None:
    """Every page changes (the site's name or settings)."""
    _bump(session, [(SITE, 0)])


_UPSERTS: dict[str, Any] = {}


def _upsert(dialect: str) -> Any:
    """INSERT .. ON CONFLICT DO UPDATE, built once per dialect (building costs more than
    running it)."""
    if dialect not in _UPSERTS:
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        table = CacheVersion.__table__
        statement = insert(table)
        _UPSERTS[dialect] = statement.on_conflict_do_update(
            index_elements=[table.c.kind, table.c.ref_id],
            set_={"version": table.c.version + 1, "changed_at": statement.excluded.changed_at},
        )
    return _UPSERTS[dialect]


def _bump(session: Session, scopes: list[tuple[str, int]]) -> None:
    # Sorted, so concurrent transactions lock the rows in the same order and never deadlock.
    now = utcnow()
    # Connection.execute, not Session.execute: this also runs inside before_flush.
    connection = session.connection()
    statement = _upsert(connection.dialect.name)
    for kind, ref_id in sorted(set(scopes)):
        connection.execute(
            statement, {"kind": kind, "ref_id": ref_id, "version": 1, "changed_at": now}
        )


def _was_or_is(obj: Any, attribute: str, value: object) -> bool:
    history = inspect(obj).attrs[attribute].history
    return getattr(obj, attribute) == value or value in (history.deleted or ())


def _visible_change(obj: Any, is_new: bool, is_deleted: bool) -> int | None:
    """The article whose readers see this change, or None for a change nobody else sees.

    A held (pending) comment is only shown to its author, who never gets the cached page,
    so a burst of held spam does not empty the cache.
    """
    if isinstance(obj, Comment):
        if _was_or_is(obj, "status", CommentStatus.APPROVED):
            return obj.article_id or (obj.article.id if obj.article else None)
        return None
    if isinstance(obj, Article):
        if is_new and obj.status != ArticleStatus.PUBLISHED:
            return None
        if is_deleted or _was_or_is(obj, "status", ArticleStatus.PUBLISHED):
            return obj.id if obj.id is not None else 0
    return None


def _before_flush(session: Session, flush_context: object, instances: object) -> None:
    changed: set[int] = set()
    groups = ((session.new, True, False), (session.dirty, False, False))
    for objects, is_new, is_deleted in (*groups, (session.deleted, False, True)):
        for obj in objects:
            if not is_new and not is_deleted and not session.is_modified(obj):
                continue
            article_id = _visible_change(obj, is_new, is_deleted)
            if article_id is not None:
                changed.add(article_id)
    if changed:
        # A new article has no id yet; its own page has never been cached, so listings do.
        bump_articles(session, changed - {0})


def track_changes() -> None:
    """Bump versions for every ORM change to articles and comments, whatever code made it."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
