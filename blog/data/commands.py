"""The owner's shell commands for getting the whole site in and out."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from blog.data.backup import BackupError, make_backup
from blog.data.site_json import SiteFileError, export_site, import_site
from blog.data.wordpress import import_wxr
from blog.data.wxr import WXRError, read_wxr
from blog.extensions import db


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-password-hashes", is_flag=True, help="Include users' password hashes.")
def export_command(file: Path, with_password_hashes: bool) -> None:
    """Write the whole site to FILE as one JSON document."""
    document = export_site(with_password_hashes=with_password_hashes)
    file.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in document["tables"].items())
    click.echo(f"Exported {counts} to {file}.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Restore a `flask export` FILE into an empty database."""
    try:
        counts = import_site(json.loads(file.read_text(encoding="utf-8")))
        db.session.commit()
    except (SiteFileError, json.JSONDecodeError, UnicodeDecodeError) as error:
        db.session.rollback()
        raise click.ClickException(f"{file}: {error}") from None
    click.echo("Imported " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ".")


@click.command("backup")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path | None) -> None:
    """Copy the live database to FILE (default: a dated file in BACKUP_DIR)."""
    try:
        path = make_backup(file, Path(current_app.config["BACKUP_DIR"]))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {path}.")


@click.command("import-wordpress")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_wordpress_command(file: Path) -> None:
    """Add the posts and comments of a WordPress export (WXR) FILE; pages are skipped."""
    try:
        report = import_wxr(read_wxr(file))
        db.session.commit()
    except WXRError as error:
        db.session.rollback()
        raise click.ClickException(f"{file}: {error}") from None
    click.echo(f"Imported {report.articles} articles and {report.comments} comments.")
    if report.tags:
        click.echo(f"Tagged with {len(report.tags)} tags: {', '.join(sorted(report.tags))}.")
    for line in report.notes:
        click.echo(f"note: {line}")
    for line in report.skipped:
        click.echo(f"skipped: {line}")
    click.echo(f"{len(report.skipped)} items skipped.")
