"""Every page costs a fixed number of SQL queries, whatever the number of rows behind it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from blog.comments.spam_training import current_model
from blog.extensions import db
from blog.models import Comment, CommentStatus, Tag
from blog.models.types import utcnow
from tests.cache.helpers import recorded_queries
from tests.comments.helpers import VALID
from tests.conftest import form_token
from tests.factories import make_article, make_comment

# (rendered, served from the cache); the stamp is one of them. The article page also reads
# the owner's settings (one query), to know whether its comments have closed by age, and
# counts the approved comments apart from the page of threads it shows.
BUDGETS = {
    "home": (5, 1),
    "article": (8, 1),
    "tag": (6, 1),
    "tags": (2, 1),
    "search": (7, 1),  # SQLite: raw match count (picks the filter), excerpts for the page
    "feed": (3, 1),
    "sitemap": (2, 1),
    "sitemap_pages": (3, 1),
    "sitemap_articles": (2, 1),
}


def _tag(slug: str) -> Tag:
    found = db.session.scalar(select(Tag).where(Tag.slug == slug))
    return found or Tag(slug=slug, name=slug.title())


def _fill(articles: int, comments: int) -> str:
    tags = [_tag("rivers"), _tag("bridges")]
    made = [make_article(title=f"Flood report {n}", tags=tags) for n in range(articles)]
    target = made[0]
    previous = None
    for n in range(comments):
        # Threads, held comments and replies, so no kind of row escapes the count.
        status = CommentStatus.PENDING if n % 7 == 0 else CommentStatus.APPROVED
        parent = previous if n % 3 == 1 and previous is not None else None
        previous = make_comment(target, status=status, parent_id=parent.id if parent else None)
    return target.slug


def _paths(slug: str) -> dict[str, str]:
    return {
        "home": "/",
        "article": f"/{slug}/",
        "tag": "/tags/rivers/",
        "tags": "/tags/",
        "search": "/search?q=flood",
        "feed": "/feeds/atom.xml",
        "sitemap": "/sitemap.xml",
        "sitemap_pages": "/sitemaps/pages.xml",
        "sitemap_articles": "/sitemaps/articles-1.xml",
    }


def _count(client, path: str) -> int:
    with recorded_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
@pytest.mark.parametrize("size", [(1, 0), (25, 60)], ids=["tiny", "bigger"])
def test_a_page_stays_within_its_query_budget(client, page, size):
    path = _paths(_fill(*size))[page]
    rendered_budget, cached_budget = BUDGETS[page]

    rendered = _count(client, path)
    cached = _count(client, path)

    assert rendered <= rendered_budget
    assert cached <= cached_budget


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_a_page_costs_the_same_queries_for_one_row_or_many(app, page):
    counts = []
    for size in [(1, 1), (30, 80)]:
        slug = _fill(*size)
        app.config["PAGE_CACHE_ENABLED"] = False
        counts.append(_count(app.test_client(), _paths(slug)[page]))

    assert counts[0] == counts[1]


# A published comment: the article, the settings, the rules' facts (one statement), the
# spam filter's catch-up (one statement, however many rows other workers stored since and
# a full window forgets), the version bump, the insert.
POST_BUDGET = 6


@pytest.mark.parametrize("stored_since", [1, 4])
@pytest.mark.parametrize("flood_seconds", [0, 15])
def test_a_published_comment_stays_within_its_query_budget(
    client, app, flood_seconds, stored_since
):
    app.config["COMMENT_FLOOD_SECONDS"] = flood_seconds
    app.config["SPAM_TRAINING_LIMIT"] = 5  # full: each example learned drops the oldest
    article = make_article()
    an_hour_ago = utcnow() - timedelta(hours=1)
    for n in range(5):  # enough of each kind for the spam filter to score
        make_comment(article, status=CommentStatus.SPAM, body=f"Cheap pills {n}")
        make_comment(article, author_email=VALID["author_email"], created_at=an_hour_ago)
    path = f"/{article.slug}/"
    token = form_token(client.get(path).text)
    current_model(app.config["SPAM_TRAINING_LIMIT"])
    for n in range(stored_since):  # as other workers do: the post's catch-up learns them
        make_comment(article, body=f"Approved since {n}.")

    with recorded_queries() as queries:
        response = client.post(
            f"{path}comments",
            data={**VALID, "form_token": token},
            headers={"Origin": "http://localhost"},
        )

    assert response.status_code == 303
    assert db.session.scalars(select(Comment.status).order_by(Comment.id.desc())).first() == (
        CommentStatus.APPROVED
    )
    assert len(queries) <= POST_BUDGET
