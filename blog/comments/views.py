"""Posting a comment: check where it came from, validate, run the spam rules, store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, flash, redirect, request
from markupsafe import Markup

from blog.articles.queries import ArticleRef, published_ref_or_404
from blog.cache.versions import bump_comments
from blog.comments.cookies import forget_details, remember_details, remember_pending
from blog.comments.forms import CommentForm
from blog.comments.page import comment_url, is_small_id, render_article_page
from blog.comments.protection import (
    FormRefused,
    TooQuick,
    check_form_token,
    check_same_origin,
)
from blog.comments.rules import Submission
from blog.comments.spam_check import Outcome, apply_outcome, check_submission
from blog.comments.threads import ShownComment, reply_parent
from blog.comments.word_lists import Author
from blog.extensions import csrf, db
from blog.models import Article, Comment, CommentStatus
from blog.rendering import render_comment
from blog.settings import current_settings

bp = Blueprint("comments", __name__)


@bp.app_template_filter("comment_html")
def comment_html(comment: Comment | ShownComment | str) -> Markup:
    """A reader's plain text as safe HTML (escaped, paragraphs, links), rendered on save;
    rows saved before body_html existed are rendered here."""
    if isinstance(comment, str):
        return Markup(render_comment(comment))
    return Markup(comment.body_html or render_comment(comment.body))


@bp.post("/<slug>/comments")
@csrf.exempt  # protected by origin checks and a signed form token instead of a session
def create(slug: str) -> Response:
    article = published_ref_or_404(slug)
    form = CommentForm()
    settings = current_settings()
    try:
        check_same_origin(request)
        check_form_token(form.form_token.data, article.id, settings["COMMENT_MIN_SECONDS"])
        parent = _parent_from(form, article)
    except FormRefused as refusal:
        return _refused(article, form, refusal)
    if not form.validate():
        return render_article_page(_page_article(article), form, status=422)
    try:
        outcome = check_submission(submission_from(form, article, settings))
    except FormRefused as refusal:
        return _refused(article, form, refusal)

    comment_id, status = _store(form, article, parent, outcome)
    response = redirect(comment_url(article.slug, comment_id, parent), 303)
    _remember_author(response, form)
    if status == CommentStatus.APPROVED:
        flash("Thank you. Your comment is published.", "success")
    else:
        # Spam gets the same thanks, so a robot learns nothing from the answer.
        if status == CommentStatus.PENDING:
            remember_pending(response, request, comment_id)
        flash("Thank you. Your comment is awaiting moderation.", "info")
    return response


def submission_from(
    form: CommentForm, article: ArticleRef, settings: Mapping[str, Any]
) -> Submission:
    author = Author(
        body=form.body.data or "",
        name=form.author_name.data or "",
        email=form.author_email.data or "",
        website=form.author_website.data or "",
        ip_address=request.remote_addr,
    )
    return Submission(article, author, honeypot=form.subject.data or "", settings=settings)


def _refused(article: ArticleRef, form: CommentForm, refusal: FormRefused) -> Response:
    # Too quick: hand back the same form token, so posting again shortly succeeds.
    token = form.form_token.data if isinstance(refusal, TooQuick) else None
    response = render_article_page(
        _page_article(article),
        form,
        refusal=refusal.message,
        status=refusal.status,
        form_token=token,
    )
    if refusal.retry_after is not None:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def _page_article(article: ArticleRef) -> Article:
    """The whole article, for the page a refused post gets back."""
    return db.get_or_404(Article, article.id)


def _parent_from(form: CommentForm, article: ArticleRef) -> Comment | None:
    raw = (form.parent_id.data or "").strip()
    if not raw:
        return None
    if not is_small_id(raw):
        raise FormRefused("That reply link is broken. Your comment is still below.", 422)
    return reply_parent(article, int(raw))


def _store(
    form: CommentForm, article: ArticleRef, parent: Comment | None, outcome: Outcome
) -> tuple[int, CommentStatus]:
    """Insert and commit; returns the id and status.

    The comment is built as a model, so its validators render the body, and inserted with
    one prebuilt statement: the ORM's unit of work cost more than the rest of the post's
    SQL together. As for any write around the ORM, the page versions are bumped here.
    """
    comment = Comment(
        article_id=article.id,
        parent_id=parent.id if parent else None,
        author_name=form.author_name.data,
        author_email=form.author_email.data,
        author_website=form.author_website.data or None,
        body=form.body.data,
        ip_address=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:500] or None,
    )
    apply_outcome(comment, outcome)
    if comment.status == CommentStatus.APPROVED:  # held or spam: only its author sees it
        bump_comments(db.session, [article.id])
    values = {key: value for key, value in vars(comment).items() if key in _COLUMNS}
    comment_id = db.session.connection().execute(_INSERT, values).inserted_primary_key[0]
    db.session.commit()
    return comment_id, comment.status


_COLUMNS = frozenset(column.key for column in Comment.__table__.columns)
_INSERT = Comment.__table__.insert()


def _remember_author(response: Response, form: CommentForm) -> None:
    if form.save_details.data:
        remember_details(response, form.data)
    else:
        forget_details(response, request)
