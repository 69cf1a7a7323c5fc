"""The reader's pages: the home page and each article."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from blog.articles.queries import approved_comment_counts, find_published, published_articles
from blog.articles.redirects import current_slug_for
from blog.cache.pages import cached_page
from blog.cache.stamps import article_stamp, listings_stamp
from blog.comments.page import is_small_id, render_article_page
from blog.extensions import db
from blog.seo.meta import home_meta

bp = Blueprint("articles", __name__)


@bp.get("/")
@cached_page(listings_stamp)
def index() -> str:
    page = db.paginate(
        published_articles(),
        per_page=current_app.config["ARTICLES_PER_PAGE"],
        error_out=True,
        count=True,
    )
    counts = approved_comment_counts([article.id for article in page.items])
    return render_template(
        "articles/index.html", page=page, comment_counts=counts, meta=home_meta(page.page)
    )


@bp.get("/<slug>/")
@cached_page(article_stamp)
def detail(slug: str):
    article = find_published(slug)
    if article is None:
        new_slug = current_slug_for(slug)
        if new_slug is None:
            abort(404)
        return redirect(url_for("articles.detail", slug=new_slug), 301)
    replyto = request.args.get("replyto", "")
    return render_article_page(
        article,
        reply_to_id=int(replyto) if is_small_id(replyto) else None,
        comments_page=request.args.get("page", 1, type=int),
    )
