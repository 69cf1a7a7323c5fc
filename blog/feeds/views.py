"""Atom and RSS feeds of the newest articles, for the whole site and for each tag.

Each response carries a strong ETag (a hash of the document, which is deterministic: every
date in it comes from the articles) and Last-Modified, so a feed reader that polls gets a
304 with no body until an article changes.

Last-Modified is the listings stamp's time (blog/cache/stamps.py), not the newest edit
among the entries: when an article leaves a feed (unpublished, deleted, untagged, pushed
out) no remaining entry changes, and a reader sending only If-Modified-Since would get a
wrong 304. The stamp moves with every such change, and the page cache answers with it too.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, g, request
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from blog.articles.queries import published_articles
from blog.cache.pages import cached_page
from blog.cache.stamps import catalogue_stamp
from blog.extensions import db
from blog.feeds.build import build_feed, render_feed
from blog.models import Article, Tag
from blog.seo.urls import absolute_url
from blog.tags.queries import get_tag_or_404, published_in_tag

bp = Blueprint("feeds", __name__)

FEED_LENGTH = 20
MIMETYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


@bp.get("/feeds/atom.xml")
@cached_page(catalogue_stamp)
def site_atom() -> Response:
    return _feed_response("atom", None)


@bp.get("/feeds/rss.xml")
@cached_page(catalogue_stamp)
def site_rss() -> Response:
    return _feed_response("rss", None)


@bp.get("/tags/<slug>/atom.xml")
@cached_page(catalogue_stamp)
def tag_atom(slug: str) -> Response:
    return _feed_response("atom", get_tag_or_404(slug))


@bp.get("/tags/<slug>/rss.xml")
@cached_page(catalogue_stamp)
def tag_rss(slug: str) -> Response:
    return _feed_response("rss", get_tag_or_404(slug))


def _feed_response(kind: str, tag: Tag | None) -> Response:
    site = current_app.config["SITE_NAME"]
    query: Select[tuple[Article]] = published_in_tag(tag) if tag else published_articles()
    articles = list(
        db.session.scalars(query.options(selectinload(Article.tags)).limit(FEED_LENGTH))
    )
    if tag:
        title = f"{tag.name} – {site}"
        description = f"Articles tagged {tag.name} on {site}"
        home = absolute_url("tags.detail", slug=tag.slug)
    else:
        title, description = site, current_app.config["SITE_DESCRIPTION"]
        home = absolute_url("articles.index")
    self_url = absolute_url(request.endpoint or "", **(request.view_args or {}))
    stamp = g.get("page_stamp") or catalogue_stamp()  # read already when the cache is on
    feed = build_feed(articles, title, description, home, self_url, stamp.changed_at)
    body = render_feed(feed, kind)

    response = Response(body, mimetype=MIMETYPES[kind])
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = stamp.changed_at
    # Caches may keep it but must ask again each time; the ask costs a 304.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)
