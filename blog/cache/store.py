"""Where rendered pages are kept: a bounded, least-recently-used copy in each worker.

The copies are only an optimisation: whether one may be served is decided by the version
stamps in the database, shared by all workers, so a worker holding an old copy never
serves it. The byte bound keeps every worker well under its memory budget.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock


@dataclass(frozen=True)
class CachedPage:
    stamp: str
    body: bytes
    content_type: str


class PageStore:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = Lock()  # gunicorn's threaded workers share one store

    def get(self, key: str, stamp: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None or page.stamp != stamp:
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        if len(page.body) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._pages[key] = page
            self.size += len(page.body)
            while self.size > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self.size -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._pages)
