"""`/search?q=`: ranked results with highlighted excerpts, on either database."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup, escape

from blog.cache.pages import cached_page
from blog.cache.stamps import catalogue_stamp
from blog.search import backends
from blog.search.backends import MARK_END, MARK_START, backend
from blog.search.terms import MAX_QUERY, search_terms
from blog.seo.meta import PageMeta
from blog.seo.urls import absolute_url

bp = Blueprint("search", __name__)


@bp.app_template_filter("highlighted")
def highlighted(excerpt: str) -> Markup:
    """Escape the excerpt, then turn the backend's match markers into <mark>."""
    safe = str(escape(excerpt))
    return Markup(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@bp.get("/search")
@cached_page(catalogue_stamp)
def results() -> str:
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    per_page = current_app.config["ARTICLES_PER_PAGE"]
    terms = search_terms(query)
    search = backend()
    total = search.count(terms) if terms else 0
    hits = search.search(terms, per_page, (page - 1) * per_page) if total else []
    meta = PageMeta(
        title=f"Search: {query}" if query else "Search",
        description=f"Search the articles of {current_app.config['SITE_NAME']}.",
        canonical=absolute_url("search.results"),
        noindex=True,  # result pages are endless and thin: keep them out of search engines
    )
    return render_template(
        "search/results.html",
        query=query,
        searched=bool(terms),
        hits=hits,
        total=total,
        page=page,
        has_next=page * per_page < total,
        ranked_among=backends.SEARCH_CANDIDATES if total > backends.SEARCH_CANDIDATES else None,
        meta=meta,
    )
