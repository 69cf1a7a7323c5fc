"""What a cacheable page depends on, read in one indexed query per request.

A stamp is read BEFORE the page is rendered: if a change lands while rendering, the copy
is stored under the older stamp and the next request renders again. Never the reverse.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from blog.cache.versions import ARTICLE, LISTINGS, SITE
from blog.extensions import db
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


def article_stamp(slug: str, **_: object) -> Stamp | None:
    """The article's and the site's versions; None when there is no such published page."""
    article_version = aliased(CacheVersion)
    site_version = aliased(CacheVersion)
    row = db.session.execute(
        select(
            article_version.version,
            article_version.changed_at,
            site_version.version,
            site_version.changed_at,
        )
        .select_from(Article)
        .outerjoin(
            article_version,
            and_(article_version.kind == ARTICLE, article_version.ref_id == Article.id),
        )
        .outerjoin(site_version, and_(site_version.kind == SITE, site_version.ref_id == 0))
        .where(Article.slug == slug, Article.status == ArticleStatus.PUBLISHED)
    ).first()
    if row is None:
        return None
    return _stamp([(row[0], row[1]), (row[2], row[3])])


def listings_stamp(**_: object) -> Stamp:
    """Any page that lists articles: it changes with any article or visible comment."""
    rows = dict(
        (kind, (version, changed_at))
        for kind, version, changed_at in db.session.execute(
            select(CacheVersion.kind, CacheVersion.version, CacheVersion.changed_at).where(
                CacheVersion.kind.in_((SITE, LISTINGS)), CacheVersion.ref_id == 0
            )
        )
    )
    return _stamp([rows.get(LISTINGS, (None, None)), rows.get(SITE, (None, None))])
