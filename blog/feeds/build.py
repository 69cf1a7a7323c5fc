"""Atom and RSS 2.0 documents from a list of articles, as plain values for the templates
feeds/atom.xml and feeds/rss.xml.

Each entry carries the article's full HTML (sanitized on save, the same bytes the page
shows) with root-relative links made absolute, since a feed reader has no page to resolve
them against.

The documents are Jinja templates rather than feedgen, whose lxml added about 5 MB to every
gunicorn worker. Jinja escapes markup (templates ending in .xml are autoescaped) but not the
control characters XML 1.0 forbids, which text stored around the admin forms (an import,
the shell) may hold: every text value is cleaned here, so the feed stays well-formed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from flask import current_app, render_template

from blog.models import Article
from blog.seo.meta import excerpt
from blog.seo.urls import absolute_url, site_root

_ROOT_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')
# Characters outside XML 1.0's Char production: C0 controls but tab, LF and CR, lone
# surrogates, U+FFFE and U+FFFF. A parser must refuse a document holding any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def absolute_links(html: str) -> str:
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{site_root()}', html)


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry, even as character references."""
    return _NOT_XML.sub("", text)


def last_modified(articles: list[Article], changed_at: datetime) -> datetime:
    """The document's <updated>: its newest edit, or for an empty feed the time its stamp
    last changed (never "now", which would change the bytes and the ETag every second)."""
    return max((article.updated_at for article in articles), default=None) or changed_at


@dataclass(frozen=True)
class FeedDate:
    rfc3339: str  # Atom
    rfc822: str  # RSS 2.0

    @classmethod
    def of(cls, moment: datetime) -> FeedDate:
        moment = moment.astimezone(UTC)
        return cls(rfc3339=moment.isoformat(), rfc822=format_datetime(moment))


@dataclass(frozen=True)
class Category:
    name: str
    url: str


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    author: str
    published: FeedDate | None
    updated: FeedDate
    summary: str
    content_html: str
    categories: list[Category]


@dataclass(frozen=True)
class Feed:
    self_url: str
    home_url: str
    title: str
    description: str
    language: str
    generator: str
    generator_url: str
    updated: FeedDate
    entries: list[Entry]


def build_feed(
    articles: list[Article],
    title: str,
    description: str,
    home_url: str,
    self_url: str,
    changed_at: datetime,
) -> Feed:
    """One feed's values, for `render_feed` as Atom or RSS at `self_url`; `changed_at`: when
    its stamp last changed."""
    config = current_app.config
    return Feed(
        self_url=xml_text(self_url),  # the Host header, when SITE_URL is unset
        home_url=xml_text(home_url),
        title=xml_text(title),
        description=xml_text(description),
        language=xml_text(config.get("SITE_LANGUAGE", "en")),
        generator=xml_text(config["SITE_NAME"]),
        generator_url=xml_text(site_root()),
        updated=FeedDate.of(last_modified(articles, changed_at)),
        entries=[_entry(article) for article in articles],
    )


def _entry(article: Article) -> Entry:
    summary = article.subtitle or excerpt(article.body_text) or article.title
    return Entry(
        url=xml_text(absolute_url("articles.detail", slug=article.slug)),
        title=xml_text(article.title),
        author=xml_text(article.author_name),
        published=FeedDate.of(article.published_at) if article.published_at else None,
        updated=FeedDate.of(article.updated_at),
        summary=xml_text(summary),
        content_html=xml_text(absolute_links(article.body_html)),
        categories=[
            Category(xml_text(tag.name), xml_text(absolute_url("tags.detail", slug=tag.slug)))
            for tag in article.tags
        ],
    )


def render_feed(feed: Feed, kind: str) -> bytes:
    """The document as UTF-8 bytes; the same values always give the same bytes (the view
    hashes them for a strong ETag)."""
    return render_template(f"feeds/{kind}.xml", feed=feed).encode()
