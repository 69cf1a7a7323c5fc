"""The spam filter's model kept per worker, caught up with the database before it scores.

A catch-up costs one small query, whatever the size of the training window: the CHANGED
stamp (anything learned changed: retrain), the rows above the newest learned (a post just
stored, in any worker), which are learned, and a count and sum of the ids a little below
it, where a late commit shows (its ids are then read). Every VERIFY_SECONDS the window's
summary is checked in full as well, for changes the stamp cannot see (an UPDATE typed by
hand).

A worker catches up at most once every SPAM_CATCH_UP_SECONDS (1 s): in a burst of posts
that query, on each post, cost more than everything else the filter does, while a model
a second behind scores as well as a current one (it learns the same examples, together,
at the next catch-up).

The model keeps the tokens of every example in its window, so the oldest examples a full
window drops are forgotten without reading or tokenizing them again: with several
workers, each learns every post stored by the others and forgets as many old ones, and
reading and tokenizing those was a third of a post's catch-up. Each token a window holds
more than once is kept as a 2-byte id (Vocabulary), where a tuple of the strings took 8
bytes a token: this window is most of the data a worker holds.
"""

from __future__ import annotations

import bisect
import heapq
import threading
import time
from array import array
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from blog.comments import spam_examples
from blog.comments.spam_filter import Model, features
from blog.comments.word_lists import Author

_training_lock = threading.Lock()
LATE_COMMITS = 100  # ids below the newest learned that may still be committed late
VERIFY_SECONDS = 60.0


def spam_score(author: Author, settings: Mapping[str, Any]) -> float | None:
    """The learned probability that `author`'s comment is spam, or None while untrained."""
    with _training_lock:  # threaded workers (GUNICORN_THREADS) share one model
        model = current_model(settings["SPAM_TRAINING_LIMIT"], settings["SPAM_CATCH_UP_SECONDS"])
        if not model.ready(settings["SPAM_MIN_EXAMPLES"]):
            return None
        return round(model.score(features(author)), 4)


def current_model(limit: int, catch_up_seconds: float = 0) -> Model:
    """The model for the decisions in the database, kept per app (so per worker), caught
    up if it last did so `catch_up_seconds` ago or more.

    A decision made in any worker is seen by every worker on its first comment after that.
    New decisions are learned one by one (and the oldest beyond `limit` forgotten); any
    other change to what the model learned (a status changed, a comment edited or deleted)
    retrains it.
    """
    kept = current_app.extensions.get("spam_model")
    if not isinstance(kept, Training) or kept.limit != limit:
        kept = None
    elif time.monotonic() - kept.caught_up_at < catch_up_seconds:
        return kept.model
    if not (kept and kept.catch_up()):
        kept = Training.from_scratch(limit)
        current_app.extensions["spam_model"] = kept
    return kept.model


def train_before_serving(app: Flask) -> None:
    """Train once in gunicorn's master, so every worker it forks (and each one it replaces
    after GUNICORN_MAX_REQUESTS) starts with the model instead of training on a post."""
    with app.app_context():
        current_model(app.config["SPAM_TRAINING_LIMIT"])


# An example's tokens, as the window keeps them: (ids packed, *strings of those with none).
Kept = tuple[Any, ...]


@dataclass
class Vocabulary:
    """The tokens of the examples in the window (the model's vocabulary), each one string
    shared by the examples and the model's counts (the first one seen, kept in `known`),
    and a small integer id for each token learned more than once.

    An example keeps its ids packed into one `bytes`, 2 bytes each (4 in an example with an
    id past 65,535), and its tokens without an id as strings, 8 bytes each in its tuple. An
    id costs about 40 bytes (its int and its slot in `tokens`) and saves 6 in each example
    that holds its token, and most tokens of a real vocabulary (names, typos, one-off
    links) are learned once: with an id for every token, a window of 10,000 examples with
    87,000 tokens took more memory than the tuples of strings. So a token gets its id when
    it is learned again.

    An id is freed when its token leaves the vocabulary (no example holds it any more), and
    the lowest free id is taken first: however long the window slides, the ids never
    outnumber the tokens it held at once.
    """

    known: dict[str, Any] = field(default_factory=dict)  # token: its id, or itself if none
    tokens: list[str] = field(default_factory=list)  # by id; "" while the id is free
    free: list[int] = field(default_factory=list)  # a heap: the lowest free id goes first

    def pack(self, tokens: Iterable[str]) -> Kept:
        """An example's tokens as the window keeps them; new tokens are added."""
        ids: list[int] = []
        once: list[str] = []
        known = self.known
        for token in tokens:
            seen = known.get(token)
            if seen is None:  # new to the window
                known[token] = token
                once.append(token)
            elif isinstance(seen, int):
                ids.append(seen)
            else:  # learned once before: worth an id now
                ids.append(self._new_id(seen))
        width = "H" if max(ids, default=0) <= 0xFFFF else "I"
        return (array(width, ids).tobytes() + width.encode(), *once)

    def unpack(self, kept: Kept) -> list[str]:
        """The tokens `pack` was given, as the strings held here."""
        packed = kept[0]
        tokens = self.tokens
        found = [tokens[id_] for id_ in memoryview(packed)[:-1].cast(chr(packed[-1]))]
        found.extend(kept[1:])
        return found

    def release(self, tokens: Iterable[str]) -> None:
        """Forget tokens no example holds any more, freeing their ids for new tokens."""
        for token in tokens:
            id_ = self.known.pop(token)
            if isinstance(id_, int):
                self.tokens[id_] = ""
                heapq.heappush(self.free, id_)

    def _new_id(self, token: str) -> int:
        if self.free:
            id_ = heapq.heappop(self.free)
            self.tokens[id_] = token
        else:
            id_ = len(self.tokens)
            self.tokens.append(token)
        self.known[token] = id_
        return id_


@dataclass
class Window:
    """One kind's examples, oldest first: their comment ids and, in the same order, their
    tokens as kept (Vocabulary). The ids are an array, 8 bytes each, where a deque held
    an int object (32 bytes) and a dict of tokens by id held another entry."""

    ids: array[int] = field(default_factory=lambda: array("q"))
    tokens: deque[Kept] = field(default_factory=deque)

    def fill_newest_first(self, examples: Iterable[tuple[int, Kept]]) -> None:
        """Fill an empty window from examples read newest first (one reverse at the end,
        where inserting each at the front of the array would move all the others)."""
        for id_, kept in examples:
            self.ids.append(id_)
            self.tokens.append(kept)
        self.ids.reverse()
        self.tokens.reverse()

    def add(self, id_: int, kept: Kept) -> None:
        if not self.ids or id_ > self.ids[-1]:
            self.ids.append(id_)
            self.tokens.append(kept)
        else:  # committed late: on PostgreSQL concurrent posts can commit out of id order
            at = bisect.bisect(self.ids, id_)
            self.ids.insert(at, id_)
            self.tokens.insert(at, kept)

    def drop_oldest(self, limit: int) -> list[Kept]:
        """Drop the oldest examples beyond `limit`; returns their tokens, to forget."""
        beyond = max(len(self.ids) - limit, 0)
        del self.ids[:beyond]
        return [self.tokens.popleft() for _ in range(beyond)]


@dataclass
class Training:
    """A model, the examples it learned per kind, and the tokens they hold."""

    limit: int
    model: Model = field(default_factory=Model)
    windows: dict[bool, Window] = field(default_factory=lambda: {True: Window(), False: Window()})
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    changed: int = 0  # the CHANGED stamp the model is current with
    verified_at: float = field(default_factory=time.monotonic)
    caught_up_at: float = field(default_factory=time.monotonic)

    @classmethod
    def from_scratch(cls, limit: int) -> Training:
        training = cls(limit, changed=spam_examples.changed())
        for is_spam, window in training.windows.items():
            newest = spam_examples.summary(is_spam, since=0)[2]
            window.fill_newest_first(
                (id_, training._learn(author, is_spam))
                for id_, author in spam_examples.newest(is_spam, limit, up_to=newest)
            )
        return training

    def catch_up(self) -> bool:
        """Learn the decisions added since; False when anything it learned changed."""
        floors = {kind: self._floor(kind) for kind in self.windows}
        newest = {kind: w.ids[-1] if w.ids else 0 for kind, w in self.windows.items()}
        news = spam_examples.news(floors, newest)
        self.caught_up_at = time.monotonic()
        if news.changed != self.changed:
            return False
        if time.monotonic() - self.verified_at >= VERIFY_SECONDS:
            self.verified_at = time.monotonic()
            return all(self._verify(is_spam) for is_spam in (True, False))
        self._learn_new(floors, news)
        return True

    def _learn_new(self, floors: dict[bool, int], news: spam_examples.News) -> None:
        """Learn the ids above the newest learned, and those a little below it: on
        PostgreSQL concurrent posts can commit out of id order."""
        read = {id_: author for id_, _, author in news.new}
        added = {id_: kind for id_, kind, _ in news.new}
        known = {kind: self._learned_above(kind, floor) for kind, floor in floors.items()}
        if any(news.late[kind] != (len(ids), sum(ids)) for kind, ids in known.items()):
            for id_, kind in spam_examples.ids_above(floors):
                if id_ not in known[kind] and id_ not in added:
                    added[id_] = kind
            read.update(spam_examples.by_ids([id_ for id_ in added if id_ not in read]))
        # A row deleted meanwhile is not read: its deletion bumped the stamp, so the next
        # catch-up retrains.
        for is_spam in (True, False):
            readable = [id_ for id_, kind in added.items() if kind is is_spam and id_ in read]
            self._take(is_spam, [(id_, read[id_]) for id_ in readable])

    def _take(self, is_spam: bool, examples: list[tuple[int, Author]]) -> None:
        """Learn examples of one kind into the window; forget the oldest it then drops.
        Learned first, so a token both have keeps its id."""
        window = self.windows[is_spam]
        for id_, author in examples:
            window.add(id_, self._learn(author, is_spam))
        for kept in window.drop_oldest(self.limit):
            self._forget(kept, is_spam)

    def _learn(self, author: Author, is_spam: bool) -> Kept:
        """Learn a comment; returns its tokens as kept, to forget it by."""
        kept = self.vocabulary.pack(features(author))
        # Learned from the unpacked tokens, so that it forgets exactly what it learned.
        self.model.learn(self.vocabulary.unpack(kept), is_spam)
        return kept

    def _forget(self, kept: Kept, is_spam: bool) -> None:
        self.vocabulary.release(self.model.forget(self.vocabulary.unpack(kept), is_spam))

    def _floor(self, is_spam: bool) -> int:
        ids = self.windows[is_spam].ids
        if not ids:
            return 0
        # A full window never takes a row older than its oldest, however late it came.
        oldest = ids[0] if len(ids) >= self.limit else 0
        return max(ids[-1] - LATE_COMMITS, oldest)

    def _learned_above(self, is_spam: bool, floor: int) -> set[int]:
        learned = set()
        for id_ in reversed(self.windows[is_spam].ids):
            if id_ <= floor:
                break
            learned.add(id_)
        return learned

    def _verify(self, is_spam: bool) -> bool:
        """Check the whole window's ids against the database, learning what was missed;
        False when anything it learned changed."""
        ids = self.windows[is_spam].ids
        # While the window is not full, any row of this kind belongs in it.
        since = ids[0] if ids and len(ids) >= self.limit else 0
        count, total, newest = spam_examples.summary(is_spam, since)
        learned = (len(ids), sum(ids))
        if (count, total) == learned:
            return True
        known = set(ids)
        missed = [i for i in spam_examples.ids_between(is_spam, since, newest) if i not in known]
        if (learned[0] + len(missed), learned[1] + sum(missed)) != (count, total):
            return False
        added = spam_examples.by_ids(missed)
        if len(added) != len(missed):  # deleted meanwhile: its deletion bumped the stamp
            return False
        self._take(is_spam, added)
        return True
