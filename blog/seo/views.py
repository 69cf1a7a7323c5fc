"""sitemap.xml and robots.txt for crawlers, and the page metadata every template gets."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from blog.articles.queries import published_articles
from blog.cache.pages import cached_page
from blog.cache.stamps import listings_stamp
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
@cached_page(listings_stamp)
def sitemap() -> Response:
    query = published_articles().with_only_columns(Article.slug, Article.updated_at)
    articles = db.session.execute(query).all()
    latest = max((updated for _, updated in articles), default=None)
    xml = render_template(
        "seo/sitemap.xml",
        home=absolute_url("articles.index"),
        latest=latest,
        articles=[(absolute_url("articles.detail", slug=s), u) for s, u in articles],
        tags=[absolute_url("tags.detail", slug=tag.slug) for tag, _ in tags_in_use()],
    )
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    text = render_template("seo/robots.txt", sitemap=absolute_url("seo.sitemap"))
    return Response(text, mimetype="text/plain")
