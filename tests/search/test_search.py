from __future__ import annotations

import re
from datetime import timedelta

import pytest

from blog.extensions import db
from blog.models import ArticleStatus
from blog.models.types import utcnow
from blog.search import backends
from tests.factories import make_article


def result_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="teaser-title"><a href="[^"]+">([^<]+)</a>', html)


def test_search_finds_words_in_titles_subtitles_and_bodies(client):
    make_article(title="Harbour reopens", body_markdown="x")
    make_article(title="Other", subtitle="The harbour is busy", body_markdown="x")
    make_article(title="Third", body_markdown="Boats filled the harbour at dawn.")
    make_article(title="Unrelated", body_markdown="Nothing to see.")

    html = client.get("/search?q=harbour").text

    assert sorted(result_titles(html)) == ["Harbour reopens", "Other", "Third"]
    assert "3 results" in html


def test_title_matches_rank_above_body_matches(client):
    make_article(title="A long story", body_markdown="The budget was passed. " * 3)
    make_article(title="Budget passed", body_markdown="Short.")

    titles = result_titles(client.get("/search?q=budget").text)

    assert titles == ["Budget passed", "A long story"]


def test_search_matches_word_stems(client):
    make_article(title="Elections", body_markdown="Voters were voting all day.")

    assert result_titles(client.get("/search?q=vote").text) == ["Elections"]


def test_all_words_must_match(client):
    make_article(title="Bridge", body_markdown="The bridge opened.")
    make_article(title="Bridge vote", body_markdown="The bridge vote passed.")

    assert result_titles(client.get("/search?q=bridge+vote").text) == ["Bridge vote"]


def test_excerpt_highlights_matches_and_escapes_the_text(client):
    make_article(title="Story", body_markdown="The **harbour** & quay: is 3 < 4? <b>Yes</b>.")

    html = client.get("/search?q=harbour").text

    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', html, re.S).group(1)
    assert "<mark>harbour</mark>" in excerpt
    assert "3 &lt; 4" in excerpt and "&amp;" in excerpt
    assert "<b>" not in excerpt


def test_search_never_shows_drafts(client):
    make_article(title="Secret harbour plan", status=ArticleStatus.DRAFT)

    assert result_titles(client.get("/search?q=harbour").text) == []


def test_index_follows_edits_and_deletions(client):
    article = make_article(title="Old headline", body_markdown="x")
    article.title = "Fresh headline"
    db.session.commit()
    gone = make_article(title="Doomed headline")
    db.session.delete(gone)
    db.session.commit()

    assert result_titles(client.get("/search?q=old").text) == []
    assert result_titles(client.get("/search?q=fresh").text) == ["Fresh headline"]
    assert result_titles(client.get("/search?q=doomed").text) == []


def test_publishing_a_draft_makes_it_findable(client):
    article = make_article(title="Harbour", status=ArticleStatus.DRAFT)
    article.status = ArticleStatus.PUBLISHED
    db.session.commit()

    assert result_titles(client.get("/search?q=harbour").text) == ["Harbour"]


def test_empty_query_shows_the_form_without_results(client):
    make_article()

    response = client.get("/search?q=")

    assert response.status_code == 200
    assert 'id="search-q"' in response.text
    assert "result" not in response.text.split("</form>", 2)[-1]


HOSTILE = [
    '"', '""', "'", "AND", "OR NOT", "NEAR(", "title:x", "*", "^harbour", "harbour*",
    "(harbour", "-harbour", "a\x00b", "harbour\x02\x03", "%_%", "\\", "' OR 1=1 --",
    "<script>alert(1)</script>", "x" * 5000, "🚢 harbour", "{harbour}", ":", "+",
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_answered_never_crash(client, query):
    make_article(title="Harbour news", body_markdown="harbour")

    response = client.get("/search", query_string={"q": query})

    assert response.status_code == 200
    assert "<script>alert" not in response.text


def test_query_syntax_is_searched_as_words(client):
    make_article(title="Harbour news", body_markdown="x")

    titles = result_titles(client.get('/search?q="harbour" (news* -').text)

    assert titles == ["Harbour news"]


def test_results_are_paginated(client):
    for n in range(12):
        make_article(title=f"Harbour {n}")

    first = client.get("/search?q=harbour").text
    second = client.get("/search?q=harbour&page=2").text

    assert len(result_titles(first)) == 10 and "More results" in first
    assert len(result_titles(second)) == 2 and "Previous results" in second


def test_search_page_asks_not_to_be_indexed(client):
    html = client.get("/search?q=harbour").text

    assert '<meta name="robots" content="noindex">' in html


def test_the_newest_matches_are_ranked_and_older_ones_follow_newest_first(app, monkeypatch):
    monkeypatch.setattr(backends, "SEARCH_CANDIDATES", 2)
    now = utcnow()
    make_article(title="Harbour history", published_at=now - timedelta(days=4))
    make_article(title="Older", body_markdown="harbour", published_at=now - timedelta(days=3))
    make_article(title="Newer", body_markdown="harbour", published_at=now - timedelta(days=2))
    make_article(title="Harbour today", published_at=now - timedelta(days=1))
    search = backends.backend()

    everything = [hit.article.title for hit in search.search(["harbour"], 10, 0)]
    one_by_one = [hit.article.title for n in range(4) for hit in search.search(["harbour"], 1, n)]
    straddling = [hit.article.title for hit in search.search(["harbour"], 2, 1)]

    assert everything == ["Harbour today", "Newer", "Older", "Harbour history"]
    assert one_by_one == everything
    assert straddling == ["Newer", "Older"]


def test_the_summary_says_when_only_the_newest_matches_were_ranked(client, monkeypatch):
    monkeypatch.setattr(backends, "SEARCH_CANDIDATES", 3)
    for n in range(5):
        make_article(title=f"Ferry story {n}")

    html = client.get("/search?q=ferry").text

    assert len(result_titles(html)) == 5
    assert "5 results" in html and "the newest 3 by relevance, then older ones" in html
