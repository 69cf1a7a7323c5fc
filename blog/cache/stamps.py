"""What a cacheable page depends on, read in one indexed query per request.

A stamp is read BEFORE the page is rendered: if a change lands while rendering, the copy
is stored under the older stamp and the next request renders again. Never the reverse.

Besides the version rows, a stamp holds the publish time of the newest visible article:
a scheduled article appears when its time comes, with no write to bump anything, and this
is what tells every listing (and every article's neighbours) that it has.

Where the database offers a cheap change counter (SQLite), a stamp read since the last
change is kept, until the next scheduled article's time or the next commit anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import Row, ScalarSelect, Select, and_, bindparam, func, select

from blog.cache.reader import read_stamp, since_last_change
from blog.cache.versions import ARTICLE, ARTICLES, COMMENTS, SITE
from blog.models import Article, ArticleStatus, CacheVersion
from blog.models.types import UTCDateTime, utcnow

_articles = Article.__table__
_versions = CacheVersion.__table__
_article_version = _versions.alias("article_version")
_now = bindparam("now", type_=UTCDateTime())
_visible = and_(_articles.c.status == ArticleStatus.PUBLISHED, _articles.c.published_at <= _now)


class Stamp(NamedTuple):
    version: str
    changed_at: datetime


def _global(kind: str, column: str) -> ScalarSelect:
    return (
        select(_versions.c[column])
        .where(_versions.c.kind == kind, _versions.c.ref_id == 0)
        .scalar_subquery()
    )


def _globals(*kinds: str) -> list[ScalarSelect]:
    columns = [_global(kind, column) for kind in kinds for column in ("version", "changed_at")]
    newest = select(func.max(_articles.c.published_at)).where(_visible).scalar_subquery()
    return [*columns, newest]


# Built once: building a statement costs more than running it on indexed lookups.
ARTICLE_STAMP = (
    select(_article_version.c.version, _article_version.c.changed_at, *_globals(SITE, ARTICLES))
    .select_from(_articles)
    .outerjoin(
        _article_version,
        and_(_article_version.c.kind == ARTICLE, _article_version.c.ref_id == _articles.c.id),
    )
    .where(_articles.c.slug == bindparam("slug"), _visible)
)
LISTINGS_STAMP = select(*_globals(SITE, ARTICLES, COMMENTS))
CATALOGUE_STAMP = select(*_globals(SITE, ARTICLES))
# Until this time (None: no article is scheduled), only a commit can change a stamp.
NEXT_PUBLISH = select(func.min(_articles.c.published_at)).where(
    _articles.c.status == ArticleStatus.PUBLISHED, _articles.c.published_at > _now
)
_NOT_READ = object()


def _read(statement: Select, **params: Any) -> Sequence[Row]:
    now = utcnow()
    kept = since_last_change()
    if kept is None:
        return read_stamp(statement, {**params, "now": now})
    next_publish = kept.get(NEXT_PUBLISH, _NOT_READ)
    if next_publish is _NOT_READ or (next_publish is not None and now >= next_publish):
        kept.clear()
        kept[NEXT_PUBLISH] = read_stamp(NEXT_PUBLISH, {"now": now})[0][0]
    key = (statement, *params.values())
    if key not in kept:
        kept[key] = read_stamp(statement, {**params, "now": now})
    return kept[key]


def _stamp(row: tuple) -> Stamp:
    """Versions and times, plus the current cache period: a copy never outlives its period,
    so the comment form token inside it is never older than PAGE_CACHE_SECONDS."""
    period = current_app.config["PAGE_CACHE_SECONDS"]
    bucket = int(time.time() // period)
    times = [value for value in row if isinstance(value, datetime)]
    times.append(datetime.fromtimestamp(bucket * period, UTC))
    versions = ".".join(str(v or 0) for v in row if not isinstance(v, datetime))
    newest = row[-1].timestamp() if row[-1] is not None else 0
    return Stamp(f"{versions}.{newest:.0f}.{bucket}", max(times))


def article_stamp(slug: str, **_: object) -> Stamp | None:
    """None when there is no such visible article: the view answers (404 or redirect)."""
    rows = _read(ARTICLE_STAMP, slug=slug)
    return _stamp(tuple(rows[0])) if rows else None


def listings_stamp(**_: object) -> Stamp:
    """A page that lists articles with their comment counts (home, a tag's page): it
    changes with any article or visible comment."""
    return _stamp(tuple(_read(LISTINGS_STAMP)[0]))


def catalogue_stamp(**_: object) -> Stamp:
    """A page about articles but not their comments (feeds, search, the tag list, the
    sitemaps): a comment approved on a busy day leaves it, and its readers' 304s, alone."""
    return _stamp(tuple(_read(CATALOGUE_STAMP)[0]))
