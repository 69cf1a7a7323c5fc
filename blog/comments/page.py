"""The article page with its comment section, for a first view and for a failed post."""

from __future__ import annotations

from flask import Response, make_response, render_template, request

from blog.articles.queries import neighbours
from blog.comments.cookies import own_pending_ids, saved_details
from blog.comments.forms import CommentForm
from blog.comments.protection import issue_form_token
from blog.comments.rules import comments_open
from blog.comments.threads import ShownComment, build_threads, visible_comments
from blog.models import Article, CommentStatus
from blog.seo.meta import article_meta
from blog.settings import current_settings

MAX_ID_DIGITS = 9  # larger numbers are no comment of ours, and overflow an INTEGER column


def is_small_id(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS


def render_article_page(
    article: Article,
    form: CommentForm | None = None,
    reply_to_id: int | None = None,
    refusal: str | None = None,
    status: int = 200,
    form_token: str | None = None,
) -> Response:
    pending_ids = own_pending_ids(request)
    comments = visible_comments(article, pending_ids)
    if form is None:
        form = CommentForm(formdata=None, data=saved_details(request))
        form.save_details.data = bool(request.cookies.get("comment_author"))
    if reply_to_id is None and form.parent_id.data:
        reply_to_id = int(form.parent_id.data) if is_small_id(form.parent_id.data) else None
    reply_to = _approved_by_id(comments, reply_to_id)
    form.parent_id.data = str(reply_to.id) if reply_to else ""
    form.form_token.data = form_token or issue_form_token(article.id)
    form.subject.data = ""
    older, newer = neighbours(article)
    html = render_template(
        "articles/detail.html",
        article=article,
        threads=build_threads(comments),
        approved_count=sum(c.status == CommentStatus.APPROVED for c in comments),
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


def _approved_by_id(comments: list[ShownComment], comment_id: int | None) -> ShownComment | None:
    return next(
        (c for c in comments if c.id == comment_id and c.status == CommentStatus.APPROVED),
        None,
    )
