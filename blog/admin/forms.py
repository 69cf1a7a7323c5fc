"""The admin's forms: staff accounts, articles and comments, every rule checked here."""

from __future__ import annotations

import re
from datetime import UTC

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    Field,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from blog.articles.slugs import RESERVED_SLUGS, SLUG_MAX, slug_taken
from blog.comments.forms import BODY_MAX, NoControlCharacters, lower, strip
from blog.models import UserRole
from blog.models.types import utcnow
from blog.tags.names import TagError, split_tag_names

PASSWORD_MIN = 10
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATES = [("draft", "Draft"), ("published", "Published"), ("scheduled", "Scheduled")]


class LoginForm(FlaskForm):
    # NoControlCharacters: a NUL would reach the account lookup, and PostgreSQL refuses it.
    email = EmailField(
        "Email",
        filters=[strip, lower],
        validators=[DataRequired(), Length(max=254), NoControlCharacters()],
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])


class AccountForm(FlaskForm):
    """Email, name and a password typed twice: the setup page and the users page."""

    email = EmailField(
        "Email",
        filters=[strip, lower],
        validators=[DataRequired(), Email("Enter a valid email address."), Length(max=254)],
    )
    name = StringField(
        "Display name",
        filters=[strip],
        validators=[DataRequired("Enter a name."), Length(max=100), NoControlCharacters()],
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=PASSWORD_MIN, message=f"Use at least {PASSWORD_MIN} characters."),
        ],
    )
    confirm = PasswordField(
        "Password again",
        validators=[EqualTo("password", "The two passwords differ.")],
    )


class UserForm(AccountForm):
    role = SelectField(
        "Role", choices=[(r.value, r.value.title()) for r in UserRole], default="editor"
    )


class ArticleForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[strip],
        validators=[
            DataRequired("Give the article a title."),
            Length(max=300),
            NoControlCharacters(),
        ],
    )
    subtitle = StringField(
        "Subtitle", filters=[strip], validators=[Length(max=500), NoControlCharacters()]
    )
    slug = StringField("Slug", filters=[strip, lower], validators=[Length(max=SLUG_MAX)])
    author_name = StringField(
        "Author",
        filters=[strip],
        validators=[DataRequired("Name the author."), Length(max=100), NoControlCharacters()],
    )
    # NUL and other control characters: PostgreSQL refuses NUL in text, and no article
    # needs them (found by tests/admin/test_hostile_admin.py).
    body_markdown = TextAreaField(
        "Body (Markdown)",
        validators=[Length(max=200_000), NoControlCharacters(multiline=True)],
    )
    # Not "tags": WTForms would fill it from Article.tags (rows, not text).
    tag_names = StringField(
        "Tags", filters=[strip], validators=[Length(max=600), NoControlCharacters()]
    )
    state = SelectField("Status", choices=STATES, default="draft")
    publish_at = DateTimeLocalField(
        "Publish date and time (UTC)", format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    comments_open = BooleanField("Comments open on this article", default=True)
    preview = SubmitField("Preview")
    save = SubmitField("Save")

    def __init__(self, *args: object, article_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.article_id = article_id

    def validate_slug(self, field: Field) -> None:
        if not field.data:
            return  # made from the title on save
        if not SLUG_PATTERN.match(field.data):
            raise ValidationError("Use lower-case letters, digits and single hyphens only.")
        if field.data in RESERVED_SLUGS:
            raise ValidationError(f"“{field.data}” is used by the site itself; choose another.")
        if slug_taken(field.data, exclude_id=self.article_id):
            raise ValidationError("Another article already has this slug.")

    def validate_tag_names(self, field: Field) -> None:
        try:
            split_tag_names(field.data)
        except TagError as error:
            message = str(error)
            raise ValidationError(message[0].upper() + message[1:] + ".") from None

    def validate_state(self, field: Field) -> None:
        # Checked here, not on publish_at: its Optional() would skip an empty date.
        typed = self.publish_at.data
        when = typed.replace(tzinfo=UTC) if typed else None
        if field.data == "scheduled" and (when is None or when <= utcnow()):
            raise ValidationError("A scheduled article needs a publish date in the future.")
        if field.data == "published" and when is not None and when > utcnow():
            raise ValidationError("That date is in the future: choose Scheduled instead.")


class CommentTextForm(FlaskForm):
    """Editing a comment, or writing a staff reply."""

    body = TextAreaField(
        "Comment",
        filters=[strip],
        validators=[
            DataRequired("Write something."),
            Length(max=BODY_MAX),
            NoControlCharacters(multiline=True),
        ],
    )


class ReplyForm(CommentTextForm):
    body = TextAreaField(
        "Your reply",
        filters=[strip],
        validators=[
            DataRequired("Write something."),
            Length(max=BODY_MAX),
            NoControlCharacters(multiline=True),
        ],
    )


class DeleteCommentForm(FlaskForm):
    # Only the confirmation page sends `confirm` (its button): a delete POST without it,
    # such as a one-click Delete button on a page from before, deletes nothing.
    confirm = SubmitField("Delete the comment")


class BulkForm(FlaskForm):
    # "delete" first shows the ticked comments; only that page's button sends `confirm`.
    confirm = SubmitField("Delete them")
    action = SelectField(
        "With the ticked comments",
        choices=[
            ("approve", "Approve"),
            ("unapprove", "Unapprove"),
            ("spam", "Mark as spam"),
            ("not-spam", "Not spam"),
            ("delete", "Delete"),
        ],
    )


class EraseForm(FlaskForm):
    email = EmailField(
        "Commenter's email",
        filters=[strip, lower],
        validators=[DataRequired(), Email("Enter a valid email address."), Length(max=254)],
    )
    mode = RadioField(
        "What to do with their comments",
        choices=[
            ("anonymise", "Anonymise: keep the text, remove name, email, website and IP"),
            ("delete", "Delete them"),
        ],
        validators=[InputRequired("Choose one.")],
    )
