"""What the hand-written Atom and RSS documents carry beyond the fields feedparser reads
back in test_feeds.py: the Atom summary, UTC dates in each format's syntax, the channel's
own links, and the same bytes for the same articles."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

from tests.factories import make_article, tag_article

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHED = datetime(2026, 3, 1, 9, 5, 7, tzinfo=UTC)


def document(client, url: str) -> ElementTree.Element:
    return ElementTree.fromstring(client.get(url).data)


def test_atom_entry_carries_summary_dates_and_categories(client):
    article = make_article(subtitle="Council meets", published_at=PUBLISHED)
    tag_article(article, "Local News")

    entry = document(client, "/feeds/atom.xml").find(f"{ATOM}entry")

    assert entry is not None
    assert entry.findtext(f"{ATOM}summary") == "Council meets"
    assert entry.findtext(f"{ATOM}published") == "2026-03-01T09:05:07+00:00"
    assert entry.findtext(f"{ATOM}updated", "").endswith("+00:00")
    category = entry.find(f"{ATOM}category")
    assert category is not None and category.attrib == {
        "term": "Local News",
        "label": "Local News",
        "scheme": "http://localhost/tags/local-news/",
    }


def test_atom_feed_links_itself_and_its_page(client):
    root = document(client, "/feeds/atom.xml")

    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "http://localhost/feeds/atom.xml", "alternate": "http://localhost/"}
    assert root.findtext(f"{ATOM}id") == "http://localhost/feeds/atom.xml"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_rss_item_dates_are_rfc_822_in_utc(client):
    make_article(published_at=PUBLISHED)

    channel = document(client, "/feeds/rss.xml").find("channel")

    assert channel is not None
    assert channel.findtext("item/pubDate") == "Sun, 01 Mar 2026 09:05:07 +0000"
    assert channel.findtext("lastBuildDate", "").endswith(" +0000")
    assert channel.findtext("language") == "en"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("href") == "http://localhost/feeds/rss.xml"


def test_same_articles_give_the_same_bytes(client):
    tag_article(make_article(), "Science")

    for url in ("/feeds/atom.xml", "/feeds/rss.xml", "/tags/science/atom.xml"):
        assert client.get(url).data == client.get(url).data
