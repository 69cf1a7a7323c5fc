"""Stored XSS: every payload in every field of articles and comments, on every page that
shows it, public and admin (edit forms and the moderation queue included).

Each page is compared with the same page holding harmless text: the payload must add no
executable markup (tags, handlers, style, unsafe URLs) and must read as the text it was.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from sqlalchemy import inspect, select

from blog.extensions import db
from blog.models import Article, Comment, CommentStatus
from blog.settings import save_settings
from tests.admin.conftest import AdminClient, BrowserLikeClient, make_user
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment
from tests.html_safety import executable_markup
from tests.xss_payloads import SQL_INJECTIONS, XSS_PAYLOADS

HARMLESS = "Harmless text"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def plant(text: str, n: int) -> tuple[Article, Comment, Comment]:
    """`text` in every field a person can type, on a published article and two comments."""
    article = make_article(slug=f"planted-{n}", title=text, subtitle=text, author_name=text,
                           body_markdown=f"Intro\n\n{text}\n\nOutro")  # fmt: skip
    shown = make_comment(article, author_name=text, author_email=f"{n}@example.com",
                         author_website=text, body=text)  # fmt: skip
    held = make_comment(article, author_name=text, author_email=text,
                        author_website=f"https://example.com/?q={text}", body=text,
                        status=CommentStatus.PENDING, status_reasons=text)  # fmt: skip
    return article, shown, held


def pages(article: Article, shown: Comment, held: Comment) -> dict[str, str]:
    return {
        "home": "/",
        "article": f"/{article.slug}/",
        "dashboard": "/admin/",
        "queue": f"/admin/comments/?status=all&article={article.id}",
        "comment edit form": f"/admin/comments/{shown.id}",
        "held comment edit form": f"/admin/comments/{held.id}",
        "articles list": "/admin/articles/",
        "article editor": f"/admin/articles/{article.id}/edit",
        "settings": "/admin/settings/",
        "log": "/admin/comments/log",
    }


@pytest.fixture
def admin(app) -> AdminClient:
    app.test_client_class = BrowserLikeClient
    return AdminClient(app.test_client(), make_user("owner@example.com"))


def render_all(admin: AdminClient, text: str, n: int) -> dict[str, str]:
    planted = plant(text, n)
    save_settings({"COMMENT_HOLD_LIST": text, "COMMENT_BLOCK_LIST": text})
    db.session.commit()
    admin.post(f"/admin/comments/{planted[1].id}/unapprove")  # the log names the comment
    admin.post(f"/admin/comments/{planted[1].id}/approve")
    rendered = {}
    for name, url in pages(*planted).items():
        response = admin.get(url)
        assert response.status_code == 200, (name, url)
        rendered[name] = response.text
    db.session.execute(Comment.__table__.delete())
    db.session.execute(Article.__table__.delete())
    db.session.commit()
    return rendered


def test_no_payload_adds_markup_or_loses_its_text_on_any_page(app, admin):
    baseline = {
        name: Counter(executable_markup(html))
        for name, html in render_all(admin, HARMLESS, 0).items()
    }
    failures = []

    for n, payload in enumerate(XSS_PAYLOADS, start=1):
        for name, html in render_all(admin, payload, n).items():
            added = Counter(executable_markup(html)) - baseline[name]
            if added:
                failures.append((payload, name, sorted(added)))
            if name in ("article", "comment edit form", "article editor"):
                if payload.strip() not in page_text(html):
                    failures.append((payload, name, "text not shown verbatim"))
            if app.config["SECRET_KEY"] in html:
                failures.append((payload, name, "secret key leaked"))

    assert failures == []


def test_the_checker_would_catch_an_injected_handler():
    """The comparison above can fail: raw markup in a page shows up as added problems."""
    clean = Counter(executable_markup("<p>Harmless text</p>"))
    dirty = Counter(executable_markup('<p><img src=x onerror="alert(1)"></p>'))

    assert dirty - clean == Counter({"img[onerror]": 1})


@pytest.mark.parametrize("injection", SQL_INJECTIONS)
def test_sql_injection_strings_are_stored_and_shown_verbatim(client, injection):
    article = make_article()

    response = post_comment(client, article, body=injection, author_name=injection)

    assert response.status_code == 303
    stored = db.session.scalars(select(Comment)).one()
    assert stored.body == injection.strip() and stored.author_name == injection.strip()
    assert injection.strip() in page_text(client.get(f"/{article.slug}/").text)
    assert {"articles", "comments", "users"} <= set(inspect(db.engine).get_table_names())
