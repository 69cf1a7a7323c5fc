"""Writing articles: list, create, edit with a server-side preview, delete."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import Select, select

from blog.admin.forms import ArticleForm
from blog.admin.publishing import delete_article, form_data, save_article
from blog.articles.queries import is_visible
from blog.extensions import db
from blog.models import Article, ArticleStatus
from blog.models.types import utcnow
from blog.rendering import render_markdown

bp = Blueprint("articles", __name__, url_prefix="/articles")

FILTERS = ("all", "draft", "scheduled", "published")


def _filtered(state: str, search: str) -> Select[tuple[Article]]:
    query = select(Article).order_by(Article.updated_at.desc(), Article.id.desc())
    published = Article.status == ArticleStatus.PUBLISHED
    if state == "draft":
        query = query.where(Article.status == ArticleStatus.DRAFT)
    elif state == "scheduled":
        query = query.where(published, Article.published_at > utcnow())
    elif state == "published":
        query = query.where(is_visible())
    if search:
        query = query.where(Article.title.icontains(search, autoescape=True))
    return query


@bp.get("/")
def index() -> str:
    state = request.args.get("state", "all")
    state = state if state in FILTERS else "all"
    search = request.args.get("q", "").strip()[:200]
    page = db.paginate(
        _filtered(state, search), per_page=current_app.config["ARTICLES_PER_PAGE"] * 2
    )
    return render_template(
        "admin/articles.html", page=page, state=state, search=search, filters=FILTERS
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = ArticleForm(data={"author_name": current_user.name})
    return _editor(Article(), form)


@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
def edit(article_id: int):
    article = db.get_or_404(Article, article_id)
    form = ArticleForm(obj=article, data=form_data(article), article_id=article.id)
    return _editor(article, form)


def _editor(article: Article, form: ArticleForm):
    """Preview renders with the public renderer and saves nothing; Save validates and saves."""
    preview = None
    if form.is_submitted() and form.preview.data:
        preview = Markup(render_markdown(form.body_markdown.data or ""))  # sanitized by nh3
    elif form.validate_on_submit():
        save_article(article, form, current_user)
        flash(f"Saved “{article.title}” ({article.state}).", "success")
        return redirect(url_for("admin.articles.edit", article_id=article.id))
    status = 422 if form.errors else 200
    return render_template(
        "admin/editor.html", form=form, article=article, preview=preview
    ), status


@bp.route("/<int:article_id>/delete", methods=["GET", "POST"])
def delete(article_id: int):
    article = db.get_or_404(Article, article_id)
    form = FlaskForm()
    if form.validate_on_submit():
        title = article.title
        delete_article(article, current_user)
        flash(f"Deleted “{title}”.", "success")
        return redirect(url_for("admin.articles.index"))
    return render_template("admin/article_delete.html", article=article, form=form)
