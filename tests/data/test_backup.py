from __future__ import annotations

import sqlite3
import subprocess

import pytest

from blog.extensions import db
from tests.factories import make_article


def test_backup_copies_the_live_database_to_the_given_file(runner, tmp_path):
    make_article(title="Kept safe")
    target = tmp_path / "copy.backup"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    assert f"Backed up the database to {target}." in result.output
    if db.engine.dialect.name == "sqlite":
        with sqlite3.connect(target) as copy:
            titles = [row[0] for row in copy.execute("SELECT title FROM articles")]
        assert titles == ["Kept safe"]
    else:
        listing = subprocess.run(
            ["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True
        ).stdout
        assert "TABLE DATA public articles" in listing


def test_backup_without_a_file_names_one_by_date_in_the_backup_dir(app, runner, tmp_path):
    app.config["BACKUP_DIR"] = str(tmp_path / "backups")

    result = runner.invoke(args=["backup"])

    (made,) = (tmp_path / "backups").iterdir()
    assert made.name.startswith("blog-20")
    assert str(made) in result.output


def test_a_missing_pg_dump_is_a_clear_error(app, runner, tmp_path, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_dump is used only for PostgreSQL")
    monkeypatch.setenv("PATH", str(tmp_path))

    result = runner.invoke(args=["backup", str(tmp_path / "x.dump")])

    assert result.exit_code == 1
    assert "pg_dump is not installed" in result.output
