"""sitemap.xml and robots.txt for crawlers, and the page metadata every template gets."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template
from sqlalchemy import func, select

from blog.articles.queries import is_visible
from blog.cache.pages import cached_page
from blog.cache.stamps import catalogue_stamp
from blog.extensions import db
from blog.models import Article
from blog.seo.meta import default_meta
from blog.seo.urls import absolute_url
from blog.tags.queries import tags_in_use

bp = Blueprint("seo", __name__)


@bp.app_context_processor
def page_metadata() -> dict[str, object]:
    """A default `meta` for templates; a view's own `meta=` takes precedence."""
    return {"meta": default_meta()}


@bp.get("/sitemap.xml")
@cached_page(catalogue_stamp)
def sitemap() -> Response:
    """A sitemap index: one file for the home and tag pages, then the articles in files of
    SITEMAP_PAGE_SIZE, oldest first (the order of the status/published index, so a page
    costs an index range, not a sort), and a new article changes only the last file."""
    pages = -(-_visible_article_count() // current_app.config["SITEMAP_PAGE_SIZE"])
    xml = render_template(
        "seo/sitemap_index.xml",
        sitemaps=[absolute_url("seo.sitemap_pages")]
        + [absolute_url("seo.sitemap_articles", page=n) for n in range(1, pages + 1)],
    )
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemaps/pages.xml")
@cached_page(catalogue_stamp)
def sitemap_pages() -> Response:
    # The home page's news is its newest article (the status/published index answers that
    # at once; the newest updated_at would read every article row of a large archive).
    latest = db.session.scalar(select(func.max(Article.published_at)).where(is_visible()))
    xml = render_template(
        "seo/sitemap.xml",
        home=absolute_url("articles.index"),
        latest=latest,
        articles=[],
        tags=[absolute_url("tags.detail", slug=tag.slug) for tag, _ in tags_in_use()],
    )
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemaps/articles-<int:page>.xml")
@cached_page(catalogue_stamp)
def sitemap_articles(page: int) -> Response:
    size = current_app.config["SITEMAP_PAGE_SIZE"]
    query = (
        select(Article.slug, Article.updated_at)
        .where(is_visible())
        .order_by(Article.published_at, Article.id)
        .offset((page - 1) * size)
        .limit(size)
    )
    articles = db.session.execute(query).all() if page >= 1 else []
    if not articles:
        abort(404)
    xml = render_template(
        "seo/sitemap.xml",
        home=None,
        articles=[(absolute_url("articles.detail", slug=s), u) for s, u in articles],
        tags=[],
    )
    return Response(xml, mimetype="application/xml")


def _visible_article_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Article).where(is_visible())) or 0


@bp.get("/robots.txt")
def robots() -> Response:
    text = render_template("seo/robots.txt", sitemap=absolute_url("seo.sitemap"))
    return Response(text, mimetype="text/plain")
