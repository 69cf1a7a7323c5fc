"""Settings the owner changes in the admin, kept in the database so every worker agrees."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow


class Setting(db.Model):
    """One value chosen by the owner; `key` is the config.py name whose default it overrides."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Setting {self.key}={self.value!r}>"
