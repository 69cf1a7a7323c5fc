from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import ArticleStatus, CommentStatus
from blog.models.settings import Setting
from tests.conftest import _empty_all_tables
from tests.factories import make_article, make_comment


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table, every column, as the database returns it."""
    return {
        table.name: [
            dict(row)
            for row in db.session.execute(
                select(table).order_by(*table.primary_key.columns)
            ).mappings()
        ]
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def site():
    published = make_article(
        title="Zürich’s “quotes” & <tags>",
        body_markdown="## Über\n\nText with **bold** and a [link](https://example.com).",
        published_at=datetime(2024, 2, 29, 23, 59, 58, tzinfo=UTC),
    )
    draft = make_article(status=ArticleStatus.DRAFT, published_at=None, comments_open=False)
    parent = make_comment(
        published,
        created_at=datetime(2024, 3, 1, 8, 0, tzinfo=UTC),
        ip_address="2001:db8::1",
        user_agent="Mozilla/5.0 (X11)",
        author_website="https://reader.example/",
    )
    make_comment(published, parent_id=parent.id, status=CommentStatus.PENDING, body="a\nb")
    make_comment(draft, status=CommentStatus.SPAM, status_reasons="3 links", spam_score=0.97)
    db.session.add(Setting(key="COMMENT_MAX_LINKS", value={"n": 3, "on": True}))
    db.session.commit()


def test_export_then_import_restores_every_field_of_every_row(runner, site, tmp_path):
    before = snapshot()
    export_file = tmp_path / "site.json"
    assert runner.invoke(args=["export", str(export_file)]).exit_code == 0
    db.session.remove()
    _empty_all_tables()

    result = runner.invoke(args=["import", str(export_file)])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    after = snapshot()
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            for column, value in old.items():
                assert new[column] == value, f"{table}.{column}"


def test_the_export_is_one_versioned_json_document(runner, site, tmp_path):
    export_file = tmp_path / "site.json"

    runner.invoke(args=["export", str(export_file)])

    document = json.loads(export_file.read_text(encoding="utf-8"))
    assert document["format"] == "flask-courier-blog"
    assert document["version"] == 1
    assert document["schema"]
    assert len(document["tables"]["comments"]) == 3
    assert document["tables"]["articles"][0]["title"] == "Zürich’s “quotes” & <tags>"


def test_new_rows_after_an_import_get_fresh_ids(runner, site, tmp_path):
    export_file = tmp_path / "site.json"
    runner.invoke(args=["export", str(export_file)])
    db.session.remove()
    _empty_all_tables()
    runner.invoke(args=["import", str(export_file)])

    article = make_article()

    assert article.id == 3


def test_import_refuses_a_database_that_has_content(runner, site, tmp_path):
    export_file = tmp_path / "site.json"
    runner.invoke(args=["export", str(export_file)])

    result = runner.invoke(args=["import", str(export_file)])

    assert result.exit_code == 1
    assert "the database is not empty" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "wordpress"}, "not a flask-courier-blog export"),
        ({"version": 2}, "export format version 2 is not 1"),
        ({"schema": ["0123abc"]}, "import with the matching version of the blog"),
        ({"tables": {"nonsense": []}}, "unknown tables: ['nonsense']"),
    ],
)
def test_import_refuses_a_document_it_cannot_trust(runner, tmp_path, change, message):
    export_file = tmp_path / "site.json"
    runner.invoke(args=["export", str(export_file)])
    document = {**json.loads(export_file.read_text()), **change}
    export_file.write_text(json.dumps(document))

    result = runner.invoke(args=["import", str(export_file)])

    assert result.exit_code == 1
    assert message in result.output
