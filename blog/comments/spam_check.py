"""Run the rules over a comment and decide its status, with every reason kept.

Refusals stop at once. A spam verdict stops too (nothing else matters). Holds are
collected, so the owner sees every reason ("3 links; first-time commenter"). A comment is
published only when no rule held it: the learned score can hold, never release.
"""

from __future__ import annotations

from dataclasses import dataclass

from blog.comments.protection import FormRefused
from blog.comments.rules import RULES, Action, Submission
from blog.comments.word_lists import Author
from blog.models import Comment, CommentStatus
from blog.settings import current_settings

REASON_SEPARATOR = "; "
REASONS_MAX = 1000


@dataclass(frozen=True)
class Outcome:
    status: CommentStatus
    reasons: tuple[str, ...]
    score: float | None

    @property
    def reasons_text(self) -> str:
        return REASON_SEPARATOR.join(self.reasons)[:REASONS_MAX]


def check_submission(sub: Submission, editing: bool = False) -> Outcome:
    """The status the comment gets; raises FormRefused for what is not stored at all."""
    reasons: list[str] = []
    status = CommentStatus.APPROVED
    for rule in RULES:
        if editing and not rule.on_edit:
            continue
        verdict = rule.check(sub)
        if verdict is None:
            continue
        if verdict.action is Action.REFUSE:
            raise FormRefused(verdict.message, verdict.status, verdict.retry_after)
        reasons.append(verdict.reason)
        if verdict.action is Action.SPAM:
            return Outcome(CommentStatus.SPAM, tuple(reasons), None)
        status = CommentStatus.PENDING
    return Outcome(status, tuple(reasons), sub.spam_score)


def apply_outcome(comment: Comment, outcome: Outcome, editing: bool = False) -> None:
    """Record the verdict; an edit can take a comment down, never put one up."""
    comment.status_reasons = outcome.reasons_text
    comment.spam_score = outcome.score
    if not editing or outcome.status == CommentStatus.SPAM:
        comment.status = outcome.status
    elif outcome.status == CommentStatus.PENDING and comment.status == CommentStatus.APPROVED:
        comment.status = CommentStatus.PENDING


def check_edit(comment: Comment, body: str) -> Outcome | None:
    """The same content rules for new text in an old comment; staff replies are not checked."""
    if comment.user_id is not None:
        return None
    author = Author(
        body=body,
        name=comment.author_name,
        email=comment.author_email,
        website=comment.author_website or "",
        ip_address=comment.ip_address,
    )
    submission = Submission(
        comment.article, author, comment_id=comment.id, settings=current_settings()
    )
    return check_submission(submission, editing=True)
