"""What a cacheable page depends on, read in one indexed query per request.

A stamp is read BEFORE the page is rendered: if a change lands while rendering, the copy
is stored under the older stamp and the next request renders again. Never the reverse.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, bindparam, select

from blog.cache.reader import read_stamp
from blog.cache.versions import ARTICLE, LISTINGS, SITE
from blog.models import Article, ArticleStatus, CacheVersion


class Stamp(NamedTuple):
    version: str
    changed_at: datetime


def _stamp(versions: list[tuple[int | None, datetime | None]]) -> Stamp:
    """Versions plus the current cache period: a copy never outlives its period, so the
    comment form token inside it is never older than COMMENT_FORM_MAX_AGE allows."""
    period = current_app.config["PAGE_CACHE_SECONDS"]
    bucket = int(time.time() // period)
    started = datetime.fromtimestamp(bucket * period, UTC)
    changed = [at for _, at in versions if at is not None]
    version = ".".join(str(number or 0) for number, _ in versions)
    return Stamp(f"{version}.{bucket}", max([started, *changed]))


_articles = Article.__table__
_article_version = CacheVersion.__table__.alias("article_version")
_site_version = CacheVersion.__table__.alias("site_version")
_versions = CacheVersion.__table__

# Built once: building a statement costs more than running it on an indexed lookup.
ARTICLE_STAMP = (
    select(
        _article_version.c.version,
        _article_version.c.changed_at,
        _site_version.c.version,
        _site_version.c.changed_at,
    )
    .select_from(_articles)
    .outerjoin(
        _article_version,
        and_(_article_version.c.kind == ARTICLE, _article_version.c.ref_id == _articles.c.id),
    )
    .outerjoin(_site_version, and_(_site_version.c.kind == SITE, _site_version.c.ref_id == 0))
    .where(_articles.c.slug == bindparam("slug"), _articles.c.status == ArticleStatus.PUBLISHED)
)
LISTINGS_STAMP = select(_versions.c.kind, _versions.c.version, _versions.c.changed_at).where(
    _versions.c.kind.in_((SITE, LISTINGS)), _versions.c.ref_id == 0
)


def article_stamp(slug: str, **_: object) -> Stamp | None:
    """The article's and the site's versions; None when there is no such published page."""
    rows = read_stamp(ARTICLE_STAMP, {"slug": slug})
    if not rows:
        return None
    row = rows[0]
    return _stamp([(row[0], row[1]), (row[2], row[3])])


def listings_stamp(**_: object) -> Stamp:
    """Any page that lists articles: it changes with any article or visible comment."""
    rows = dict(
        (kind, (version, changed_at)) for kind, version, changed_at in read_stamp(LISTINGS_STAMP)
    )
    return _stamp([rows.get(LISTINGS, (None, None)), rows.get(SITE, (None, None))])
