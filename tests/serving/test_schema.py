"""The migrations-current check (gunicorn's refusal, /readyz) gives Alembic's answers
without importing Alembic, which stays out of the web process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import flask_migrate
import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from blog.cli import init_migrate
from blog.extensions import db
from blog.serving.schema import MIGRATIONS_DIR, database_heads, schema_problem, script_heads
from tests.production.database import ARTICLE_SLUG, app_for, drop_everything, migrate_and_seed
from tests.production.servers import ROOT, production_env

# Imported only by `flask ...` commands, never by building the app or serving a request.
CLI_ONLY_PACKAGES = ["alembic", "mako", "flask_migrate", "markdownify", "bs4", "yaml", "slugify"]


def _alembic_heads(directory: Path) -> set[str]:
    config = flask_migrate.Config()
    config.set_main_option("script_location", str(directory))
    return set(ScriptDirectory.from_config(config).get_heads())


def _script(folder: Path, revision: str, down: str) -> None:
    (folder / f"{revision}_step.py").write_text(
        f'"""Step {revision}."""\nrevision = "{revision}"\ndown_revision = {down}\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )


@pytest.fixture
def migrated_app(tmp_path) -> Flask:
    app = app_for(f"sqlite:///{tmp_path / 'blog.sqlite3'}")
    init_migrate(app)
    with app.app_context():
        drop_everything()
        flask_migrate.upgrade()
        yield app
        db.engine.dispose()


def test_the_scripts_head_is_the_one_alembic_finds():
    assert script_heads() == _alembic_heads(MIGRATIONS_DIR)
    assert len(script_heads()) == 1


def test_branches_give_two_heads_and_a_merge_gives_one_as_alembic_says(tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    _script(versions, "aaa", "None")
    _script(versions, "bbb", '"aaa"')
    _script(versions, "ccc", '"aaa"')
    branched = script_heads.__wrapped__(versions), _alembic_heads(tmp_path)
    _script(versions, "ddd", '("bbb", "ccc")')

    merged = script_heads.__wrapped__(versions), _alembic_heads(tmp_path)

    assert branched == ({"bbb", "ccc"}, {"bbb", "ccc"})
    assert merged == ({"ddd"}, {"ddd"})


def test_the_database_heads_are_the_ones_alembic_reads(migrated_app):
    with db.engine.connect() as connection:
        alembic_says = set(MigrationContext.configure(connection).get_current_heads())

    assert database_heads() == alembic_says == set(script_heads())
    assert schema_problem() is None


def test_a_database_one_migration_behind_is_reported(migrated_app):
    (head,) = script_heads()
    flask_migrate.downgrade(revision="-1")
    with db.engine.connect() as connection:
        (behind,) = MigrationContext.configure(connection).get_current_heads()

    problem = schema_problem()

    assert behind != head
    assert problem == f"the database is at {behind}, not {head}"


def test_a_database_without_migrations_is_reported(migrated_app):
    flask_migrate.downgrade(revision="base")

    assert database_heads() == frozenset()
    assert schema_problem() == "the database has no migrations applied"


def test_the_web_process_never_imports_the_command_line_tools(tmp_path):
    """Alembic, Mako and the import tools cost every gunicorn worker ~20 MB of memory."""
    url = f"sqlite:///{tmp_path / 'blog.sqlite3'}"
    migrate_and_seed(url)
    probe = (
        "import json, runpy, sys, types\n"
        "import wsgi\n"
        "hooks = runpy.run_path('gunicorn.conf.py')\n"
        "server = types.SimpleNamespace(app=types.SimpleNamespace(wsgi=lambda: wsgi.app))\n"
        "hooks['on_starting'](server)  # gunicorn's schema check\n"
        "client = wsgi.app.test_client()\n"
        f"paths = ['/', '/{ARTICLE_SLUG}/', '/readyz', '/feeds/atom.xml', '/search?q=news']\n"
        "statuses = [client.get(path).status_code for path in paths]\n"
        f"loaded = [name for name in {CLI_ONLY_PACKAGES!r} if name in sys.modules]\n"
        "print(json.dumps({'statuses': statuses, 'loaded': loaded}))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT, env=production_env(url), capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.splitlines()[-1])
    assert answer == {"statuses": [200] * 5, "loaded": []}
