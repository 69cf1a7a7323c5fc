"""Saving and deleting articles from the editor: status, schedule, slug history, log."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete

from blog.admin.audit import record
from blog.admin.changes import reader_visible_change
from blog.admin.forms import ArticleForm
from blog.articles.redirects import keep_old_slug
from blog.articles.slugs import unique_slug
from blog.comments.spam_examples import mark_changed
from blog.extensions import db
from blog.models import Article, ArticleStatus, Comment, SlugRedirect, User
from blog.models.types import utcnow
from blog.tags.names import split_tag_names, tags_named


def form_data(article: Article) -> dict[str, object]:
    """The editor's fields for an existing article (the date as the UTC wall clock)."""
    when = article.published_at
    return {
        "state": article.state,
        "publish_at": when.astimezone(UTC).replace(tzinfo=None) if when else None,
        "tag_names": ", ".join(tag.name for tag in article.tags),
    }


def _publish_time(state: str, typed: datetime | None, current: datetime | None) -> datetime | None:
    if state == "scheduled" or typed is not None:
        return typed
    if state == "published":
        return current if current is not None and current <= utcnow() else utcnow()
    return current


def save_article(article: Article, form: ArticleForm, user: User) -> Article:
    """Write the editor's form to `article` (new or not) and commit."""
    is_new = article.id is None
    old_slug = article.slug
    was_public = not is_new and article.state == "published"
    typed = form.publish_at.data.replace(tzinfo=UTC) if form.publish_at.data else None

    article.title = form.title.data
    article.subtitle = form.subtitle.data or ""
    article.author_name = form.author_name.data
    article.body_markdown = form.body_markdown.data or ""
    article.slug = form.slug.data or unique_slug(form.title.data, exclude_id=article.id)
    article.tags = tags_named(split_tag_names(form.tag_names.data))
    state = form.state.data
    article.status = ArticleStatus.DRAFT if state == "draft" else ArticleStatus.PUBLISHED
    article.published_at = _publish_time(state, typed, article.published_at)
    article.comments_open = form.comments_open.data
    db.session.add(article)
    db.session.flush()

    if was_public and old_slug != article.slug:
        keep_old_slug(article, old_slug)
    else:
        db.session.execute(delete(SlugRedirect).where(SlugRedirect.old_slug == article.slug))
    record(user, "create article" if is_new else "edit article", f"“{article.title}”")
    reader_visible_change(article)
    db.session.commit()
    return article


def delete_article(article: Article, user: User) -> None:
    """Delete with its comments and old slugs (explicitly: SQLite may not cascade)."""
    record(user, "delete article", f"“{article.title}”")
    reader_visible_change(article)
    mark_changed(db.session)  # the spam filter may have learned from these comments
    db.session.execute(delete(Comment).where(Comment.article_id == article.id))
    db.session.execute(delete(SlugRedirect).where(SlugRedirect.article_id == article.id))
    db.session.delete(article)
    db.session.commit()
