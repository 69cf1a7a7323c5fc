"""How a worker learns, cheaply, that nothing a page depends on has changed.

Stamps read since the last change can be kept (`blog/cache/reader.py`), which saves the
one query every cached page costs. What tells a worker that a change happened:

- SQLite: `PRAGMA data_version`, which changes whenever any other connection commits. Read
  on a connection kept for nothing else it costs a few microseconds, and it sees every
  writer, the sqlite3 shell included.
- PostgreSQL has no such counter. With Redis configured, every commit that bumps a page
  version replaces a random token in Redis after the commit and before the writer
  answers. Each worker reads the token on a connection Redis tracks (client-side
  caching), so Redis pushes it word of the change, and the writer waits until Redis has
  sent that word (`ChangeToken.replace`). A request that starts after a change was
  acknowledged finds it waiting on its worker's socket: a look at the socket, no round
  trip, tells a worker nothing changed. Two cases leave the token unchanged after a
  change: a writer that dies between its commit and the SET, and a change bumped outside
  the app; and a word pushed to another server could be delayed by a lost packet. For
  those, stamps kept on the token's word are trusted for at most TRUST_SECONDS.

Without either, every stamp is read from the database on every request, as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    import redis

# Set by `blog.cache.versions` on a session whose transaction bumped a version.
BUMPED = "page versions bumped"
TRUST_SECONDS = 1.0
# After Redis fails, a worker reads stamps from the database this long before trying it
# again, so an unreachable Redis costs no request its timeout.
RETRY_SECONDS = 5.0
TIMEOUT_SECONDS = 0.25
CLIENT_NAME = "blog-page-changes"  # what `CLIENT LIST` shows for each worker's connection

log = logging.getLogger(__name__)


def watch(app: Flask) -> str | None:
    """The change signal PAGE_CHANGE_WATCH picks: "data_version", "redis" or None."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    choice = app.config["PAGE_CHANGE_WATCH"]
    is_sqlite = url.get_backend_name() == "sqlite"
    if choice == "auto":
        if is_sqlite:
            return "data_version"
        choice = "redis" if app.config["PAGE_CHANGE_REDIS_URL"] else "none"
    if choice == "data_version" and not is_sqlite:
        raise ValueError("PAGE_CHANGE_WATCH=data_version needs a SQLite database")
    if choice == "redis" and not app.config["PAGE_CHANGE_REDIS_URL"]:
        raise ValueError("PAGE_CHANGE_WATCH=redis needs PAGE_CHANGE_REDIS_URL or REDIS_URL")
    if choice not in ("data_version", "redis", "none"):
        raise ValueError(f"PAGE_CHANGE_WATCH must be auto, data_version, redis or none: {choice}")
    return None if choice == "none" else choice


@dataclass
class ChangeToken:
    """The token in Redis, on one connection per worker process that Redis tells of every
    change to the token (client-side caching: RESP3 and `CLIENT TRACKING`, Redis 6 or later).

    A worker asks Redis for the token only when it has none, when Redis said it changed, or
    once every TRUST_SECONDS (so that a connection that died without a word is found out).
    Otherwise a read costs a look at the socket for pushed invalidations: no round trip,
    and nothing for Redis to do.
    """

    connection: redis.Connection
    errors: tuple[type[Exception], ...]  # redis.RedisError, from where redis was imported
    key: str
    pid: int = field(default_factory=os.getpid)
    resting_until: float = 0.0
    known: bytes | None = None  # the token as last asked, until Redis says it changed
    asked_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)  # one connection, any thread

    def __post_init__(self) -> None:
        # Every (re)connection asks Redis again to track what this connection reads.
        self.connection.register_connect_callback(self._track)

    def read(self) -> bytes | None:
        """The current token (one is set where Redis has none: new, restarted, flushed);
        None when Redis cannot answer."""
        now = time.monotonic()
        if now < self.resting_until:
            return None
        with self.lock:
            try:
                if self.known is not None and now - self.asked_at < TRUST_SECONDS:
                    while self.connection.can_read(timeout=0):
                        self.connection.read_response(push_request=True)  # may forget known
                    if self.known is not None:
                        return self.known
                self.known = self._ask()
                self.asked_at = now
                return self.known
            except self.errors as error:
                self._failed("read", error)
                return None

    def replace(self) -> None:
        """Something changed: every worker's next read sees a token it has not kept.

        A random value rather than INCR: a counter that restarts with Redis could come
        back to a value a worker still holds. The PING after the SET makes the writer wait
        until Redis has sent every other worker its invalidation: Redis writes them in the
        same turn of its event loop as the SET's reply, and answers the PING in a later one.
        So the writer answers its client only once every worker's socket holds the news.
        """
        with self.lock:
            try:
                self._command("SET", self.key, secrets.token_hex(8))
                self._command("PING")
                self.known = None
            except self.errors as error:
                self._failed("replace", error)

    def _ask(self) -> bytes:
        value = self._command("GET", self.key)
        if value is None:
            self._command("SET", self.key, secrets.token_hex(8), "NX")
            value = self._command("GET", self.key)
        return value

    def _command(self, *args: str) -> Any:
        self.connection.send_command(*args)
        return self.connection.read_response()

    def _track(self, connection: redis.Connection) -> None:
        # The way redis-py's own client-side cache does it. That cache is not used: it
        # refuses a Redis older than 7.4 (Debian 12 has 7.0), and it would cost a worker a
        # pool checkout and a cache lookup on every read, for the one key needed here.
        connection.send_command("CLIENT", "TRACKING", "ON")
        connection.read_response()
        connection._parser.set_invalidation_push_handler(self._forget)

    def _forget(self, _push: list[Any]) -> None:
        self.known = None

    def _failed(self, action: str, error: Exception) -> None:
        self.known = None
        self.connection.disconnect()
        self.resting_until = time.monotonic() + RETRY_SECONDS
        log.warning(
            "Could not %s the page change token in Redis (%s); stamps are read from the "
            "database for the next %.0f s",
            action,
            error,
            RETRY_SECONDS,
        )


def change_token(app: Flask) -> ChangeToken | None:
    """This process's token connection, when Redis is the change signal (never shared
    across a fork: a forked worker makes its own)."""
    held = app.extensions.get("page_change_token")
    if held is not None and held.pid == os.getpid():
        return held
    if watch(app) != "redis":
        return None
    # Imported here, not at the top: redis-py adds 4.4 MB to a worker that never uses it.
    import redis

    pool = redis.ConnectionPool.from_url(
        app.config["PAGE_CHANGE_REDIS_URL"],
        protocol=3,  # pushed invalidations need RESP3
        client_name=CLIENT_NAME,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )
    connection = pool.make_connection()  # kept for the process's life, outside any pool
    held = app.extensions["page_change_token"] = ChangeToken(
        connection, (redis.RedisError,), _key(app)
    )
    return held


def _key(app: Flask) -> str:
    """One token per database, so blogs sharing a Redis never answer for each other."""
    if app.config["PAGE_CHANGE_KEY"]:
        return app.config["PAGE_CHANGE_KEY"]
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=True)
    return "blog:page-changes:" + hashlib.sha256(url.encode()).hexdigest()[:16]


def _after_commit(session: Session) -> None:
    if session.info.pop(BUMPED, False) and has_app_context():
        token = change_token(current_app._get_current_object())  # type: ignore[attr-defined]
        if token is not None:
            token.replace()


def _after_rollback(session: Session) -> None:
    session.info.pop(BUMPED, None)


def signal_changes() -> None:
    """Replace the token after every commit that bumped a version, whatever code made it."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def dispose_change_token(app: Flask) -> None:
    held = app.extensions.pop("page_change_token", None)
    if held is not None:
        held.connection.disconnect()
