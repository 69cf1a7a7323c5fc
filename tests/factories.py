"""Small builders for test data; each returns a committed row."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from blog.extensions import db
from blog.models import Article, ArticleStatus, Comment, CommentStatus
from blog.models.types import utcnow
from blog.tags.names import tags_named

_sequence = count(1)


def make_article(**overrides: object) -> Article:
    n = next(_sequence)
    fields: dict[str, object] = {
        "slug": f"article-{n}",
        "title": f"Article number {n}",
        "subtitle": f"The standfirst of article {n}",
        "author_name": "Jane Reporter",
        "body_markdown": f"## Section {n}\n\nBody text of article {n}.",
        "status": ArticleStatus.PUBLISHED,
        "published_at": utcnow() - timedelta(hours=n),
    }
    fields.update(overrides)
    article = Article(**fields)
    db.session.add(article)
    db.session.commit()
    return article


def make_comment(article: Article, **overrides: object) -> Comment:
    n = next(_sequence)
    fields: dict[str, object] = {
        "article": article,
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.com",
        "body": f"Comment number {n}.",
        "status": CommentStatus.APPROVED,
    }
    fields.update(overrides)
    comment = Comment(**fields)
    db.session.add(comment)
    db.session.commit()
    return comment


def tag_article(article: Article, *names: str) -> Article:
    """Give an article these tags (created on first use) and commit."""
    article.tags = tags_named(list(names))
    db.session.commit()
    return article
