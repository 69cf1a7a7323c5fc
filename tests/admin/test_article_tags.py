"""The editor's Tags field: comma-separated names, validated, shown again when editing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from blog.extensions import db
from blog.models import Article, Tag
from blog.models.types import utcnow
from tests.factories import make_article, tag_article

FIELDS = {
    "title": "Rivers rise in the north",
    "subtitle": "",
    "slug": "",
    "author_name": "Olive Owner",
    "body_markdown": "The river is high.",
    "state": "published",
    "publish_at": "",
    "save": "Save",
}


def test_editor_saves_comma_separated_tags(admin, client):
    response = admin.post("/admin/articles/new", {**FIELDS, "tag_names": "Weather, Local News"})

    article = db.session.scalar(select(Article))
    assert response.status_code == 302
    assert [tag.name for tag in article.tags] == ["Local News", "Weather"]
    assert "Rivers rise in the north" in client.get("/tags/weather/").text


def test_editor_shows_the_current_tags_and_replaces_them_on_save(admin):
    article = tag_article(make_article(), "Arts", "Science")

    page = admin.get(f"/admin/articles/{article.id}/edit").text
    admin.post(
        f"/admin/articles/{article.id}/edit",
        {**FIELDS, "slug": article.slug, "tag_names": "Science, Nature"},
    )

    assert 'value="Arts, Science"' in page
    db.session.refresh(article)
    assert [tag.name for tag in article.tags] == ["Nature", "Science"]


def test_reusing_a_tag_in_other_case_keeps_one_tag(admin):
    tag_article(make_article(), "Local News")

    admin.post("/admin/articles/new", {**FIELDS, "tag_names": "local news"})

    assert [tag.name for tag in db.session.scalars(select(Tag))] == ["Local News"]


def test_emptying_the_field_removes_every_tag(admin):
    article = tag_article(make_article(), "Arts")

    admin.post(
        f"/admin/articles/{article.id}/edit", {**FIELDS, "slug": article.slug, "tag_names": ""}
    )

    db.session.refresh(article)
    assert article.tags == []


def test_bad_tags_are_refused_with_a_message_and_the_text_kept(admin):
    typed = ", ".join(f"tag{n}" for n in range(11))

    response = admin.post("/admin/articles/new", {**FIELDS, "tag_names": typed})

    assert response.status_code == 422
    assert "An article can have at most 10 tags." in response.text
    assert f'value="{typed}"' in response.text
    assert db.session.scalar(select(Article)) is None


def test_scheduled_articles_stay_off_tag_pages_and_search(admin, client):
    when = (utcnow() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    tag_article(make_article(title="Visible river"), "Rivers")

    admin.post(
        "/admin/articles/new",
        {**FIELDS, "state": "scheduled", "publish_at": when, "tag_names": "Rivers"},
    )

    link = 'href="/rivers-rise-in-the-north/"'
    assert link not in client.get("/tags/rivers/").text
    assert link not in client.get("/search?q=rivers").text
    assert "Rivers rise" not in client.get("/feeds/atom.xml").text
    assert "Rivers (1)" in client.get("/tags/").text.replace('</a> <span class="count">', " ")
