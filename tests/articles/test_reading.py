from __future__ import annotations

from datetime import timedelta

from blog.models import ArticleStatus
from blog.models.types import utcnow
from tests.factories import make_article


def test_article_links_to_the_older_and_newer_articles(client):
    now = utcnow()
    older = make_article(title="Older one", published_at=now - timedelta(days=3))
    middle = make_article(title="Middle one", published_at=now - timedelta(days=2))
    newer = make_article(title="Newer one", published_at=now - timedelta(days=1))
    make_article(title="Draft between", status=ArticleStatus.DRAFT, published_at=now)

    html = client.get(f"/{middle.slug}/").text

    assert f'rel="prev" href="/{older.slug}/"' in html
    assert f'rel="next" href="/{newer.slug}/"' in html
    assert "Draft between" not in html


def test_articles_published_at_the_same_moment_still_chain(client):
    when = utcnow()
    first = make_article(published_at=when)
    second = make_article(published_at=when)

    html = client.get(f"/{first.slug}/").text

    assert f'rel="next" href="/{second.slug}/"' in html
    assert 'rel="prev"' not in html


def test_reading_time_is_words_over_230_per_minute_at_least_one(client):
    short = make_article(body_markdown="A few words.")
    long = make_article(body_markdown="word " * 1000)

    assert "1 min read" in client.get(f"/{short.slug}/").text
    assert "5 min read" in client.get(f"/{long.slug}/").text
