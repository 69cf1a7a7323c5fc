from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow


class UserRole(enum.StrEnum):
    OWNER = "owner"  # everything, including staff accounts
    EDITOR = "editor"  # writes articles and moderates comments


class User(UserMixin, db.Model):
    """A staff account for the admin; readers never have one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so sign-in is not case sensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # werkzeug's default, scrypt: memory-hard, and no extra dependency.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[UserRole] = mapped_column(
        Enum(
            UserRole,
            name="user_role",
            native_enum=False,
            length=20,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
            create_constraint=True,
        ),
        default=UserRole.EDITOR,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_owner(self) -> bool:
        return self.role == UserRole.OWNER

    def __repr__(self) -> str:
        return f"<User {self.email!r} {self.role}>"
