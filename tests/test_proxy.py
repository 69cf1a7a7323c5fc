"""X-Forwarded-For is believed only as far as TRUSTED_PROXY_COUNT says."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [(1, "10.0.0.2"), (2, "203.0.113.9")],
    ids=["one proxy gives the address it saw", "two proxies give the reader's address"],
)
def test_trusted_proxies_decide_which_forwarded_address_is_believed(
    app, client, trusted, expected
):
    app.config["TRUSTED_PROXY_COUNT"] = trusted
    register_proxy_fix(app)
    article = make_article()

    post_comment(client, article, headers=FORWARDED)

    assert db.session.scalar(select(Comment.ip_address)) == expected
