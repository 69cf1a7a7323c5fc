"""A reader's query reduced to plain words, so no input can reach either database's
query syntax: FTS5 operators, quotes, NUL bytes and the like are simply not words."""

from __future__ import annotations

import re

MAX_QUERY = 200
MAX_TERMS = 12
MAX_TERM = 50
_WORD = re.compile(r"\w+")


def search_terms(query: str) -> list[str]:
    words = _WORD.findall(query[:MAX_QUERY].replace("_", " "))
    unique = dict.fromkeys(word.lower()[:MAX_TERM] for word in words)
    return list(unique)[:MAX_TERMS]


def fts5_match(terms: list[str]) -> str:
    """Every term quoted as an FTS5 string (all must match); quotes inside are doubled."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)
