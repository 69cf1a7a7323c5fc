from __future__ import annotations

from sqlalchemy import select

from blog.extensions import db
from blog.models import User
from tests.admin.conftest import make_user

NEW_PASSWORD = "another long password"


def test_create_user_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["create-user", "Boss@Example.com", "--role", "owner", "--name", "The Boss"],
        input=NEW_PASSWORD + "\n",
    )

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.role) == ("boss@example.com", "The Boss", "owner")
    assert user.check_password(NEW_PASSWORD)
    assert NEW_PASSWORD not in result.output


def test_create_user_defaults_to_editor(runner):
    runner.invoke(args=["create-user", "ed@example.com", "--name", "Ed"], input=NEW_PASSWORD)

    assert db.session.scalar(select(User.role)) == "editor"


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-user", "a@example.com", "--name", "A"], input="short\n")

    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert db.session.scalar(select(User)) is None


def test_create_user_refuses_an_existing_email(runner, app):
    make_user("taken@example.com")

    result = runner.invoke(
        args=["create-user", "taken@example.com", "--name", "B"], input=NEW_PASSWORD
    )

    assert result.exit_code != 0
    assert "exists" in result.output


def test_set_password_replaces_the_password(runner, app):
    user = make_user("owner@example.com")

    result = runner.invoke(args=["set-password", "owner@example.com"], input=NEW_PASSWORD + "\n")

    assert result.exit_code == 0
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_set_password_for_an_unknown_email_fails(runner):
    result = runner.invoke(args=["set-password", "nobody@example.com"], input=NEW_PASSWORD)

    assert result.exit_code != 0
    assert "No account" in result.output


def test_create_user_refuses_an_overlong_name(runner):
    result = runner.invoke(
        args=["create-user", "a@example.com", "--name", "N" * 101], input=NEW_PASSWORD
    )

    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None
