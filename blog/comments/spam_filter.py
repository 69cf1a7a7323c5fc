"""A naive Bayes spam filter that learns from the owner's decisions, kept in the database.

Its examples are the comments the owner has let stand (approved) and those marked spam.
Features are the words of the comment, the sites it links to, how many links it has, and
the author's name words, email domain and website domain. No network, no shipped word list:
a new blog starts with no opinion, and the filter scores only once it has seen enough of
both kinds (SPAM_MIN_EXAMPLES).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from blog.comments import spam_examples
from blog.comments.word_lists import Author

WORD = re.compile(r"[^\W_]{2,30}")
LINK = re.compile(r"(?:https?://|www\.)([^/\s?#<>\"']+)", re.IGNORECASE)
LINK_COUNT_BUCKETS = (0, 1, 2, 3, 5, 10)
_training_lock = threading.Lock()
LATE_COMMITS = 100  # ids below the newest learned that may still be committed late


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def features(author: Author) -> set[str]:
    """The tokens one comment is judged by; each counts once per comment."""
    body = author.body.lower()
    tokens = set(WORD.findall(body))
    domains = [domain.lower().removeprefix("www.") for domain in LINK.findall(body)]
    tokens.update(f"link:{domain}" for domain in domains)
    links = len(domains)
    tokens.add(f"links:{max(b for b in LINK_COUNT_BUCKETS if links >= b)}")
    tokens.update(f"name:{word}" for word in WORD.findall(author.name.lower()))
    tokens.add(f"email:{author.email.lower().rpartition('@')[2]}")
    website = (author.website or "").lower()
    host = (urlsplit(website).hostname or "") if website else ""
    tokens.add(f"website:{host.removeprefix('www.')}" if host else "website:none")
    return tokens


@dataclass
class Model:
    """Token counts per kind; `score` is the probability that a comment is spam."""

    documents: Counter[bool] = field(default_factory=Counter)
    tokens: dict[bool, Counter[str]] = field(
        default_factory=lambda: {True: Counter(), False: Counter()}
    )

    def learn(self, tokens: Iterable[str], is_spam: bool) -> None:
        self.documents[is_spam] += 1
        self.tokens[is_spam].update(set(tokens))

    def forget(self, tokens: Iterable[str], is_spam: bool) -> None:
        """Undo `learn` for an example that leaves the training window."""
        self.documents[is_spam] -= 1
        counts = self.tokens[is_spam]
        for token in set(tokens):
            counts[token] -= 1
            if counts[token] <= 0:
                del counts[token]  # a token no example has any more leaves the vocabulary

    def ready(self, minimum: int) -> bool:
        return self.documents[True] >= minimum and self.documents[False] >= minimum

    def score(self, tokens: Iterable[str]) -> float:
        vocabulary = self.tokens[True].keys() | self.tokens[False].keys()
        totals = {kind: sum(self.tokens[kind].values()) for kind in (True, False)}
        all_documents = sum(self.documents.values())
        log_odds = math.log(self.documents[True] / all_documents) - math.log(
            self.documents[False] / all_documents
        )
        # Tokens never seen say nothing either way; counting them would favour the
        # kind with fewer examples, whatever the comment says.
        for token in set(tokens) & vocabulary:
            spam = (self.tokens[True][token] + 1) / (totals[True] + len(vocabulary))
            ham = (self.tokens[False][token] + 1) / (totals[False] + len(vocabulary))
            log_odds += math.log(spam) - math.log(ham)
        return 1 / (1 + math.exp(-max(min(log_odds, 700.0), -700.0)))


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
    change to what the model learned (a status changed, a comment deleted) retrains it.
    """
    kept = current_app.extensions.get("spam_model")
    if not (isinstance(kept, Training) and kept.limit == limit and kept.catch_up()):
        kept = Training.from_scratch(limit)
        current_app.extensions["spam_model"] = kept
    return kept.model


@dataclass
class Training:
    """A model and the ids it learned, per kind, oldest first."""

    limit: int
    model: Model = field(default_factory=Model)
    ids: dict[bool, deque[int]] = field(default_factory=lambda: {True: deque(), False: deque()})

    @classmethod
    def from_scratch(cls, limit: int) -> Training:
        training = cls(limit)
        for is_spam in (True, False):
            newest = spam_examples.summary(is_spam, since=0)[2]
            for id_, author in spam_examples.newest(is_spam, limit, up_to=newest):
                training.model.learn(features(author), is_spam)
                training.ids[is_spam].appendleft(id_)  # read newest first, kept oldest first
        return training

    def catch_up(self) -> bool:
        """Learn the decisions added since; False when anything it learned changed."""
        for is_spam in (True, False):
            ids = self.ids[is_spam]
            # While the window is not full, any row of this kind belongs in it.
            since = ids[0] if ids and len(ids) >= self.limit else 0
            count, total, newest = spam_examples.summary(is_spam, since)
            learned = (len(ids), sum(ids))
            if (count, total) == learned:
                continue
            # On PostgreSQL concurrent posts can commit out of id order: look a little
            # below the newest id learned, for rows committed after it was read.
            learned_newest = ids[-1] if ids else 0
            after = max(since, learned_newest - LATE_COMMITS) if ids else 0
            known = set(ids)
            added = [
                row
                for row in spam_examples.between(is_spam, after=after, up_to=newest)
                if row[0] not in known
            ]
            if (learned[0] + len(added), learned[1] + sum(i for i, _ in added)) != (count, total):
                return False
            for id_, author in added:
                self.model.learn(features(author), is_spam)
                ids.append(id_)
            if added and ids and added[0][0] < learned_newest:  # a late commit: keep order
                self.ids[is_spam] = ids = deque(sorted(ids))
            dropped = [ids.popleft() for _ in range(len(ids) - self.limit)]
            for _, author in spam_examples.by_ids(dropped):
                self.model.forget(features(author), is_spam)
        return True
