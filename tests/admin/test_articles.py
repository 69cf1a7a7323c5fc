from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from blog.articles.queries import published_articles
from blog.extensions import db
from blog.models import Article, ArticleStatus, AuditEntry, SlugRedirect
from blog.models.types import utcnow
from blog.rendering import render_markdown
from tests.factories import make_article, make_comment

FIELDS = {
    "title": "Rivers rise in the north",
    "subtitle": "What the gauges say",
    "slug": "",
    "author_name": "Olive Owner",
    "body_markdown": "## Gauges\n\nThe river is *high*.",
    "state": "published",
    "publish_at": "",
    "save": "Save",
}


def _create(admin, **fields):
    return admin.post("/admin/articles/new", {**FIELDS, **fields})


def _edit(admin, article, **fields):
    data = {**FIELDS, "title": article.title, "slug": article.slug, **fields}
    return admin.post(f"/admin/articles/{article.id}/edit", data)


def _future(hours: int = 2) -> str:
    return (utcnow() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_published_article_appears_on_the_site(admin, client):
    response = _create(admin)

    article = db.session.scalar(select(Article))
    assert response.status_code == 302
    assert article.slug == "rivers-rise-in-the-north"
    page = client.get("/rivers-rise-in-the-north/")
    assert page.status_code == 200
    assert "<em>high</em>" in page.text
    assert "Rivers rise in the north" in client.get("/").text


def test_draft_stays_off_the_site(admin, client):
    _create(admin, state="draft")

    assert client.get("/rivers-rise-in-the-north/").status_code == 404
    assert "Rivers rise" not in client.get("/").text


def test_scheduled_article_is_absent_until_its_time(admin, client):
    response = _create(admin, state="scheduled", publish_at=_future())

    article = db.session.scalar(select(Article))
    assert response.status_code == 302
    assert article.state == "scheduled"
    assert client.get(f"/{article.slug}/").status_code == 404
    assert article not in db.session.scalars(published_articles()).all()
    later = utcnow() + timedelta(hours=3)
    assert article in db.session.scalars(published_articles(now=later)).all()


def test_scheduled_article_appears_exactly_at_its_publish_time(app):
    when = utcnow().replace(microsecond=0) + timedelta(days=1)
    article = make_article(status=ArticleStatus.PUBLISHED, published_at=when)

    before = db.session.scalars(published_articles(now=when - timedelta(seconds=1))).all()
    at = db.session.scalars(published_articles(now=when)).all()

    assert article not in before
    assert article in at


def test_scheduling_needs_a_future_date(admin):
    response = _create(admin, state="scheduled", publish_at="")

    assert response.status_code == 422
    assert "needs a publish date in the future" in response.text
    assert db.session.scalar(select(Article)) is None


def test_published_with_a_future_date_asks_for_scheduled(admin):
    response = _create(admin, state="published", publish_at=_future())

    assert response.status_code == 422
    assert "choose Scheduled" in response.text


def test_validation_errors_keep_everything_typed(admin):
    response = _create(admin, title="", body_markdown="Keep *this* text")

    assert response.status_code == 422
    assert "Give the article a title." in response.text
    assert "Keep *this* text" in response.text
    assert 'value="What the gauges say"' in response.text


def test_preview_uses_the_public_renderer_and_saves_nothing(admin):
    body = "# Head\n\n<script>alert(1)</script> and [a link](https://example.com)"

    response = admin.post(
        "/admin/articles/new", {**FIELDS, "body_markdown": body, "save": "", "preview": "Preview"}
    )

    assert response.status_code == 200
    assert str(render_markdown(body)) in response.text
    assert "<script>alert(1)" not in response.text
    assert db.session.scalar(select(Article)) is None


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("admin", "used by the site itself"),
        ("feed", "used by the site itself"),
        ("Not A Slug!", "lower-case letters"),
        ("taken", "Another article already has this slug."),
    ],
)
def test_editor_refuses_bad_slugs(admin, slug, message):
    make_article(slug="taken")

    response = _create(admin, slug=slug)

    assert response.status_code == 422
    assert message in response.text


def test_slug_from_a_taken_title_gets_a_number(admin):
    make_article(slug="rivers-rise-in-the-north")

    _create(admin)

    slugs = set(db.session.scalars(select(Article.slug)))
    assert slugs == {"rivers-rise-in-the-north", "rivers-rise-in-the-north-2"}


def test_an_article_may_keep_its_own_slug(admin):
    article = make_article(slug="my-slug")

    assert _edit(admin, article).status_code == 302


def test_changing_a_published_slug_redirects_the_old_url(admin, client):
    article = make_article(slug="old-name")
    make_comment(article)

    _edit(admin, article, slug="new-name")

    response = client.get("/old-name/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/new-name/"
    assert client.get("/new-name/").status_code == 200


def test_redirects_follow_a_second_rename(admin, client):
    article = make_article(slug="first")
    _edit(admin, article, slug="second")
    _edit(admin, article, slug="third")

    assert client.get("/first/").headers["Location"] == "/third/"
    assert client.get("/second/").headers["Location"] == "/third/"


def test_renaming_back_to_an_old_slug_drops_its_redirect(admin, client):
    article = make_article(slug="first")
    _edit(admin, article, slug="second")
    _edit(admin, article, slug="first")

    assert client.get("/first/").status_code == 200
    assert client.get("/second/").headers["Location"] == "/first/"
    assert db.session.scalar(select(SlugRedirect.old_slug)) == "second"


def test_renaming_a_draft_leaves_no_redirect(admin, client):
    article = make_article(slug="draft-name", status=ArticleStatus.DRAFT)

    _edit(admin, article, slug="better-name", state="draft")

    assert db.session.scalar(select(SlugRedirect)) is None
    assert client.get("/draft-name/").status_code == 404


def test_old_slug_of_an_unpublished_article_does_not_redirect(admin, client):
    article = make_article(slug="was-public")
    _edit(admin, article, slug="now-hidden")
    _edit(admin, article, slug="now-hidden", state="draft")

    assert client.get("/was-public/").status_code == 404


def test_unpublishing_takes_the_article_off_the_site(admin, client):
    article = make_article(slug="going-away")

    _edit(admin, article, state="draft")

    assert client.get("/going-away/").status_code == 404


def test_delete_asks_for_confirmation_then_deletes_with_comments(admin, client):
    article = make_article(slug="doomed")
    make_comment(article)

    confirm = admin.get(f"/admin/articles/{article.id}/delete")
    response = admin.post(f"/admin/articles/{article.id}/delete")

    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert response.status_code == 302
    assert client.get("/doomed/").status_code == 404
    assert db.session.scalar(select(Article)) is None


def test_article_list_filters_by_status_and_searches_titles(admin):
    make_article(title="Alpha published")
    make_article(title="Beta draft", status=ArticleStatus.DRAFT)
    make_article(title="Gamma scheduled", published_at=utcnow() + timedelta(days=1))

    drafts = admin.get("/admin/articles/?state=draft").text
    scheduled = admin.get("/admin/articles/?state=scheduled").text
    search = admin.get("/admin/articles/?q=alpha").text

    assert "Beta draft" in drafts and "Alpha" not in drafts and "Gamma" not in drafts
    assert "Gamma scheduled" in scheduled and "Beta" not in scheduled
    assert "Alpha published" in search and "Beta" not in search


def test_saving_is_logged(admin):
    _create(admin)

    entry = db.session.scalar(select(AuditEntry))
    assert (entry.user_name, entry.action) == ("Olive Owner", "create article")


def test_editor_shows_the_stored_schedule(admin):
    when = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    article = make_article(published_at=when)

    page = admin.get(f"/admin/articles/{article.id}/edit").text

    assert f'value="{when.strftime("%Y-%m-%dT%H:%M")}"' in page
    assert '<option selected value="scheduled">' in page
