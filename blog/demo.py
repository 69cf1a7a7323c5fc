"""Demo content for a fresh install, so the first page a new owner opens is not empty."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from blog.articles.markdown_import import import_file
from blog.extensions import db
from blog.models import Article, Comment, CommentStatus
from blog.models.types import utcnow

DEMO_FILE = Path(__file__).with_name("demo_article.md")
DEMO_COMMENTS = (
    ("Grace Hopper", "grace@example.com", "https://example.com/grace",
     "A clean page and no trackers. More sites should be built like this."),
    ("Linus", "linus@example.org", None,
     "Does it handle threaded replies?\n\nAsking for a friend."),
)  # fmt: skip


def load_demo() -> bool:
    """Load the demo article with two approved comments; do nothing if articles exist."""
    if db.session.scalar(select(func.count()).select_from(Article)):
        return False
    article = import_file(DEMO_FILE)
    article.published_at = utcnow() - timedelta(hours=2)
    for minutes, (name, email, website, body) in enumerate(DEMO_COMMENTS):
        db.session.add(
            Comment(
                article=article,
                author_name=name,
                author_email=email,
                author_website=website,
                body=body,
                status=CommentStatus.APPROVED,
                created_at=utcnow() - timedelta(minutes=90 - 30 * minutes),
            )
        )
    db.session.commit()
    return True
