from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from blog.search.terms import MAX_TERMS, fts5_match, search_terms


def test_terms_are_lowercased_words_without_repeats():
    assert search_terms('Bridge "VOTE" bridge -council*') == ["bridge", "vote", "council"]


def test_terms_are_capped():
    assert len(search_terms(" ".join(f"w{n}" for n in range(50)))) == MAX_TERMS


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_input_is_an_fts5_syntax_error(query):
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    connection.execute("INSERT INTO t VALUES ('some body text')")
    terms = search_terms(query)

    if terms:
        connection.execute("SELECT * FROM t WHERE t MATCH ?", (fts5_match(terms),)).fetchall()

    assert all(term.isalnum() for term in terms)
