"""Posting a comment: check where it came from, validate, store, redirect."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, request, url_for
from markupsafe import Markup

from blog.articles.queries import get_published_or_404
from blog.comments.cookies import forget_details, remember_details, remember_pending
from blog.comments.forms import CommentForm
from blog.comments.moderation import initial_status
from blog.comments.page import render_article_page
from blog.comments.protection import FormRefused, check_form_token, check_same_origin
from blog.comments.threads import reply_parent
from blog.extensions import csrf, db
from blog.models import Article, Comment, CommentStatus
from blog.rendering import render_comment

bp = Blueprint("comments", __name__)


@bp.app_template_filter("comment_html")
def comment_html(comment: Comment | str) -> Markup:
    """A reader's plain text as safe HTML (escaped, paragraphs, links), rendered on save;
    rows saved before body_html existed are rendered here."""
    if isinstance(comment, Comment):
        return Markup(comment.body_html or render_comment(comment.body))
    return Markup(render_comment(comment))


@bp.post("/<slug>/comments")
@csrf.exempt  # protected by origin checks and a signed form token instead of a session
def create(slug: str) -> Response:
    article = get_published_or_404(slug)
    form = CommentForm()
    try:
        check_same_origin(request)
        check_form_token(form.form_token.data, article.id)
        parent = _parent_from(form, article)
    except FormRefused as refusal:
        return render_article_page(article, form, refusal=refusal.message, status=refusal.status)
    if not form.validate():
        return render_article_page(article, form, status=422)

    comment = _store(form, article, parent)
    response = redirect(
        url_for("articles.detail", slug=article.slug, _anchor=f"comment-{comment.id}"), 303
    )
    _remember_author(response, form)
    if comment.status == CommentStatus.PENDING:
        remember_pending(response, request, comment.id)
        flash("Thank you. Your comment is awaiting moderation.", "info")
    else:
        flash("Thank you. Your comment is published.", "success")
    return response


def _parent_from(form: CommentForm, article: Article) -> Comment | None:
    raw = (form.parent_id.data or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise FormRefused("That reply link is broken. Your comment is still below.", 422)
    return reply_parent(article, int(raw))


def _store(form: CommentForm, article: Article, parent: Comment | None) -> Comment:
    comment = Comment(
        article=article,
        parent_id=parent.id if parent else None,
        author_name=form.author_name.data,
        author_email=form.author_email.data,
        author_website=form.author_website.data or None,
        body=form.body.data,
        status=initial_status(form.author_email.data),
        ip_address=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:500] or None,
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def _remember_author(response: Response, form: CommentForm) -> None:
    if form.save_details.data:
        remember_details(response, form.data)
    else:
        forget_details(response, request)
