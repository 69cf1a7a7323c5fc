"""The comment rules, in order: each looks at one submission and may return a verdict.

A rule is a small function and the list RULES at the bottom is data: adding a rule is one
function and one line there. `blog/comments/spam_check.py` runs them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any

from blog.articles.queries import ArticleRef
from blog.comments import lookups
from blog.comments.moderation import asks_about_author, initial_status, moderation_mode
from blog.comments.spam_filter import count_links
from blog.comments.spam_training import spam_score
from blog.comments.word_lists import Author, first_match
from blog.models import Article, CommentStatus
from blog.models.types import utcnow

Settings = Mapping[str, Any]


class Action(enum.Enum):
    HOLD = "hold"  # wait for the owner
    SPAM = "spam"  # straight to the spam folder; the poster sees the usual thanks
    REFUSE = "refuse"  # not stored; the poster is told why and keeps the text


@dataclass(frozen=True)
class Verdict:
    action: Action
    reason: str
    message: str = ""  # for refusals: what the reader is told
    status: int = 400
    retry_after: int | None = None


@dataclass
class Submission:
    """A new comment, or an edited one (`comment_id` set), as the rules see it."""

    article: Article | ArticleRef
    author: Author
    honeypot: str = ""
    comment_id: int | None = None
    settings: Settings = field(default_factory=dict)

    @cached_property
    def spam_score(self) -> float | None:
        return spam_score(self.author, self.settings)

    @cached_property
    def facts(self) -> lookups.Facts:
        """Asked once, for the rules that need them (new comments: flood control and
        first-time moderation too, unless the settings turn them off)."""
        new = self.comment_id is None
        return lookups.ask(
            self.article.id,
            self.author,
            comment_id=self.comment_id,
            flood_seconds=int(self.settings["COMMENT_FLOOD_SECONDS"]) if new else 0,
            about_author=new and asks_about_author(self.moderation_mode),
        )

    @property
    def moderation_mode(self) -> str:
        return moderation_mode(self.settings["COMMENT_MODERATION"])


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Submission], Verdict | None]
    on_edit: bool  # also run when a comment is edited


def honeypot(sub: Submission) -> Verdict | None:
    """People never see the hidden field; robots fill in every field they find."""
    return Verdict(Action.SPAM, "hidden field filled in") if sub.honeypot.strip() else None


def block_list(sub: Submission) -> Verdict | None:
    match = first_match(sub.settings["COMMENT_BLOCK_LIST"], sub.author)
    return Verdict(Action.SPAM, f"block list: {match}") if match else None


def flood(sub: Submission) -> Verdict | None:
    """One comment per COMMENT_FLOOD_SECONDS from one IP or email, counted in the database."""
    seconds = int(sub.settings["COMMENT_FLOOD_SECONDS"])
    if seconds <= 0:
        return None
    latest = sub.facts.latest
    if latest is None:
        return None
    wait = max(1, seconds - int((utcnow() - latest).total_seconds()))
    return Verdict(
        Action.REFUSE,
        "posting too quickly",
        f"You are posting comments too quickly. Please wait {wait} seconds and post again: "
        "your comment is still below.",
        status=429,
        retry_after=wait,
    )


def duplicate(sub: Submission) -> Verdict | None:
    if not sub.facts.duplicate:
        return None
    return Verdict(
        Action.REFUSE,
        "duplicate",
        "Duplicate comment detected; it looks as though you've already said that!",
        status=409,
    )


def closed_article(sub: Submission) -> Verdict | None:
    if comments_open(sub.article, sub.settings):
        return None
    return Verdict(Action.REFUSE, "comments closed", "Comments are closed on this article.", 403)


def comments_open(article: Article | ArticleRef, settings: Settings) -> bool:
    """The owner's switch for this article, and the age limit for all of them."""
    if not article.comments_open:
        return False
    days = int(settings["COMMENT_CLOSE_AFTER_DAYS"])
    if days <= 0 or article.published_at is None:
        return True
    return utcnow() - article.published_at <= timedelta(days=days)


def link_count(sub: Submission) -> Verdict | None:
    links = count_links(sub.author.body)
    if links <= int(sub.settings["COMMENT_MAX_LINKS"]):
        return None
    return Verdict(Action.HOLD, f"{links} links")


def hold_list(sub: Submission) -> Verdict | None:
    match = first_match(sub.settings["COMMENT_HOLD_LIST"], sub.author)
    return Verdict(Action.HOLD, f"hold list: {match}") if match else None


def first_time_commenter(sub: Submission) -> Verdict | None:
    """COMMENT_MODERATION, as before: strangers (or everyone) wait for the owner."""
    if initial_status(sub.moderation_mode, sub.facts.known_author) == CommentStatus.APPROVED:
        return None
    mode = sub.settings["COMMENT_MODERATION"]
    return Verdict(Action.HOLD, "all comments held" if mode == "all" else "first-time commenter")


def learned_score(sub: Submission) -> Verdict | None:
    score = sub.spam_score
    if score is None or score <= float(sub.settings["SPAM_THRESHOLD"]):
        return None
    return Verdict(Action.HOLD, f"likely spam {score:.2f}")


RULES: tuple[Rule, ...] = (
    Rule("honeypot", honeypot, on_edit=False),
    Rule("block list", block_list, on_edit=True),
    Rule("flood", flood, on_edit=False),
    Rule("duplicate", duplicate, on_edit=True),
    Rule("closed article", closed_article, on_edit=False),
    Rule("link count", link_count, on_edit=True),
    Rule("hold list", hold_list, on_edit=True),
    Rule("first-time commenter", first_time_commenter, on_edit=False),
    Rule("learned score", learned_score, on_edit=True),
)
