"""Which pages this build has: the benchmark measures what exists and says what does not."""

from __future__ import annotations

from flask import Flask, url_for

from bench.dataset import READ_SLUG
from blog import create_app
from config import TestingConfig

SEARCH_WORDS = "harbour bridge"
TAG_SLUG = "council"


def _find(app: Flask, *words: str, arguments: int | None = None) -> str | None:
    for rule in app.url_map.iter_rules():
        text = f"{rule.endpoint} {rule.rule}".lower()
        if "GET" not in (rule.methods or ()) or rule.endpoint.startswith(("admin", "static")):
            continue
        if any(word in text for word in words) and (
            arguments is None or len(rule.arguments) == arguments
        ):
            return rule.endpoint
    return None


def page_paths() -> dict[str, str | None]:
    """Path of each measured page, or None when this build has no such page."""
    app = create_app(TestingConfig)
    tag = _find(app, "tag", arguments=1)
    search = _find(app, "search", arguments=0)
    feed = _find(app, "feed", "atom", arguments=0)
    with app.test_request_context():
        return {
            "home": url_for("articles.index"),
            "article": url_for("articles.detail", slug=READ_SLUG),
            "tag": url_for(tag, **{_only_argument(app, tag): TAG_SLUG}) if tag else None,
            "search": url_for(search, q=SEARCH_WORDS) if search else None,
            "feed": url_for(feed) if feed else None,
        }


def _only_argument(app: Flask, endpoint: str) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return next(iter(rule.arguments))
