"""X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT says."""

from __future__ import annotations

from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment
from blog.proxy import register_proxy_fix
from tests.comments.helpers import post_comment
from tests.factories import make_article

FORWARDED = {"X-Forwarded-For": "203.0.113.9, 10.0.0.2"}


def test_forwarded_header_is_ignored_by_default(client):
    article = make_article()

    post_comment(client, article, headers=FORWARDED)

    assert db.session.scalar(select(Comment.ip_address)) == "127.0.0.1"


def test_one_trusted_proxy_gives_the_address_it_saw(app, client):
    app.config["TRUSTED_PROXY_COUNT"] = 1
    register_proxy_fix(app)
    article = make_article()

    post_comment(client, article, headers=FORWARDED)

    assert db.session.scalar(select(Comment.ip_address)) == "10.0.0.2"


def test_two_trusted_proxies_give_the_readers_address(app, client):
    app.config["TRUSTED_PROXY_COUNT"] = 2
    register_proxy_fix(app)
    article = make_article()

    post_comment(client, article, headers=FORWARDED)

    assert db.session.scalar(select(Comment.ip_address)) == "203.0.113.9"
