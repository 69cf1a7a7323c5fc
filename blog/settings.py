"""The owner's settings: config.py gives each default, a row in `settings` overrides it.

Read once per request that needs them (one small query), never cached in a worker, so a
change made in the admin holds at once for every worker and server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import literal, select

from blog.extensions import db
from blog.models import Setting
from config import MODERATION_MODES, OWNER_SETTING_RANGES


@dataclass(frozen=True)
class SettingSpec:
    """One setting the admin Settings page shows; `kind` picks its field and its checks.
    A number's range is config.py's, which the environment is held to as well."""

    name: str
    label: str
    help: str
    kind: str  # "int", "float", "choice" or "lines"
    choices: tuple[str, ...] = ()

    @property
    def minimum(self) -> float:
        return OWNER_SETTING_RANGES[self.name][0]

    @property
    def maximum(self) -> float:
        return OWNER_SETTING_RANGES[self.name][1]


EDITABLE: tuple[SettingSpec, ...] = (
    SettingSpec(
        "COMMENT_MODERATION",
        "Hold comments for moderation",
        "first-time: hold comments from an email with no approved comment yet; "
        "all: hold every comment; none: publish at once unless a rule holds it.",
        "choice",
        choices=MODERATION_MODES,
    ),
    SettingSpec(
        "COMMENT_MAX_LINKS",
        "Most links a comment may hold",
        "A comment with more links than this is held.",
        "int",
    ),
    SettingSpec(
        "COMMENT_CLOSE_AFTER_DAYS",
        "Close comments on articles older than (days)",
        "0 keeps comments open on every article.",
        "int",
    ),
    SettingSpec(
        "COMMENT_FLOOD_SECONDS",
        "Seconds between two comments from one address",
        "From the same IP address or email; 0 turns flood control off.",
        "int",
    ),
    SettingSpec(
        "COMMENT_MIN_SECONDS",
        "Seconds a reader needs before posting",
        "Posts sent sooner after the page was served are refused as a robot's; 0: off.",
        "int",
    ),
    SettingSpec(
        "SPAM_THRESHOLD",
        "Learned spam score that holds a comment",
        "Between 0 and 1: comments the filter scores above this are held as likely spam.",
        "float",
    ),
    SettingSpec(
        "COMMENT_HOLD_LIST",
        "Hold list",
        "One a line: a word, an email or @domain, an IP address or a range such as "
        "203.0.113.0/24. A comment that matches is held for moderation.",
        "lines",
    ),
    SettingSpec(
        "COMMENT_BLOCK_LIST",
        "Block list",
        "Same format as the hold list. A comment that matches goes straight to spam.",
        "lines",
    ),
)
EDITABLE_NAMES = frozenset(spec.name for spec in EDITABLE)


_table = Setting.__table__
# Built once, as Core: every comment post and article page runs it, and building an ORM
# select and loading Setting objects cost several times what the query does. The names are
# bound one by one: a list given to in_() is expanded into the SQL again on every run.
_SAVED = select(_table.c.key, _table.c.value).where(
    _table.c.key.in_([literal(name) for name in sorted(EDITABLE_NAMES)])
)


def current_settings() -> Mapping[str, Any]:
    """Every config value, with the owner's saved choices laid over it."""
    values: dict[str, Any] = dict(current_app.config)
    for key, value in db.session.execute(_SAVED):
        values[key] = value
    return values


def save_settings(changes: Mapping[str, Any]) -> None:
    """Store the owner's choices; the caller commits (with any cache version bump)."""
    for name, value in changes.items():
        if name not in EDITABLE_NAMES:
            raise KeyError(f"{name} is not an editable setting")
        row = db.session.get(Setting, name)
        if row is None:
            db.session.add(Setting(key=name, value=value))
        else:
            row.value = value
