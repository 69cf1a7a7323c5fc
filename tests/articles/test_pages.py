from __future__ import annotations

from datetime import timedelta

import pytest

from blog.models import ArticleStatus, CommentStatus
from blog.models.types import utcnow
from tests.factories import make_article, make_comment


def test_home_lists_newest_published_articles_first(client):
    make_article(title="Older story", published_at=utcnow() - timedelta(days=2))
    make_article(title="Newer story", published_at=utcnow() - timedelta(days=1))

    html = client.get("/").text

    assert html.index("Newer story") < html.index("Older story")


def test_home_shows_subtitle_author_and_approved_comment_count(client):
    article = make_article(subtitle="A standfirst", author_name="Kim Byline")
    make_comment(article)
    make_comment(article)
    make_comment(article, status=CommentStatus.PENDING)

    html = client.get("/").text

    assert "A standfirst" in html
    assert "Kim Byline" in html
    assert "2 Comments" in html


def test_home_never_lists_drafts(client):
    make_article(title="Secret draft", status=ArticleStatus.DRAFT)

    assert "Secret draft" not in client.get("/").text


def test_home_pages_ten_articles_at_a_time(client):
    for n in range(12):
        make_article(title=f"Story {n:02d}", published_at=utcnow() - timedelta(hours=n))

    first = client.get("/").text
    second = client.get("/?page=2").text

    assert first.count('class="teaser"') == 10
    assert "Older articles" in first and "Newer articles" not in first
    assert second.count('class="teaser"') == 2
    assert "Newer articles" in second


def test_home_page_past_the_end_is_404(client):
    make_article()

    assert client.get("/?page=5").status_code == 404


def test_article_page_has_the_news_article_shape(client):
    article = make_article(
        title="Council approves the new bridge",
        subtitle="Work starts in spring",
        author_name="Sam Writer",
        body_markdown="## First section\n\nText.\n\n### Detail\n\nMore.",
    )

    response = client.get(f"/{article.slug}/")

    html = response.text
    assert response.status_code == 200
    assert '<a class="site-name" href="/">' in html
    assert "<h1>Council approves the new bridge</h1>" in html
    assert "Work starts in spring" in html
    assert "Sam Writer" in html
    assert f'<time datetime="{article.published_at.isoformat(timespec="seconds")}">' in html
    assert '<h2 id="first-section">First section</h2>' in html
    assert '<h3 id="detail">Detail</h3>' in html
    assert "Leave a Comment" in html


def test_article_url_without_trailing_slash_redirects(client):
    article = make_article()

    response = client.get(f"/{article.slug}")

    assert response.status_code == 308
    assert response.headers["Location"].endswith(f"/{article.slug}/")


@pytest.mark.parametrize("path", ["/no-such-article/", "/nothing/here/at/all"])
def test_unknown_pages_get_a_real_404_page_with_a_link_home(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'href="/"' in response.text


def test_draft_article_is_404(client):
    draft = make_article(status=ArticleStatus.DRAFT)

    assert client.get(f"/{draft.slug}/").status_code == 404


def test_reading_sets_no_cookie(client):
    article = make_article()
    make_comment(article)

    for path in ("/", f"/{article.slug}/"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path


def test_wrong_method_is_405(client):
    article = make_article()

    assert client.post("/").status_code == 405
    assert client.delete(f"/{article.slug}/").status_code == 405
