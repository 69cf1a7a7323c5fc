from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import ArticleStatus, Tag
from blog.models.types import utcnow
from blog.tags.names import TagError, split_tag_names, tags_named
from tests.factories import make_article, tag_article


def test_tag_page_lists_its_published_articles_newest_first(client):
    tag_article(make_article(title="Older", published_at=utcnow() - timedelta(days=2)), "Arts")
    tag_article(make_article(title="Newer", published_at=utcnow() - timedelta(days=1)), "Arts")
    tag_article(make_article(title="Draft", status=ArticleStatus.DRAFT), "Arts")
    make_article(title="Untagged")

    html = client.get("/tags/arts/").text

    assert "<h1>Tagged “Arts”</h1>" in html
    assert html.index("Newer") < html.index("Older")
    assert "Draft" not in html and "Untagged" not in html


def test_tag_pages_are_paginated(client):
    for n in range(12):
        tag_article(make_article(published_at=utcnow() - timedelta(hours=n)), "Arts")

    first = client.get("/tags/arts/").text
    second = client.get("/tags/arts/?page=2").text

    assert first.count('class="teaser"') == 10
    assert second.count('class="teaser"') == 2
    assert '<link rel="canonical" href="http://localhost/tags/arts/?page=2">' in second
    assert '<nav class="pager" aria-label="More articles tagged Arts">' in first
    assert '<a rel="next" href="/tags/arts/?page=2">← Older articles</a>' in first
    assert '<a rel="prev" href="/tags/arts/?page=1">Newer articles →</a>' in second
    assert "Older articles" not in second


def test_unknown_tag_and_draft_only_tag_are_404(client):
    tag_article(make_article(status=ArticleStatus.DRAFT), "Hidden")

    assert client.get("/tags/nothing/").status_code == 404
    assert client.get("/tags/hidden/").status_code == 404


def test_article_page_links_its_tags(client):
    article = tag_article(make_article(), "Local News", "Arts")

    html = client.get(f"/{article.slug}/").text

    assert '<a rel="tag" href="/tags/arts/">Arts</a>' in html
    assert '<a rel="tag" href="/tags/local-news/">Local News</a>' in html


def test_tag_index_lists_tags_in_use_with_counts(client):
    tag_article(make_article(), "Arts", "Science")
    tag_article(make_article(), "Arts")
    tag_article(make_article(status=ArticleStatus.DRAFT), "Secret")

    html = client.get("/tags/").text

    assert 'Arts</a> <span class="count">(2)</span>' in html
    assert "Science" in html and "Secret" not in html


def test_tag_names_are_split_trimmed_and_deduplicated_by_slug():
    assert split_tag_names(" Local  News, local news,, Arts ") == ["Local News", "Arts"]
    assert split_tag_names(["Arts", 2026]) == ["Arts", "2026"]


@pytest.mark.parametrize(
    "raw",
    ["x" * 51, "!!!", ",".join(f"t{n}" for n in range(11))],
    ids=["too-long", "no-letters", "too-many"],
)
def test_bad_tag_names_are_refused_with_a_reason(raw):
    with pytest.raises(TagError):
        split_tag_names(raw)


def test_existing_tag_is_reused_and_keeps_its_spelling(app):
    first = tags_named(["Local News"])
    db.session.commit()

    again = tags_named(["local news"])

    assert again[0].id == first[0].id and again[0].name == "Local News"
    assert len(db.session.scalars(select(Tag)).all()) == 1


def test_deleting_an_article_keeps_its_tags_for_others(app):
    keep = tag_article(make_article(), "Arts")
    doomed = tag_article(make_article(), "Arts")

    db.session.delete(doomed)
    db.session.commit()

    assert [tag.name for tag in keep.tags] == ["Arts"]
