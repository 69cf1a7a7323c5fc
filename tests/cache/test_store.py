"""The page store's byte bound counts everything a kept page holds, after it is sent too."""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import time

from flask import Flask

from blog.cache import shortcut
from tests.factories import make_article


def _bytes_held(value: object) -> int:
    """Every byte string a kept page holds, through its fields, tuples and their fields."""
    if isinstance(value, bytes):
        return len(value)
    if dataclasses.is_dataclass(value):
        return sum(_bytes_held(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple | list):
        return sum(_bytes_held(item) for item in value)
    return 0


def test_a_page_with_a_comment_form_holds_what_the_store_counts_once_sent(
    app: Flask, client, monkeypatch
):
    store = app.extensions["page_store"]
    articles = [make_article() for _ in range(3)]
    for article in articles:
        client.get(f"/{article.slug}/")  # rendered and kept
    # A clock one second on at each reading, well inside the current cache period.
    period = app.config["PAGE_CACHE_SECONDS"]
    clock = itertools.count(int(time.time()) // period * period + 10)
    monkeypatch.setattr(shortcut.time, "time", lambda: next(clock))
    for article in articles:
        for _ in range(2):  # sent in two seconds: re-signed each time
            sent = client.get(f"/{article.slug}/", headers={"Accept-Encoding": "gzip"})
            assert b'name="form_token"' in gzip.decompress(sent.data)

    pages = [store.get(f"/{article.slug}/?") for article in articles]

    assert None not in pages
    held = sum(_bytes_held(page) for page in pages)
    # Re-compressed each second, a page's gzip may differ from the counted one by a few bytes.
    assert store.size * 0.99 <= held <= store.size * 1.01
