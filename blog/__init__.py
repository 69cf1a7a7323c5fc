"""The blog: `create_app()` builds a configured Flask application."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from blog import assets
from blog.admin.views import bp as admin_bp
from blog.articles.views import bp as articles_bp
from blog.cache.pages import register_page_cache
from blog.cli import AppCommands
from blog.comments.spam_examples import track_changes as track_spam_examples
from blog.comments.views import bp as comments_bp
from blog.extensions import csrf, db, login_manager
from blog.feeds.views import bp as feeds_bp
from blog.health.views import bp as health_bp
from blog.limits import register_limiter
from blog.pagination import register_pagination_guard
from blog.proxy import register_proxy_fix
from blog.routing import register_printable_segments
from blog.search.views import bp as search_bp
from blog.security_headers import register_security_headers
from blog.seo.views import bp as seo_bp
from blog.serving.database import configure_engine
from blog.serving.outage import register_outage_pages
from blog.serving.request_id import register_request_id
from blog.serving.request_size import too_large_message
from blog.serving.static import register_static
from blog.sessions import SessionInterface
from blog.tags.views import bp as tags_bp
from config import INSTANCE_DIR, Config, SettingError, config_from_env

MIN_SECRET_KEY_LENGTH = 32
# Keys copied from examples are public: refuse them like a missing key.
PLACEHOLDER_KEY_MARKERS = ("change-me", "changeme", "secret-key-here")


class InsecureSecretKey(SettingError):
    """SECRET_KEY missing, short or a placeholder: one line, no traceback."""


def create_app(config_class: type[Config] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(config_class or config_from_env())
    check_secret_key(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_serving(app)
    return app


def check_secret_key(app: Flask) -> None:
    """Refuse to run with a missing or short key: a guessable key lets anyone forge sessions."""
    key = app.config.get("SECRET_KEY") or ""
    placeholder = any(marker in key.lower() for marker in PLACEHOLDER_KEY_MARKERS)
    if len(key) < MIN_SECRET_KEY_LENGTH or placeholder:
        raise InsecureSecretKey(
            f"SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} characters "
            '(python -c "import secrets; print(secrets.token_hex(32))")'
        )


def register_extensions(app: Flask) -> None:
    configure_engine(app)
    db.init_app(app)
    csrf.init_app(app)
    register_limiter(app)
    register_security_headers(app)
    register_pagination_guard(app)
    assets.init_app(app)
    login_manager.init_app(app)
    app.session_interface = SessionInterface()
    register_page_cache(app)
    track_spam_examples()


def register_blueprints(app: Flask) -> None:
    register_printable_segments(app)
    app.register_blueprint(articles_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(seo_bp)
    app.register_blueprint(tags_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(admin_bp)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error: HTTPException) -> tuple[str, int]:
        if error.code == 413:
            error.description = too_large_message(app.config["MAX_CONTENT_LENGTH"])
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        return render_template(template, error=error), error.code or 500

    for code in (400, 403, 404, 405, 413, 422, 429, 500):
        app.register_error_handler(code, render_error)


def register_commands(app: Flask) -> None:
    """`flask db ...` and the owner's commands, imported when run (blog/cli.py says why)."""
    app.cli = AppCommands(app)


def register_serving(app: Flask) -> None:
    """Request ids in logs, database-outage pages and static files (blog/serving/).

    The proxy fix wraps the page cache's shortcut (registered with the extensions), so
    both see the reader's real scheme and address.
    """
    register_proxy_fix(app)
    register_request_id(app)
    register_outage_pages(app)
    register_static(app)
