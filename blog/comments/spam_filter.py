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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from blog.comments.word_lists import Author

WORD = re.compile(r"[^\W_]{2,30}")
LINK = re.compile(r"(?:https?://|www\.)([^/\s?#<>\"']+)", re.IGNORECASE)
LINK_COUNT_BUCKETS = (0, 1, 2, 3, 5, 10)


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
    """Token counts per kind; `score` is the probability that a comment is spam.

    `totals` and `vocabulary_size` follow every learn and forget, so a score costs the
    comment's own tokens: summing the counts and uniting both vocabularies on each post
    cost more than the rest of the score, with thousands of examples learned.
    """

    documents: Counter[bool] = field(default_factory=Counter)
    tokens: dict[bool, Counter[str]] = field(
        default_factory=lambda: {True: Counter(), False: Counter()}
    )
    totals: Counter[bool] = field(default_factory=Counter)  # sum of each kind's counts
    vocabulary_size: int = 0  # tokens either kind has

    def learn(self, tokens: Iterable[str], is_spam: bool) -> None:
        new = set(tokens)
        self.documents[is_spam] += 1
        self.totals[is_spam] += len(new)
        spam_counts, ham_counts = self.tokens[True], self.tokens[False]
        # Not set.difference: given a Counter it walks the whole vocabulary.
        self.vocabulary_size += sum(
            1 for token in new if token not in spam_counts and token not in ham_counts
        )
        self.tokens[is_spam].update(new)

    def forget(self, tokens: Iterable[str], is_spam: bool) -> list[str]:
        """Undo `learn` for an example that leaves the training window; returns the tokens
        that left the vocabulary (no example of either kind has them any more)."""
        self.documents[is_spam] -= 1
        counts, other = self.tokens[is_spam], self.tokens[not is_spam]
        # One lookup per token and the totals once: each worker forgets as many examples
        # as every worker stores, so this loop runs for every token of every post.
        get = counts.get
        forgotten = 0
        gone = []
        for token in set(tokens):
            count = get(token)
            if count is None:
                continue
            forgotten += 1
            if count > 1:
                counts[token] = count - 1
            else:
                del counts[token]
                if token not in other:
                    gone.append(token)
        self.totals[is_spam] -= forgotten
        self.vocabulary_size -= len(gone)
        return gone

    def ready(self, minimum: int) -> bool:
        return self.documents[True] >= minimum and self.documents[False] >= minimum

    def score(self, tokens: Iterable[str]) -> float:
        spam_counts, ham_counts = self.tokens[True], self.tokens[False]
        vocabulary = self.vocabulary_size
        all_documents = sum(self.documents.values())
        log_odds = math.log(self.documents[True] / all_documents) - math.log(
            self.documents[False] / all_documents
        )
        # Tokens never seen say nothing either way; counting them would favour the
        # kind with fewer examples, whatever the comment says.
        for token in self._known(set(tokens)):
            spam = (spam_counts[token] + 1) / (self.totals[True] + vocabulary)
            ham = (ham_counts[token] + 1) / (self.totals[False] + vocabulary)
            log_odds += math.log(spam) - math.log(ham)
        return 1 / (1 + math.exp(-max(min(log_odds, 700.0), -700.0)))

    def _known(self, tokens: set[str]) -> set[str]:
        """`tokens & vocabulary`, built in the order Python's `&` builds it (over the
        smaller set), so the log-odds are summed in the same order, to the last bit."""
        if len(tokens) < self.vocabulary_size:
            spam_counts, ham_counts = self.tokens[True], self.tokens[False]
            return {token for token in tokens if token in spam_counts or token in ham_counts}
        return tokens & (self.tokens[True].keys() | self.tokens[False].keys())
