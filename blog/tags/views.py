"""Tag pages: every tag in use, and each tag's articles, newest first, paginated."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy.orm import selectinload

from blog.articles.queries import approved_comment_counts
from blog.cache.pages import cached_page
from blog.cache.stamps import catalogue_stamp, listings_stamp
from blog.extensions import db
from blog.models import Article
from blog.seo.meta import PageMeta, listing_meta
from blog.seo.urls import absolute_url
from blog.tags.queries import get_tag_or_404, published_in_tag, tags_in_use

bp = Blueprint("tags", __name__)


@bp.get("/tags/")
@cached_page(catalogue_stamp)
def index() -> str:
    meta = PageMeta(
        title="Tags",
        description=f"Every topic on {current_app.config['SITE_NAME']}, by name.",
        canonical=absolute_url("tags.index"),
    )
    return render_template("tags/index.html", tags=tags_in_use(), meta=meta)


@bp.get("/tags/<slug>/")
@cached_page(listings_stamp)
def detail(slug: str) -> str:
    tag = get_tag_or_404(slug)
    page = db.paginate(
        published_in_tag(tag).options(selectinload(Article.tags)),
        per_page=current_app.config["ARTICLES_PER_PAGE"],
        error_out=True,
        count=True,
    )
    if page.total == 0:
        abort(404)  # a tag on drafts only is not public yet
    counts = approved_comment_counts([article.id for article in page.items])
    meta = listing_meta(
        f"Tagged “{tag.name}”",
        f"Articles about {tag.name} on {current_app.config['SITE_NAME']}.",
        "tags.detail",
        page.page,
        slug=tag.slug,
    )
    return render_template(
        "tags/detail.html", tag=tag, page=page, comment_counts=counts, meta=meta
    )
