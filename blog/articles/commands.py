"""The owner's shell commands for articles."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, url_for

from blog.articles.markdown_import import ArticleFileError, import_file
from blog.demo import load_demo
from blog.extensions import db


@click.command("import-markdown")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_markdown(files: tuple[Path, ...]) -> None:
    """Import Markdown files with YAML front matter; re-importing a slug updates it."""
    failures = 0
    for path in files:
        try:
            article = import_file(path)
            db.session.commit()
        except ArticleFileError as error:
            db.session.rollback()
            failures += 1
            click.echo(f"{path}: {error}", err=True)
            continue
        with current_app.test_request_context():
            click.echo(url_for("articles.detail", slug=article.slug))
    if failures:
        raise SystemExit(1)


@click.command("load-demo")
def load_demo_command() -> None:
    """Load the demo article and comments, only when the database has no articles."""
    click.echo("Loaded the demo article." if load_demo() else "Articles exist; demo skipped.")
