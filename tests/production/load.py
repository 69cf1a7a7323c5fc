"""A bounded stream of comment posts and page reads against one server, in two threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from tests.production.database import ARTICLE_SLUG
from tests.production.servers import Response, Server


@dataclass
class Answer:
    kind: str  # "post" or "read"
    at: float
    status: int | None  # None: no HTTP answer at all (connection reset, timeout)
    body: str = ""
    response: Response | None = None


@dataclass
class Load:
    server: Server
    form_token: str
    prefix: str
    answers: list[Answer] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def _record(self, kind: str, call: Callable[[], Response], body: str = "") -> None:
        started = time.monotonic()
        try:
            response = call()
        except OSError:
            self.answers.append(Answer(kind, started, None, body))
            return
        self.answers.append(Answer(kind, started, response.status, body, response))

    def _post_loop(self) -> None:
        n = 0
        while not self._stop.is_set():
            body = f"{self.prefix} comment {n}"
            form = {
                "body": body,
                "author_name": "Load",
                "author_email": "load@example.com",
                "form_token": self.form_token,
            }
            send = partial(self.server.request, "POST", f"/{ARTICLE_SLUG}/comments", form=form)
            self._record("post", send, body)
            n += 1
            time.sleep(0.02)

    def _read_loop(self) -> None:
        paths = [f"/{ARTICLE_SLUG}/", "/"]
        n = 0
        while not self._stop.is_set():
            path = paths[n % 2]
            self._record("read", partial(self.server.request, "GET", path))
            n += 1
            time.sleep(0.02)

    def __enter__(self) -> Load:
        for loop in (self._post_loop, self._read_loop):
            thread = threading.Thread(target=loop, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def posts(self) -> list[Answer]:
        return [a for a in self.answers if a.kind == "post"]

    def reads(self) -> list[Answer]:
        return [a for a in self.answers if a.kind == "read"]

    def wait_for(self, condition, timeout: float) -> bool:
        """Poll until `condition(answers)` holds; the deadline keeps the test bounded."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(list(self.answers)):
                return True
            time.sleep(0.1)
        return False
