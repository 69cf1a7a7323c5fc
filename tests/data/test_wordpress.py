from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Article, ArticleStatus, Comment, CommentStatus, Tag
from tests.factories import make_article

WXR = Path(__file__).parent / "wxr"


def article(slug: str) -> Article:
    return db.session.scalars(select(Article).where(Article.slug == slug)).one()


def comment_by(author: str) -> Comment:
    return db.session.scalars(select(Comment).where(Comment.author_name == author)).one()


@pytest.fixture
def imported(runner):
    result = runner.invoke(args=["import-wordpress", str(WXR / "site.xml")])
    assert result.exit_code == 0, result.output
    return result.output


def test_posts_keep_slug_title_author_dates_and_status(imported):
    hello = article("hello-world")

    assert hello.title == "Hello World & friends"  # WordPress titles are HTML
    assert hello.author_name == "Jane Reporter"
    assert hello.status == ArticleStatus.PUBLISHED
    assert hello.published_at == datetime(2024, 4, 1, 9, 30, tzinfo=UTC)
    assert hello.subtitle == "A short summary."


def test_post_html_is_kept_but_sanitized_through_the_one_renderer(imported):
    html = article("hello-world").body_html

    assert "<p>First paragraph with <strong>bold</strong> text<br>" in html
    assert '<h2 id="a-section">A section</h2>' in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org/page" rel="noopener noreferrer">here</a>' in html
    assert 'alt="A cat"' in html
    assert "<script" not in html and "onclick" not in html and "alert" not in html


def test_comments_keep_threading_status_author_email_url_ip_and_date(imported):
    ann, jane = comment_by("Ann Reader"), comment_by("Jane Reporter")

    assert ann.article.slug == "hello-world"
    assert ann.status == CommentStatus.APPROVED
    assert ann.author_email == "ann@example.com"
    assert ann.author_website == "https://ann.example/"
    assert ann.ip_address == "203.0.113.7"
    assert ann.created_at == datetime(2024, 4, 2, 10, 0, tzinfo=UTC)
    assert ann.body == "Great post!\nThanks & see you."
    assert jane.parent_id == ann.id
    assert comment_by("Cheap Pills").status == CommentStatus.SPAM
    assert comment_by("Cheap Pills").author_website is None  # javascript: is not a website
    assert comment_by("Bob").status == CommentStatus.PENDING


def test_a_reply_to_a_skipped_comment_moves_to_the_top_level(imported):
    assert comment_by("Orphan").parent_id is None


def test_drafts_future_posts_and_odd_slugs_are_imported_sensibly(imported):
    draft = article("unfinished-thoughts")

    assert draft.status == ArticleStatus.DRAFT
    assert draft.published_at is None
    assert draft.author_name == "ghostwriter"
    assert article("coming-soon").status == ArticleStatus.DRAFT
    assert article("ri-ben").title == "日本の記事"
    assert article("admin-tips").title == "Admin tips"


def test_pages_attachments_trash_pingbacks_are_skipped_and_reported(imported):
    assert db.session.scalar(select(func.count()).select_from(Article)) == 5
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 5
    assert "Imported 5 articles and 5 comments." in imported
    assert "skipped: page 2 'About'" in imported
    assert "skipped: attachment 5 'cat.jpg'" in imported
    assert "skipped: nav_menu_item 20 'Home'" in imported
    assert "skipped: post 15 'Binned': status 'trash'" in imported
    assert "skipped: comment 104 on post 10: status 'trash'" in imported
    assert "skipped: comment 106 on post 10: a pingback" in imported
    assert "note: post 14: future, imported as a draft" in imported
    assert "note: post 10: has [shortcodes], kept as text" in imported
    assert "note: post 13: slug 'admin' is the site's own, used 'admin-tips'" in imported
    assert "6 items skipped." in imported


def tag_names(slug: str) -> list[str]:
    return [tag.name for tag in article(slug).tags]


def test_categories_and_tags_become_tags_one_per_slug(imported):
    assert tag_names("hello-world") == ["Arts & Culture", "Flask", "News", "Python"]
    # "flask" and "news" elsewhere are the same tags: the first spelling stays.
    assert tag_names("ri-ben") == ["Flask", "日本"]
    assert db.session.scalar(select(Tag.slug).where(Tag.name == "日本")) == "ri-ben"
    assert "News" in tag_names("admin-tips")
    assert db.session.scalar(select(func.count()).select_from(Tag).where(Tag.slug == "news")) == 1
    assert "Tagged with 14 tags: Arts & Culture, Flask, News, Python, Tip 1," in imported


def test_wordpress_default_category_is_not_a_tag(imported):
    assert db.session.scalar(select(Tag).where(Tag.slug == "uncategorized")) is None


def test_terms_breaking_the_tag_rules_are_left_out_and_noted(imported):
    names = tag_names("admin-tips")

    assert len(names) == 10
    assert names[0] == "News" and "Tip 9" in names and "Tip 10" not in names
    assert "note: post 13: at most 10 tags, left out Tip 10" in imported
    assert "note: post 13: tag 'A very long tag name'… is longer than 50 characters" in imported
    assert "note: post 13: tag '!!!' needs at least one letter or digit, left out" in imported
    assert article("coming-soon").tags == []


def test_importing_twice_adds_nothing_the_second_time(runner, imported):
    result = runner.invoke(args=["import-wordpress", str(WXR / "site.xml")])

    assert "Imported 0 articles and 0 comments." in result.output
    assert "skipped: post 10 'Hello <em>World</em> & friends': slug 'hello-world' exists" in (
        result.output
    )
    assert db.session.scalar(select(func.count()).select_from(Article)) == 5


def test_an_old_latin1_wxr_1_0_export_is_read(runner):
    result = runner.invoke(args=["import-wordpress", str(WXR / "latin1-wxr-1.0.xml")])

    assert result.exit_code == 0, result.output
    cafe = article("cafe-creme")
    assert cafe.title == "Café crème"
    assert cafe.author_name == "françois"
    assert "Un café à la crème" in cafe.body_html
    assert comment_by("Renée").body == "Délicieux !"
    assert [(tag.slug, tag.name) for tag in cafe.tags] == [("cafe", "Café")]


def test_an_existing_article_is_never_overwritten(runner):
    make_article(slug="hello-world", title="Mine")

    runner.invoke(args=["import-wordpress", str(WXR / "site.xml")])

    assert article("hello-world").title == "Mine"
    assert article("hello-world").tags == []


def test_external_entities_are_refused_not_read(runner, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2'
        "</wp:wxr_version><item><title>&x;</title><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status></item></channel></rss>"
    )

    result = runner.invoke(args=["import-wordpress", str(hostile)])

    assert result.exit_code == 1
    assert "not readable XML" in result.output
    assert "TOP-SECRET" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Article)) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<rss><channel><item>", "not readable XML"),
        ("<feed><entry/></feed>", "not a WordPress export: no <rss><channel>"),
        ("<rss><channel><title>RSS</title></channel></rss>", "no wp: elements"),
    ],
)
def test_files_that_are_not_wordpress_exports_get_a_clear_error(
    runner, tmp_path, content, message
):
    path = tmp_path / "export.xml"
    path.write_text(content)

    result = runner.invoke(args=["import-wordpress", str(path)])

    assert result.exit_code == 1
    assert message in result.output
