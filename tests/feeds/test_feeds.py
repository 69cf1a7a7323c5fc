from __future__ import annotations

import time
from datetime import timedelta

import feedparser
import pytest
from sqlalchemy import update

from blog.extensions import db
from blog.models import Article, ArticleStatus, CacheVersion
from blog.models.types import utcnow
from tests.factories import make_article, tag_article

FEEDS = ["/feeds/atom.xml", "/feeds/rss.xml"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, feedparser.parse(response.data)


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_cleanly_and_round_trips_every_article_field(client, url):
    published = (utcnow() - timedelta(days=1)).replace(microsecond=0)
    article = make_article(
        title="Bridge vote <tonight> & after",
        subtitle="Council meets",
        author_name="Sam Writer",
        body_markdown="First *paragraph*.\n\n[More](/other/)",
        published_at=published,
    )
    tag_article(article, "Local News")

    response, feed = parse(client, url)

    assert not feed.bozo, feed.get("bozo_exception")
    entry = feed.entries[0]
    assert entry.title == "Bridge vote <tonight> & after"
    assert entry.link == f"http://localhost/{article.slug}/"
    assert entry.published_parsed[:6] == published.timetuple()[:6]
    assert entry.author == "Sam Writer"
    assert "<em>paragraph</em>" in entry.content[0].value
    assert 'href="http://localhost/other/"' in entry.content[0].value  # made absolute
    assert [t.term for t in entry.tags] == ["Local News"]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_newest_first_and_never_drafts(client, url):
    make_article(title="Older", published_at=utcnow() - timedelta(days=2))
    make_article(title="Newer", published_at=utcnow() - timedelta(days=1))
    make_article(title="Secret draft", status=ArticleStatus.DRAFT)

    _, feed = parse(client, url)

    assert [e.title for e in feed.entries] == ["Newer", "Older"]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_carries_the_full_sanitized_body(client, url):
    make_article(body_markdown="Safe text <script>alert(1)</script>\n\n" + "word " * 400)

    response, feed = parse(client, url)

    content = feed.entries[0].content[0].value
    assert content.count("word") == 400
    assert "<script" not in content and "<script" not in response.text


@pytest.mark.parametrize("url", FEEDS)
def test_unchanged_feed_answers_304_to_etag_and_to_last_modified(client, url):
    make_article()
    first = client.get(url)

    by_etag = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})

    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_date.status_code == 304


@pytest.mark.parametrize("url", FEEDS)
def test_an_empty_feed_keeps_its_etag_from_one_second_to_the_next(app, client, url):
    app.config["PAGE_CACHE_ENABLED"] = False  # rendered each time, as a new worker would
    first = client.get(url)
    time.sleep(1.1)  # its <updated> was "now", so its bytes changed every second

    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304


@pytest.mark.parametrize("url", FEEDS)
def test_editing_an_article_changes_the_feed_etag(client, url):
    article = make_article(title="Before")
    etag = client.get(url).headers["ETag"]
    article.title = "After"
    db.session.commit()

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "After" in response.text


def _long_ago() -> None:
    """Every stamp and edit an hour back, and the cache period's start further still, so
    the change a test makes next is a later second than the feed's first Last-Modified."""
    earlier = utcnow() - timedelta(hours=1)
    db.session.execute(update(CacheVersion).values(changed_at=earlier))
    db.session.execute(update(Article).values(updated_at=earlier))
    db.session.commit()


@pytest.fixture(params=[True, False], ids=["page-cache", "no-page-cache"])
def feed_client(app, client, request):
    app.config["PAGE_CACHE_ENABLED"] = request.param
    app.config["PAGE_CACHE_SECONDS"] = 10**9  # the current period began in 2001
    return client


def _unpublish(article: Article) -> None:
    article.status = ArticleStatus.DRAFT
    db.session.commit()


def _delete(article: Article) -> None:
    db.session.delete(article)
    db.session.commit()


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("drop", [_unpublish, _delete], ids=["unpublished", "deleted"])
def test_an_article_leaving_the_feed_is_not_hidden_by_if_modified_since(feed_client, url, drop):
    leaving = make_article(title="Leaving soon")
    make_article(title="Staying")  # the newest edit, unchanged by the drop
    _long_ago()
    since = feed_client.get(url).headers["Last-Modified"]

    drop(leaving)
    response = feed_client.get(url, headers={"If-Modified-Since": since})

    assert response.status_code == 200
    assert "Leaving soon" not in response.text and "Staying" in response.text


def test_an_untagged_article_leaves_the_tag_feed_for_if_modified_since_too(feed_client):
    leaving = tag_article(make_article(title="Leaving soon"), "Science")
    tag_article(make_article(title="Staying"), "Science")
    _long_ago()
    since = feed_client.get("/tags/science/atom.xml").headers["Last-Modified"]

    leaving.tags = []
    db.session.commit()
    response = feed_client.get("/tags/science/atom.xml", headers={"If-Modified-Since": since})

    assert response.status_code == 200
    assert "Leaving soon" not in response.text


def test_every_page_announces_both_site_feeds(client):
    make_article()

    html = client.get("/").text

    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/rss.xml"' in html


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_tag_feed_holds_only_that_tags_articles(client, kind):
    tag_article(make_article(title="Tagged story"), "Science")
    make_article(title="Untagged story")

    _, feed = parse(client, f"/tags/science/{kind}.xml")

    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Tagged story"]
    assert "Science" in feed.feed.title


def test_tag_page_announces_its_own_feeds(client):
    tag_article(make_article(), "Science")

    html = client.get("/tags/science/").text

    assert 'href="/tags/science/atom.xml"' in html
    assert 'href="/tags/science/rss.xml"' in html


def test_feed_of_an_unknown_tag_is_404(client):
    assert client.get("/tags/nothing/atom.xml").status_code == 404


def test_empty_site_still_has_a_valid_feed(client):
    _, feed = parse(client, "/feeds/atom.xml")

    assert not feed.bozo
    assert feed.entries == []
