from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Article, ArticleStatus


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_creates_articles_and_prints_their_paths(runner, tmp_path):
    first = write(tmp_path, "a.md", "---\ntitle: Hello World\nauthor: Ann\n---\n## Hi\n\nBody")
    second = write(
        tmp_path, "b.md", "---\ntitle: Draft one\nstatus: draft\nslug: my-draft\n---\nx"
    )

    result = runner.invoke(args=["import-markdown", first, second])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["/hello-world/", "/my-draft/"]
    hello = db.session.scalars(select(Article).where(Article.slug == "hello-world")).one()
    assert hello.author_name == "Ann"
    assert hello.status == ArticleStatus.PUBLISHED
    assert hello.published_at is not None
    assert '<h2 id="hi">Hi</h2>' in hello.body_html


def test_reimporting_a_slug_updates_that_article(runner, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: First\nslug: story\n---\nold")
    runner.invoke(args=["import-markdown", path])
    write(tmp_path, "a.md", "---\ntitle: Second\nslug: story\n---\nnew")

    runner.invoke(args=["import-markdown", path])

    articles = db.session.scalars(select(Article)).all()
    assert len(articles) == 1
    assert articles[0].title == "Second"
    assert "new" in articles[0].body_html


def test_same_title_twice_gets_a_unique_slug(runner, tmp_path):
    one = write(tmp_path, "1.md", "---\ntitle: Same\n---\none")
    two = write(tmp_path, "2.md", "---\ntitle: Same\n---\ntwo")

    result = runner.invoke(args=["import-markdown", one, two])

    assert result.output.splitlines() == ["/same/", "/same-2/"]


def test_bad_files_are_named_and_the_good_ones_still_imported(runner, tmp_path):
    good = write(tmp_path, "good.md", "---\ntitle: Good\n---\nfine")
    no_title = write(tmp_path, "no-title.md", "---\nauthor: x\n---\nbody")
    bad_status = write(tmp_path, "bad-status.md", "---\ntitle: T\nstatus: maybe\n---\n")
    bad_yaml = write(tmp_path, "bad-yaml.md", "---\ntitle: [unclosed\n---\n")
    missing = str(tmp_path / "missing.md")

    result = runner.invoke(args=["import-markdown", no_title, good, bad_status, bad_yaml, missing])

    assert result.exit_code == 1
    assert "/good/" in result.stdout
    assert f"{no_title}: front matter needs a 'title'" in result.stderr
    assert f"{bad_status}: 'status' must be draft or published" in result.stderr
    assert f"{bad_yaml}:" in result.stderr
    assert f"{missing}:" in result.stderr
    assert db.session.scalar(select(Article.slug)) == "good"


def test_reserved_slug_is_refused(runner, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: Admin page\nslug: admin\n---\n")

    result = runner.invoke(args=["import-markdown", path])

    assert "slug 'admin' is used by the site itself" in result.stderr


def test_demo_loads_once_into_an_empty_database(runner):
    first = runner.invoke(args=["load-demo"])
    second = runner.invoke(args=["load-demo"])

    assert "Loaded the demo article." in first.output
    assert "demo skipped" in second.output
    article = db.session.scalars(select(Article)).one()
    assert "<blockquote>" in article.body_html and "<ul>" in article.body_html


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("date: 2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
        ("date: 2026-11-01T09:30:00Z", datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
        ("date: 2026-11-01T11:30:00+02:00", datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
        ("date: 2026-11-01 09:30:00", datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
        ('date: "2026-11-01T09:30"', datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
        ('date: "2026-11-01T11:30+02:00"', datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
    ],
)
def test_front_matter_date_becomes_an_aware_utc_publication_time(
    runner, tmp_path, date_line, expected
):
    path = write(tmp_path, "a.md", f"---\ntitle: Dated\n{date_line}\n---\nbody")

    result = runner.invoke(args=["import-markdown", path])

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Article.published_at)) == expected


def test_unreadable_date_is_refused_with_the_value_named(runner, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: Dated\ndate: next tuesday\n---\nbody")

    result = runner.invoke(args=["import-markdown", path])

    assert result.exit_code == 1
    assert f"{path}: 'date' is not a date: 'next tuesday'" in result.stderr
    assert db.session.scalar(select(Article.id)) is None


def test_too_long_front_matter_value_is_refused(runner, tmp_path):
    path = write(tmp_path, "a.md", f"---\ntitle: {'t' * 301}\n---\nbody")

    result = runner.invoke(args=["import-markdown", path])

    assert result.exit_code == 1
    assert f"{path}: 'title' is longer than 300 characters" in result.stderr


def test_draft_keeps_its_front_matter_date_and_stays_unpublished(runner, client, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: Later\nstatus: draft\ndate: 2027-01-01\n---\nx")

    runner.invoke(args=["import-markdown", path])

    article = db.session.scalars(select(Article)).one()
    assert article.status == ArticleStatus.DRAFT
    assert article.published_at == datetime(2027, 1, 1, tzinfo=UTC)
    assert client.get("/later/").status_code == 404


def test_missing_author_is_credited_to_staff(runner, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: Anonymous piece\n---\nbody")

    runner.invoke(args=["import-markdown", path])

    assert db.session.scalar(select(Article.author_name)) == "Staff"


def test_front_matter_tags_become_the_articles_tags(runner, tmp_path):
    listed = write(tmp_path, "a.md", "---\ntitle: A\ntags: [Local News, Arts]\n---\nx")
    comma = write(tmp_path, "b.md", "---\ntitle: B\ntags: Arts, science\n---\nx")

    result = runner.invoke(args=["import-markdown", listed, comma])

    assert result.exit_code == 0, result.output
    a, b = db.session.scalars(select(Article).order_by(Article.title)).all()
    assert [t.name for t in a.tags] == ["Arts", "Local News"]
    assert [t.slug for t in b.tags] == ["arts", "science"]


def test_reimporting_replaces_the_tags(runner, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: A\nslug: a\ntags: [Old]\n---\nx")
    runner.invoke(args=["import-markdown", path])
    write(tmp_path, "a.md", "---\ntitle: A\nslug: a\ntags: [New]\n---\nx")

    runner.invoke(args=["import-markdown", path])

    article = db.session.scalars(select(Article)).one()
    assert [t.name for t in article.tags] == ["New"]


def test_bad_tags_fail_that_file_with_a_reason(runner, tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: A\ntags: {nested: map}\n---\nx")

    result = runner.invoke(args=["import-markdown", path])

    assert result.exit_code == 1
    assert "'tags' must be a list" in result.output
    assert db.session.scalars(select(Article)).all() == []
