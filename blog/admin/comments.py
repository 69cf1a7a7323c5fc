"""Moderating comments: the queue, one-click and bulk actions, deleting after a confirmation,
edit, reply, erase, log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from blog.admin import moderation
from blog.admin.auth import safe_next
from blog.admin.forms import BulkForm, CommentTextForm, DeleteCommentForm, EraseForm, ReplyForm
from blog.comments.page import comment_url, is_small_id
from blog.comments.protection import FormRefused
from blog.comments.spam_check import check_edit
from blog.extensions import db
from blog.models import Article, AuditEntry, Comment, CommentStatus

bp = Blueprint("comments", __name__, url_prefix="/comments")

STATUS_FILTERS = ("pending", "approved", "spam", "all")
QUEUE_PER_PAGE = 30
# The article filter offers the articles of this many newest comments in the queue: every
# article would be 100,000 options on a large archive. Each row links to its article's
# filter, so any article stays one click away.
FILTER_FROM_NEWEST = 200
# The one-click buttons each row offers, by the comment's status. Delete is not one of
# them: it cannot be undone, so it is a link to a confirmation page.
ROW_ACTIONS = {
    "pending": [("approve", "Approve"), ("spam", "Spam")],
    "approved": [("unapprove", "Unapprove"), ("spam", "Spam")],
    "spam": [("not-spam", "Not spam")],
}


def _queue(status: str, article_id: int | None) -> Select[tuple[Comment]]:
    query = (
        select(Comment)
        .options(selectinload(Comment.article))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    if status != "all":
        query = query.where(Comment.status == CommentStatus(status))
    if article_id is not None:
        query = query.where(Comment.article_id == article_id)
    return query


def _filter_articles(status: str, article_id: int | None) -> list[tuple[int, str]]:
    """The articles newest comments in this queue belong to, and the one chosen, by title."""
    newest = select(Comment.article_id).order_by(Comment.id.desc()).limit(FILTER_FROM_NEWEST)
    if status != "all":
        newest = newest.where(Comment.status == CommentStatus(status))
    recent = newest.subquery()
    wanted = Article.id.in_(select(recent.c.article_id))
    if article_id is not None:
        wanted = wanted | (Article.id == article_id)
    rows = db.session.execute(select(Article.id, Article.title).where(wanted))
    return sorted(((id_, title) for id_, title in rows), key=lambda row: row[1].casefold())


@bp.get("/")
def index() -> str:
    status = request.args.get("status", "pending")
    status = status if status in STATUS_FILTERS else "pending"
    article_id = request.args.get("article", type=int)
    page = db.paginate(_queue(status, article_id), per_page=QUEUE_PER_PAGE)
    articles = _filter_articles(status, article_id)
    return render_template(
        "admin/comments.html",
        page=page,
        status=status,
        article_id=article_id,
        articles=articles,
        filters=STATUS_FILTERS,
        row_actions=ROW_ACTIONS,
        form=BulkForm(),
    )


def _next_or(default: str) -> str:
    return safe_next(request.args.get("next")) or default


def _back() -> Response:
    return redirect(_next_or(url_for("admin.comments.index")))


@bp.post("/<int:comment_id>/<any(approve, unapprove, spam, 'not-spam'):action>")
def act(comment_id: int, action: str) -> Response:
    """One click on one row (the CSRF token comes from the surrounding form)."""
    comment = db.get_or_404(Comment, comment_id)
    moderation.apply(action, [comment], current_user)
    flash(f"Comment #{comment_id}: {action.replace('-', ' ')} done.", "success")
    return _back()


@bp.route("/<int:comment_id>/delete", methods=["GET", "POST"])
def delete(comment_id: int) -> Response | tuple[str, int]:
    """Deleting cannot be undone: a page shows the comment, and only its button deletes."""
    comment = db.get_or_404(Comment, comment_id)
    form = DeleteCommentForm()
    if form.validate_on_submit() and form.confirm.data:
        done = _next_or(url_for("admin.comments.index", status=comment.status))
        moderation.apply("delete", [comment], current_user)
        flash(f"Comment #{comment_id} deleted.", "success")
        return redirect(done)
    # A POST that is not the page's button (an old one-click Delete): nothing deleted, and
    # the page it should have come from, saying so.
    refused = request.method == "POST"
    cancel = _next_or(url_for("admin.comments.detail", comment_id=comment.id))
    html = render_template(
        "admin/comment_delete.html", comment=comment, form=form, cancel=cancel, refused=refused
    )
    return html, 422 if refused else 200


@bp.post("/bulk")
def bulk() -> Response | str:
    form = BulkForm()
    ids = [int(i) for i in request.form.getlist("ids") if is_small_id(i)]
    if not form.validate() or not ids:
        flash("Tick at least one comment and choose an action.", "error")
        return _back()
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.id.in_(ids))
        .options(selectinload(Comment.article))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    ).all()
    # Deleting cannot be undone: the first POST lists what would go, and asks (with nothing
    # found there is nothing to ask about).
    if form.action.data == "delete" and comments and not form.confirm.data:
        cancel = _next_or(url_for("admin.comments.index"))
        return render_template(
            "admin/comments_delete.html", comments=comments, form=form, cancel=cancel
        )
    done = moderation.apply(form.action.data, comments, current_user)
    flash(f"{form.action.data.replace('-', ' ').capitalize()}: {done} comment(s).", "success")
    return _back()


@bp.get("/<int:comment_id>")
def detail(comment_id: int) -> str:
    comment = db.get_or_404(Comment, comment_id)
    return _detail_page(comment, CommentTextForm(obj=comment), ReplyForm(prefix="reply"))


def _detail_page(comment: Comment, edit_form, reply_form, status: int = 200):
    html = render_template(
        "admin/comment.html",
        comment=comment,
        edit_form=edit_form,
        reply_form=reply_form,
        actions=ROW_ACTIONS[comment.status],
    )
    return html, status


@bp.post("/<int:comment_id>/edit")
def edit(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    form = CommentTextForm()
    if not form.validate():
        return _detail_page(comment, form, ReplyForm(prefix="reply"), 422)
    try:
        checks = check_edit(comment, form.body.data)
    except FormRefused as refusal:  # the same refusals as for a reader's post
        form.body.errors = [*form.body.errors, refusal.message]
        return _detail_page(comment, form, ReplyForm(prefix="reply"), refusal.status)
    was = comment.status
    moderation.edit_text(comment, form.body.data, current_user, checks)
    if comment.status != was:
        flash(f"Comment saved, and now {comment.status}: {comment.status_reasons}.", "info")
    else:
        flash("Comment saved.", "success")
    return redirect(url_for("admin.comments.detail", comment_id=comment.id))


@bp.post("/<int:comment_id>/reply")
def reply(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    if comment.status == CommentStatus.SPAM:
        abort(422, "Mark the comment as not spam before replying to it.")
    form = ReplyForm(prefix="reply")
    if not form.validate():
        return _detail_page(comment, CommentTextForm(obj=comment), form, 422)
    new = moderation.reply(comment, form.body.data, current_user)
    flash("Your reply is published.", "success")
    parent = db.session.get(Comment, new.parent_id) if new.parent_id else None
    return redirect(comment_url(new.article.slug, new.id, parent))


@bp.route("/erase", methods=["GET", "POST"])
def erase():
    """A commenter's privacy request: anonymise or delete everything from one email."""
    form = EraseForm()
    if form.validate_on_submit():
        count = moderation.erase_by_email(
            form.email.data, form.mode.data == "delete", current_user
        )
        verb = "Deleted" if form.mode.data == "delete" else "Anonymised"
        flash(f"{verb} {count} comment(s) from that email.", "success")
        return redirect(url_for("admin.comments.erase"))
    status = 422 if form.errors else 200
    return render_template("admin/erase.html", form=form), status


@bp.get("/log")
def log() -> str:
    page = db.paginate(
        select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()),
        per_page=50,
    )
    return render_template("admin/log.html", page=page)
