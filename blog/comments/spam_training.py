"""The spam filter's model kept per worker, caught up with the database before each score.

A post costs one small query, whatever the size of the training window: the CHANGED
stamp (anything learned changed: retrain), the rows above the newest learned (a post just
stored, in any worker), which are learned, and a count and sum of the ids a little below
it, where a late commit shows (its ids are then read). Every VERIFY_SECONDS the window's
summary is checked in full as well, for changes the stamp cannot see (an UPDATE typed by
hand).

The model keeps the tokens of every example in its window, so the oldest examples a full
window drops are forgotten without reading or tokenizing them again: with several
workers, each learns every post stored by the others and forgets as many old ones, and
reading and tokenizing those was a third of a post's catch-up.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from blog.comments import spam_examples
from blog.comments.spam_filter import Model, features
from blog.comments.word_lists import Author

Tokens = tuple[str, ...]

_training_lock = threading.Lock()
LATE_COMMITS = 100  # ids below the newest learned that may still be committed late
VERIFY_SECONDS = 60.0


def spam_score(author: Author, settings: Mapping[str, Any]) -> float | None:
    """The learned probability that `author`'s comment is spam, or None while untrained."""
    with _training_lock:  # threaded workers (GUNICORN_THREADS) share one model
        model = current_model(settings["SPAM_TRAINING_LIMIT"])
        if not model.ready(settings["SPAM_MIN_EXAMPLES"]):
            return None
        return round(model.score(features(author)), 4)


def current_model(limit: int) -> Model:
    """The model for the decisions in the database now, kept per app (so per worker).

    A decision made in any worker is seen by every worker on its next comment. New
    decisions are learned one by one (and the oldest beyond `limit` forgotten); any other
    change to what the model learned (a status changed, a comment edited or deleted)
    retrains it.
    """
    kept = current_app.extensions.get("spam_model")
    if not (isinstance(kept, Training) and kept.limit == limit and kept.catch_up()):
        kept = Training.from_scratch(limit)
        current_app.extensions["spam_model"] = kept
    return kept.model


def train_before_serving(app: Flask) -> None:
    """Train once in gunicorn's master, so every worker it forks (and each one it replaces
    after GUNICORN_MAX_REQUESTS) starts with the model instead of training on a post."""
    with app.app_context():
        current_model(app.config["SPAM_TRAINING_LIMIT"])


@dataclass
class Training:
    """A model, the ids it learned, per kind, oldest first, and each one's tokens."""

    limit: int
    model: Model = field(default_factory=Model)
    ids: dict[bool, deque[int]] = field(default_factory=lambda: {True: deque(), False: deque()})
    tokens: dict[int, Tokens] = field(default_factory=dict)  # by id, to forget what was learned
    changed: int = 0  # the CHANGED stamp the model is current with
    verified_at: float = field(default_factory=time.monotonic)

    @classmethod
    def from_scratch(cls, limit: int) -> Training:
        training = cls(limit, changed=spam_examples.changed())
        for is_spam in (True, False):
            newest = spam_examples.summary(is_spam, since=0)[2]
            for id_, author in spam_examples.newest(is_spam, limit, up_to=newest):
                training._learn(id_, author, is_spam)
                training.ids[is_spam].appendleft(id_)  # read newest first, kept oldest first
        return training

    def catch_up(self) -> bool:
        """Learn the decisions added since; False when anything it learned changed."""
        floors = {kind: self._floor(kind) for kind in self.ids}
        newest = {kind: ids[-1] if ids else 0 for kind, ids in self.ids.items()}
        news = spam_examples.news(floors, newest)
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
        """Learn examples of one kind into the window; forget the oldest it then drops."""
        if not examples:
            return
        for id_, author in examples:
            self._learn(id_, author, is_spam)
        self._forget(self._append(is_spam, sorted(id_ for id_, _ in examples)), is_spam)

    def _learn(self, id_: int, author: Author, is_spam: bool) -> None:
        # Interned, so the model's counts and the kept tokens share each string.
        tokens = tuple(map(sys.intern, features(author)))
        self.model.learn(tokens, is_spam)
        self.tokens[id_] = tokens

    def _forget(self, ids: list[int], is_spam: bool) -> None:
        for id_ in ids:
            self.model.forget(self.tokens.pop(id_), is_spam)

    def _append(self, is_spam: bool, new: list[int]) -> list[int]:
        """Add learned ids in order; returns the oldest ones beyond the window."""
        ids = self.ids[is_spam]
        late = bool(ids) and new[0] < ids[-1]
        ids.extend(new)
        if late:
            self.ids[is_spam] = ids = deque(sorted(ids))
        return [ids.popleft() for _ in range(len(ids) - self.limit)]

    def _floor(self, is_spam: bool) -> int:
        ids = self.ids[is_spam]
        if not ids:
            return 0
        # A full window never takes a row older than its oldest, however late it came.
        oldest = ids[0] if len(ids) >= self.limit else 0
        return max(ids[-1] - LATE_COMMITS, oldest)

    def _learned_above(self, is_spam: bool, floor: int) -> set[int]:
        learned = set()
        for id_ in reversed(self.ids[is_spam]):
            if id_ <= floor:
                break
            learned.add(id_)
        return learned

    def _verify(self, is_spam: bool) -> bool:
        """Check the whole window's ids against the database, learning what was missed;
        False when anything it learned changed."""
        ids = self.ids[is_spam]
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
