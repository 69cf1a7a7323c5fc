"""Every feed is well-formed XML whatever the articles hold.

The admin forms refuse control characters, but imports and the shell store text around
them, and XML 1.0 cannot carry most of them even as character references: a feed holding
one is refused whole by a strict reader. A standard-library parser (no feedparser, which
recovers from broken documents) must read every feed.
"""

from __future__ import annotations

from xml.dom import minidom
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blog.feeds.build import xml_text
from blog.models.types import utcnow
from tests.factories import make_article, tag_article
from tests.hostile import HOSTILE

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"  # in both kinds of feed
FEEDS = [
    "/feeds/atom.xml",
    "/feeds/rss.xml",
    "/tags/local-news/atom.xml",
    "/tags/local-news/rss.xml",
]
# What the parser hands back for a stored value: no XML-forbidden characters, and line
# ends normalised (XML turns CR and CRLF into LF).
ON_THE_WIRE = {"\r\n": "\n", "\r": "\n"}


def parsed(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    minidom.parseString(response.data)  # a second parser, as strict
    return ElementTree.fromstring(response.data)


def titles(root: ElementTree.Element) -> list[str | None]:
    if root.tag == "rss":
        return [item.findtext("title") for item in root.iter("item")]
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def categories(root: ElementTree.Element) -> list[str | None]:
    if root.tag == "rss":
        return [category.text for category in root.iter("category")]
    return [category.get("term") for category in root.iter(f"{ATOM}category")]


def wire(text: str) -> str:
    text = xml_text(text)
    for before, after in ON_THE_WIRE.items():
        text = text.replace(before, after)
    return text


@pytest.mark.parametrize("url", FEEDS)
def test_markup_in_every_field_comes_back_as_text(client, url):
    hostile = "A <b>bold</b> & \"quoted\" 'title' ]]> </entry></feed> &amp; &#0;"
    article = make_article(
        title=hostile,
        subtitle=hostile,
        author_name="<author> & co",
        body_markdown=f"{hostile}\n\n<div>]]></div>\n\n[x](/a?b=1&c=2)",
    )
    tag_article(article, "Local News", "Tag <\"&'>")

    root = parsed(client, url)

    assert titles(root) == [hostile]
    assert "Tag <\"&'>" in categories(root)
    assert [creator.text for creator in root.iter(DC_CREATOR)] == ["<author> & co"]
    assert 'href="http://localhost/a?b=1&amp;c=2"' in "".join(root.itertext())  # body HTML


@pytest.mark.parametrize("url", FEEDS)
def test_control_characters_stored_around_the_forms_leave_the_feed_well_formed(client, url):
    article = make_article(
        title="Bridge\x01 vote\x0b tonight\ufffe",
        subtitle="Council\x1f meets",
        author_name="Sam\x08 Writer",
        body_markdown="First\x02 paragraph\x0c.\n\nSecond\x1b[31m one.",
    )
    tag_article(article, "Local\x07 News")

    root = parsed(client, url)

    assert titles(root) == ["Bridge vote tonight"]
    assert categories(root) == ["Local News"]
    assert [creator.text for creator in root.iter(DC_CREATOR)] == ["Sam Writer"]
    text = "".join(root.itertext())
    assert "First paragraph." in text and "Council meets" in text


@HOSTILE
@given(
    title=st.text(min_size=1, max_size=80).filter(lambda s: "\x00" not in s),
    author=st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s),
    body=st.text(max_size=200).filter(lambda s: "\x00" not in s),
)
def test_any_stored_text_gives_well_formed_feeds(client, title, author, body):
    # No NUL: PostgreSQL refuses it in text, so no article can hold one there. Published
    # now, so each example's article heads the feeds the earlier examples filled.
    article = make_article(
        title=title, subtitle=title, author_name=author, body_markdown=body, published_at=utcnow()
    )
    tag_article(article, "Local News")

    for url in FEEDS:
        root = parsed(client, url)

        assert titles(root)[0] == wire(title)
