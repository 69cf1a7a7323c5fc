"""Staff accounts from the shell: first-run link, create an account, reset a password."""

from __future__ import annotations

import sys

import click
from flask import current_app, url_for
from sqlalchemy import select

from blog.admin.forms import PASSWORD_MIN
from blog.admin.setup_tokens import any_user_exists, issue_setup_token
from blog.extensions import db
from blog.models import User, UserRole


def _read_password() -> str:
    """Asked twice and hidden at a terminal; the first line of standard input otherwise."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Password again")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"The password needs at least {PASSWORD_MIN} characters.")
    return password


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Display name, shown on staff replies.")
@click.option(
    "--role", type=click.Choice([r.value for r in UserRole]), default="editor", show_default=True
)
def create_user(email: str, name: str, role: str) -> None:
    """Create a staff account (owners also manage accounts)."""
    email, name = email.strip().lower(), name.strip()
    if "@" not in email or len(email) > 254:
        raise click.ClickException("That does not look like an email address.")
    if not name or len(name) > 100:
        raise click.ClickException("The name must have 1 to 100 characters.")
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise click.ClickException(f"An account for {email} exists; use set-password.")
    user = User(email=email, name=name, role=UserRole(role))
    user.set_password(_read_password())
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} account for {email}.")


@click.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Choose a new password for an existing account."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    user.set_password(_read_password())
    db.session.commit()
    click.echo(f"Password changed for {user.email}.")


@click.command("setup-link")
@click.option(
    "--base-url", default="http://127.0.0.1:8000", show_default=True, help="Where the site is."
)
@click.option("--quiet", is_flag=True, help="Print nothing when an account exists (make run).")
def setup_link(base_url: str, quiet: bool) -> None:
    """Print a one-time link to create the owner account, while no account exists."""
    if any_user_exists():
        if not quiet:
            click.echo("An account exists: sign in at /admin/login (or use set-password).")
        return
    token = issue_setup_token()
    with current_app.test_request_context():
        path = url_for("admin.auth.setup", token=token)
    minutes = current_app.config["SETUP_LINK_MINUTES"]
    click.echo(f"Create the owner account (link valid {minutes} minutes, once):")
    click.echo(f"  {base_url.rstrip('/')}{path}")
