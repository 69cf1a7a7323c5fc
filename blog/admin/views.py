"""The admin under /admin: one parent blueprint that closes every page to anonymous users,
with one child blueprint per topic (sign-in, articles, comments, accounts)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from blog.admin import articles, auth, comments, settings, users
from blog.articles.queries import is_visible
from blog.extensions import db, login_manager
from blog.models import Article, ArticleStatus, Comment, CommentStatus
from blog.models.types import utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.register_blueprint(auth.bp)
bp.register_blueprint(articles.bp)
bp.register_blueprint(comments.bp)
bp.register_blueprint(users.bp)
bp.register_blueprint(settings.bp)

OPEN_ENDPOINTS = frozenset({"admin.auth.login", "admin.auth.setup"})


@bp.before_request
def require_sign_in():
    """Every admin page needs a signed-in user, unless it is how one signs in."""
    if request.endpoint in OPEN_ENDPOINTS or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


@bp.after_request
def never_cache(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/")
def dashboard() -> str:
    now = utcnow()
    published = Article.status == ArticleStatus.PUBLISHED
    counts = {
        "published": _count(Article, is_visible(now)),
        "scheduled": _count(Article, published & (Article.published_at > now)),
        "drafts": _count(Article, Article.status == ArticleStatus.DRAFT),
        **{
            f"comments_{status.value}": _count(Comment, Comment.status == status)
            for status in CommentStatus
        },
    }
    pending = db.session.scalars(
        select(Comment)
        .where(Comment.status == CommentStatus.PENDING)
        .options(selectinload(Comment.article))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(5)
    ).all()
    return render_template("admin/dashboard.html", counts=counts, pending=pending)


def _count(model: type, condition) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(condition)) or 0
