"""Signing in and out, and the first-run setup page."""

from __future__ import annotations

import secrets
from functools import cache
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response

from blog.admin.forms import AccountForm, LoginForm
from blog.admin.setup_tokens import consume_setup_token, setup_token_valid
from blog.admin.throttle import is_throttled, record_attempt
from blog.extensions import db, login_manager
from blog.models import User, UserRole

bp = Blueprint("auth", __name__)

THROTTLED = (
    "Too many failed sign-ins for this account or from this network. "
    "Please wait {minutes} minutes, then try again."
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, scheme or protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def _spend_a_password_check(password: str) -> None:
    """As slow as a real check, so response times do not tell which emails have accounts."""
    check_password_hash(_dummy_hash(), password)


def _sign_in(user: User) -> Response:
    session.clear()  # a fresh session: nothing from before the sign-in carries over
    login_user(user)
    return redirect(safe_next(request.args.get("next")) or url_for("admin.dashboard"))


def _throttled(form: LoginForm) -> tuple[str, int, dict[str, str]]:
    """The whole window: by then every failure that counted has aged out of it."""
    minutes = current_app.config["SIGN_IN_WINDOW_MINUTES"]
    page = render_template(
        "admin/login.html", form=form, refusal=THROTTLED.format(minutes=minutes)
    )
    return page, 429, {"Retry-After": str(minutes * 60)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("admin/login.html", form=form), status
    email, ip_address = form.email.data, request.remote_addr or "unknown"
    if is_throttled(email, ip_address):
        return _throttled(form)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        _spend_a_password_check(form.password.data)
    if user is None or not user.check_password(form.password.data):
        record_attempt(email, ip_address, succeeded=False)
        form.password.errors.append("That email and password do not match an account.")
        return render_template("admin/login.html", form=form), 422
    record_attempt(email, ip_address, succeeded=True)
    return _sign_in(user)


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("admin.auth.login"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Create the first owner from a one-time link; closed once any account exists."""
    token = request.args.get("token", "")
    if not setup_token_valid(token):
        return render_template("admin/setup_invalid.html"), 403
    form = AccountForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("admin/setup.html", form=form, token=token), status
    if not consume_setup_token(token):
        db.session.rollback()
        return render_template("admin/setup_invalid.html"), 403
    user = User(email=form.email.data, name=form.name.data, role=UserRole.OWNER)
    user.set_password(form.password.data)
    db.session.add(user)
    db.session.commit()
    flash("Your owner account is ready. Welcome!", "success")
    return _sign_in(user)
