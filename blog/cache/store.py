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
from typing import Any

FORM_TOKEN = re.compile(rb'name="form_token" type="hidden" value="([^"]+)"')


@dataclass
class CachedPage:
    stamp: str
    body: bytes
    content_type: str
    # Compressed once when stored, sent to every client that accepts gzip (browsers,
    # feed readers, CDNs): a fifth of the bytes for each of them.
    gzipped: bytes
    # How to tell whether this copy is current: the view's stamp function and arguments.
    stamp_for: Callable[..., Any]
    view_args: dict[str, Any]
    # A page with a comment form carries a time-stamped token, re-signed on every send.
    form_token: bytes | None = None
    # The token's time has whole-second resolution, so every send within one second
    # carries the same bytes: (second, body, gzipped) as last signed and compressed.
    sent_this_second: tuple[int, bytes, bytes] | None = None

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
        gzipped = b"" if token else gzip.compress(body, compresslevel=6, mtime=0)
        return cls(stamp, body, content_type, gzipped, stamp_for, dict(view_args or {}), token)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)


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
