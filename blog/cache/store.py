"""Where rendered pages are kept: a bounded, least-recently-used copy in each worker.

The copies are only an optimisation: whether one may be served is decided by the version
stamps in the database, shared by all workers, so a worker holding an old copy never
serves it. The byte bound keeps every worker well under its memory budget.
"""

from __future__ import annotations

import gzip
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from typing import Any, NamedTuple

FORM_TOKEN = re.compile(rb'name="form_token" type="hidden" value="([^"]+)"')


class Copy(NamedTuple):
    """The bytes sent, replaced as a whole (threaded workers share a page), never in part."""

    body: bytes
    # Compressed once, sent to every client that accepts gzip (browsers, feed readers,
    # CDNs): a fifth of the bytes for each of them.
    gzipped: bytes
    # A page with a comment form carries a time-stamped token, re-signed as it is sent.
    form_token: bytes | None = None
    # The second that token was signed (0: at render, re-signed on the first send).
    signed_at: int = 0


@dataclass
class CachedPage:
    stamp: str
    content_type: str
    # How to tell whether this copy is current: the view's stamp function and arguments.
    stamp_for: Callable[..., Any]
    view_args: dict[str, Any]
    # Only ever the copy as last signed: keeping the rendered one beside it would double
    # what a page with a form holds, unseen by the store's byte bound.
    copy: Copy

    @classmethod
    def make(
        cls,
        stamp: str,
        body: bytes,
        content_type: str,
        stamp_for: Callable[..., Any],
        view_args: dict[str, Any] | None = None,
    ) -> CachedPage:
        match = FORM_TOKEN.search(body)
        token = match.group(1) if match else None
        # A page with a form is compressed again each second it is sent, so at the fastest
        # level; this first copy is what the store counts.
        gzipped = gzip.compress(body, compresslevel=1 if token else 6, mtime=0)
        return cls(
            stamp, content_type, stamp_for, dict(view_args or {}), Copy(body, gzipped, token)
        )

    @property
    def size(self) -> int:
        return len(self.copy.body) + len(self.copy.gzipped)


class PageStore:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = Lock()  # gunicorn's threaded workers share one store

    def get(self, key: str) -> CachedPage | None:
        """The copy kept for `key`, current or not: its stamp says which."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        if page.size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= old.size
            self._pages[key] = page
            self.size += page.size
            while self.size > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self.size -= evicted.size

    def __len__(self) -> int:
        return len(self._pages)
