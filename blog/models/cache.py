from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow


class CacheVersion(db.Model):
    """How many times a group of pages changed, shared by every worker and every server.

    A rendered page is current while the versions it was rendered at are still the ones
    stored here (see blog/cache/). `kind` is "site", "listings" or "article"; `ref_id` is
    the article's id for "article" and 0 otherwise.
    """

    __tablename__ = "cache_versions"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    ref_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<CacheVersion {self.kind}:{self.ref_id} v{self.version}>"
