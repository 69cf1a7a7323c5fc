"""The Leave-a-Comment form: every rule checked on the server."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    HiddenField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

BODY_MAX = 10_000
NAME_MAX = 100
EMAIL_MAX = 254
WEBSITE_MAX = 200
ALLOWED_IN_TEXT = {"\n", "\r", "\t"}


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _control_characters(value: str, allowed: set[str]) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in value)


class NoControlCharacters:
    """Refuse NUL and other invisible control characters; line breaks only where allowed."""

    def __init__(self, multiline: bool = False) -> None:
        self.allowed = ALLOWED_IN_TEXT if multiline else set()

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and _control_characters(field.data, self.allowed):
            raise ValidationError("Please remove the invisible control characters.")


def http_url(form: FlaskForm, field: Field) -> None:
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in field.data:
        raise ValidationError("Enter a web address starting with http:// or https://.")


class CommentForm(FlaskForm):
    # Readers get no session, so this form carries its own signed token instead of
    # Flask-WTF's session-bound CSRF token (see blog/comments/protection.py).
    class Meta:
        csrf = False

    body = TextAreaField(
        "Comment",
        filters=[strip],
        validators=[
            DataRequired("Please write a comment."),
            Length(max=BODY_MAX, message=f"Keep your comment under {BODY_MAX:,} characters."),
            NoControlCharacters(multiline=True),
        ],
    )
    author_name = StringField(
        "Name",
        filters=[strip],
        validators=[
            DataRequired("Please enter your name."),
            Length(max=NAME_MAX, message=f"Keep your name under {NAME_MAX} characters."),
            NoControlCharacters(),
        ],
    )
    author_email = EmailField(
        "Email",
        filters=[strip, lower],
        validators=[
            DataRequired("Please enter your email address."),
            Length(max=EMAIL_MAX, message=f"Keep your email under {EMAIL_MAX} characters."),
            NoControlCharacters(),
            Email("Please enter a valid email address.", check_deliverability=False),
        ],
    )
    author_website = URLField(
        "Website",
        filters=[strip],
        validators=[
            Optional(),
            Length(max=WEBSITE_MAX, message=f"Keep the address under {WEBSITE_MAX} characters."),
            NoControlCharacters(),
            http_url,
        ],
    )
    save_details = BooleanField(
        "Save my name, email, and website in this browser for the next time I comment."
    )
    # The honeypot: hidden from people and screen readers (CSS class `hp`, display none),
    # named so that browsers' autofill leaves it alone; robots fill it in.
    subject = StringField("Subject (leave this empty)")
    parent_id = HiddenField(filters=[strip])
    form_token = HiddenField()
