"""Atom and RSS 2.0 documents from a list of articles, written by feedgen.

Each entry carries the article's full HTML (sanitized on save, the same bytes the page
shows) with root-relative links made absolute, since a feed reader has no page to resolve
them against.
"""

from __future__ import annotations

import re
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app

from blog.models import Article
from blog.models.types import utcnow
from blog.seo.meta import excerpt
from blog.seo.urls import absolute_url, site_root

_ROOT_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')


def absolute_links(html: str) -> str:
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{site_root()}', html)


def last_modified(articles: list[Article]) -> datetime:
    """The document's <updated>: its newest edit, or now for an empty feed (HTTP
    Last-Modified is the listings stamp instead, see views.py)."""
    return max((article.updated_at for article in articles), default=None) or utcnow()


def build_feed(
    articles: list[Article], title: str, description: str, home_url: str, self_url: str
) -> FeedGenerator:
    """One feed document's generator; call `atom_str` or `rss_str` on it for `self_url`."""
    config = current_app.config
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.id(self_url)
    feed.title(title)
    feed.subtitle(description)
    # The self link first: RSS keeps only the last link as its channel <link>, the page.
    feed.link(href=self_url, rel="self")
    feed.link(href=home_url, rel="alternate")
    feed.language(config.get("SITE_LANGUAGE", "en"))
    feed.generator(config["SITE_NAME"], uri=site_root())
    feed.updated(last_modified(articles))
    for article in articles:
        _add_entry(feed, article)
    return feed


def _add_entry(feed: FeedGenerator, article: Article) -> None:
    url = absolute_url("articles.detail", slug=article.slug)
    entry = feed.add_entry(order="append")
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(article.title)
    entry.link(href=url, rel="alternate")
    entry.author(name=article.author_name)
    entry.dc.dc_creator(article.author_name)
    entry.published(article.published_at)
    entry.updated(article.updated_at)
    entry.description(article.subtitle or excerpt(article.body_text) or article.title)
    entry.content(absolute_links(article.body_html), type="html")
    for tag in article.tags:
        entry.category(
            term=tag.name, label=tag.name, scheme=absolute_url("tags.detail", slug=tag.slug)
        )
