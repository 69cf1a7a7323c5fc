from __future__ import annotations

from blog.articles.slugs import make_slug, slug_taken, unique_slug
from tests.factories import make_article


def test_slug_is_readable_ascii_from_any_title():
    assert make_slug("Café: the Über-News, 2026!") == "cafe-the-uber-news-2026"
    assert make_slug("🚀🚀") == "article"


def test_reserved_and_existing_slugs_are_taken(app):
    make_article(slug="story")

    assert slug_taken("admin")
    assert slug_taken("story")
    assert not slug_taken("fresh")


def test_an_article_keeps_its_own_slug_when_saved_again(app):
    article = make_article(slug="story", title="Story")

    assert unique_slug("Story", exclude_id=article.id) == "story"
    assert unique_slug("Story") == "story-2"
