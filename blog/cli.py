"""The app's `flask ...` commands, each imported only when it runs.

The web process builds the same app as the shell (`wsgi:app`), and what the commands
import is large: Alembic and Mako for `flask db` (~10 MB), BeautifulSoup and
markdownify for the WordPress import, PyYAML for Markdown files. Importing the command
modules in create_app put all of it into every gunicorn worker, which never runs one.
"""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import AppGroup

from blog.extensions import db
from blog.serving.schema import MIGRATIONS_DIR

# Command name: "module:attribute" of its click command (tests/test_cli.py checks the names).
COMMANDS = {
    "import-markdown": "blog.articles.commands:import_markdown",
    "load-demo": "blog.articles.commands:load_demo_command",
    "export": "blog.data.commands:export_command",
    "import": "blog.data.commands:import_command",
    "backup": "blog.data.commands:backup_command",
    "import-wordpress": "blog.data.commands:import_wordpress_command",
    "create-user": "blog.admin.commands:create_user",
    "set-password": "blog.admin.commands:set_password",
    "setup-link": "blog.admin.commands:setup_link",
}
MIGRATION_COMMAND = "db"  # Flask-Migrate's group: upgrade, downgrade, current, stamp ...


class AppCommands(AppGroup):
    """`app.cli` that finds a command's module on first use instead of at import."""

    def __init__(self, app: Flask) -> None:
        super().__init__(app.name)
        self.app = app

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS, MIGRATION_COMMAND})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands:
            if name == MIGRATION_COMMAND:
                init_migrate(self.app)  # which adds its `db` group to app.cli
            elif name in COMMANDS:
                module, attribute = COMMANDS[name].split(":")
                self.add_command(getattr(import_module(module), attribute), name)
        return super().get_command(ctx, name)


def init_migrate(app: Flask) -> None:
    """Flask-Migrate on `app`, for `flask db ...` and for code that migrates in-process
    (tests): `flask_migrate.upgrade()` and friends read `app.extensions["migrate"]`."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate  # here, not at the top: see the module docstring

    Migrate(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
