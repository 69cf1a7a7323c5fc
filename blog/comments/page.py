"""The article page with its comment section, for a first view and for a failed post."""

from __future__ import annotations

from typing import NamedTuple

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)

from blog.articles.queries import approved_comment_counts, neighbours
from blog.comments.cookies import own_pending_ids, saved_details
from blog.comments.forms import CommentForm
from blog.comments.protection import issue_form_token
from blog.comments.rules import comments_open
from blog.comments.threads import CommentPage, approved_comment, comment_page, thread_page
from blog.models import Article, Comment
from blog.seo.meta import article_meta
from blog.settings import current_settings

MAX_ID_DIGITS = 9  # larger numbers are no comment of ours, and overflow an INTEGER column


def is_small_id(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS


def comment_url(slug: str, comment_id: int, parent: Comment | None) -> str:
    """Where a new comment shows: a new thread on page 1, a reply on its thread's page."""
    number = 1
    if parent is not None:
        per_page = current_app.config["COMMENTS_PER_PAGE"]
        number = thread_page(parent, per_page, own_pending_ids(request))
    return _article_url(slug, number, _anchor=f"comment-{comment_id}")


def _article_url(slug: str, comments_page: int, **args: str) -> str:
    page = comments_page if comments_page > 1 else None  # page 1 is the article's own address
    return url_for("articles.detail", slug=slug, page=page, **args)


class CommentLinks(NamedTuple):
    """Where a page of comments links to; page 1 is the article's own address."""

    here: str
    older: str | None
    newer: str | None
    reply: str  # + a comment's id + "#respond"

    @classmethod
    def of(cls, slug: str, page: CommentPage) -> CommentLinks:
        number = page.number
        return cls(
            here=_article_url(slug, number),
            older=_article_url(slug, number + 1, _anchor="comments") if page.has_older else None,
            newer=_article_url(slug, number - 1, _anchor="comments") if number > 1 else None,
            reply=_article_url(slug, number, replyto=""),
        )


def render_article_page(
    article: Article,
    form: CommentForm | None = None,
    reply_to_id: int | None = None,  # from is_small_id: fits the database's INTEGER
    refusal: str | None = None,
    status: int = 200,
    form_token: str | None = None,
    comments_page: int = 1,
) -> Response:
    pending_ids = own_pending_ids(request)
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    page = comment_page(article, comments_page, per_page, pending_ids)
    if page is None:
        abort(404)
    if form is None:
        form = CommentForm(formdata=None, data=saved_details(request))
        form.save_details.data = bool(request.cookies.get("comment_author"))
    if reply_to_id is None and is_small_id(form.parent_id.data or ""):
        reply_to_id = int(form.parent_id.data)
    reply_to = approved_comment(article, reply_to_id) if reply_to_id else None
    form.parent_id.data = str(reply_to.id) if reply_to else ""
    form.form_token.data = form_token or issue_form_token(article.id)
    form.subject.data = ""
    older, newer = neighbours(article)
    html = render_template(
        "articles/detail.html",
        article=article,
        comments_page=page,
        comment_links=CommentLinks.of(article.slug, page),
        approved_count=approved_comment_counts([article.id]).get(article.id, 0),
        form=form,
        reply_to=reply_to,
        refusal=refusal,
        comments_open=comments_open(article, current_settings()),
        meta=article_meta(article),
        older=older,
        newer=newer,
    )
    response = make_response(html, status)
    if pending_ids or status != 200 or request.cookies.get("comment_author"):
        response.headers["Cache-Control"] = "private, no-store"
    return response
