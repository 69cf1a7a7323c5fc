"""An article's comments come a page of threads at a time, the newest threads first.

A page holds COMMENTS_PER_PAGE threads (a comment with all its replies); page 1 is the
article's own address, and a new thread always lands there.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment, CommentStatus
from blog.models.types import utcnow
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment


def _ids_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li class="comment depth-\d" id="comment-(\d+)"', html)]


@pytest.fixture
def five_threads(app):
    """Threads t1 (oldest) to t5, two a page; t2 has a reply written after all of them."""
    app.config["COMMENTS_PER_PAGE"] = 2
    article = make_article()
    start = utcnow() - timedelta(hours=1)
    threads = [
        make_comment(article, body=f"Thread {n}", created_at=start + timedelta(minutes=n))
        for n in range(1, 6)
    ]
    reply = make_comment(
        article,
        body="Late reply",
        parent_id=threads[1].id,
        created_at=start + timedelta(minutes=30),
    )
    return article, [t.id for t in threads], reply.id


def test_the_article_shows_the_newest_threads_oldest_first_and_links_to_older(
    client, five_threads
):
    article, (t1, t2, t3, t4, t5), _ = five_threads

    html = client.get(f"/{article.slug}/").text

    assert _ids_on(html) == [t4, t5]
    assert f'<a rel="next" href="/{article.slug}/?page=2#comments">← Older comments</a>' in html
    assert "Newer comments" not in html
    assert '<h2 id="comments-title">6 Comments</h2>' in html  # every page counts them all


def test_an_older_page_holds_whole_threads_and_links_both_ways(client, five_threads):
    article, (t1, t2, t3, t4, t5), late_reply = five_threads

    middle = client.get(f"/{article.slug}/?page=2").text
    oldest = client.get(f"/{article.slug}/?page=3").text

    assert _ids_on(middle) == [t2, late_reply, t3]  # the reply stays with its thread
    assert f'href="/{article.slug}/?page=3#comments">← Older comments' in middle
    assert f'href="/{article.slug}/#comments">Newer comments →' in middle
    assert _ids_on(oldest) == [t1]
    assert "Older comments" not in oldest
    assert '<h2 id="comments-title">6 Comments</h2>' in oldest


@pytest.mark.parametrize("page", ["4", "0", "100001"])
def test_a_page_past_the_last_or_out_of_range_is_not_found(client, five_threads, page):
    article, _, _ = five_threads

    assert client.get(f"/{article.slug}/?page={page}").status_code == 404


def test_a_page_that_is_not_a_number_is_the_first(client, five_threads):
    article, (t1, t2, t3, t4, t5), _ = five_threads

    response = client.get(f"/{article.slug}/?page=two")

    assert response.status_code == 200
    assert _ids_on(response.text) == [t4, t5]


def test_a_reply_whose_parent_is_hidden_starts_a_thread_at_its_own_date(client, five_threads):
    article, (t1, t2, t3, t4, t5), late_reply = five_threads
    db.session.get(Comment, t2).status = CommentStatus.SPAM
    db.session.commit()

    assert _ids_on(client.get(f"/{article.slug}/").text) == [t5, late_reply]
    assert _ids_on(client.get(f"/{article.slug}/?page=2").text) == [t3, t4]


def test_reply_links_keep_the_page_and_the_form_knows_the_parent(client, five_threads):
    article, (t1, t2, t3, t4, t5), _ = five_threads

    middle = client.get(f"/{article.slug}/?page=2").text
    reply_page = client.get(f"/{article.slug}/?page=2&replyto={t2}").text

    assert f'href="/{article.slug}/?page=2&amp;replyto={t2}#respond"' in middle
    assert f'name="parent_id" type="hidden" value="{t2}"' in reply_page
    assert f'href="/{article.slug}/?page=2#respond">Cancel reply</a>' in reply_page


def test_replying_to_a_comment_on_another_page_still_replies_to_it(client, five_threads):
    article, (t1, t2, t3, t4, t5), _ = five_threads

    html = client.get(f"/{article.slug}/?replyto={t1}").text  # t1 is on page 3

    assert f'name="parent_id" type="hidden" value="{t1}"' in html
    assert "Replying to" in html


def test_a_new_thread_lands_on_the_article_itself(client, app, five_threads):
    article, (t1, t2, t3, t4, t5), _ = five_threads
    app.config["COMMENT_MODERATION"] = "none"

    response = post_comment(client, article, body="A new thread")

    new = db.session.scalars(select(Comment).where(Comment.body == "A new thread")).one()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{article.slug}/#comment-{new.id}"
    assert _ids_on(client.get(f"/{article.slug}/").text) == [t5, new.id]


def test_a_reply_sends_its_author_to_the_page_of_its_thread(client, app, five_threads):
    article, (t1, t2, t3, t4, t5), _ = five_threads
    app.config["COMMENT_MODERATION"] = "none"

    response = post_comment(client, article, body="Answer to t1", parent_id=str(t1))

    new = db.session.scalars(select(Comment).where(Comment.body == "Answer to t1")).one()
    assert response.headers["Location"] == f"/{article.slug}/?page=3#comment-{new.id}"
    assert new.id in _ids_on(client.get(f"/{article.slug}/?page=3").text)


@pytest.mark.stamp_readers
def test_a_new_thread_moves_the_older_ones_along_on_the_next_request(client, app, five_threads):
    """Each page is kept by the page cache under its own address; a new comment changes
    every page at once, so none may be served from before it."""
    article, (t1, t2, t3, t4, t5), late_reply = five_threads
    app.config["COMMENT_MODERATION"] = "none"
    assert _ids_on(client.get(f"/{article.slug}/?page=2").text) == [t2, late_reply, t3]

    post_comment(client, article, body="Newest")
    reader = app.test_client()  # no cookie: served from the cache if it could be

    assert _ids_on(reader.get(f"/{article.slug}/?page=2").text) == [t3, t4]
