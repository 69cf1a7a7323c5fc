"""Comment moderation, one function per action, each logged and each reporting changes
that readers can see; views (single and bulk) only choose which to call and commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select, update

from blog.admin.audit import record
from blog.admin.changes import reader_visible_change
from blog.comments.spam_check import Outcome, apply_outcome
from blog.comments.threads import reply_parent
from blog.extensions import db
from blog.models import Comment, CommentStatus, User

ANONYMOUS_NAME = "Anonymous"


def _describe(comment: Comment) -> str:
    return f"comment #{comment.id} by {comment.author_name} on “{comment.article.title}”"


def _set_status(comment: Comment, status: CommentStatus, user: User, action: str) -> None:
    if comment.status == status:
        return
    was_visible = comment.status == CommentStatus.APPROVED
    comment.status = status
    record(user, action, _describe(comment))
    if was_visible or status == CommentStatus.APPROVED:
        reader_visible_change(comment.article)


def approve(comment: Comment, user: User) -> None:
    _set_status(comment, CommentStatus.APPROVED, user, "approve")


def unapprove(comment: Comment, user: User) -> None:
    _set_status(comment, CommentStatus.PENDING, user, "unapprove")


def mark_spam(comment: Comment, user: User) -> None:
    _set_status(comment, CommentStatus.SPAM, user, "spam")


def not_spam(comment: Comment, user: User) -> None:
    """Back to the queue, not straight onto the page: the owner still decides."""
    if comment.status == CommentStatus.SPAM:
        _set_status(comment, CommentStatus.PENDING, user, "not spam")


def delete(comment: Comment, user: User) -> None:
    """Delete; its replies stay, moved up to the top level of the thread."""
    record(user, "delete", _describe(comment))
    if comment.status == CommentStatus.APPROVED:
        reader_visible_change(comment.article)
    _detach_replies(comment)
    db.session.delete(comment)


def _detach_replies(comment: Comment) -> None:
    db.session.execute(
        update(Comment).where(Comment.parent_id == comment.id).values(parent_id=None)
    )


ACTIONS: dict[str, Callable[[Comment, User], None]] = {
    "approve": approve,
    "unapprove": unapprove,
    "spam": mark_spam,
    "not-spam": not_spam,
    "delete": delete,
}


def apply(action: str, comments: Iterable[Comment], user: User) -> int:
    """Run one action on each comment, all in one transaction; returns how many."""
    run = ACTIONS[action]
    done = 0
    for comment in comments:
        run(comment, user)
        done += 1
    db.session.commit()
    return done


def edit_text(comment: Comment, body: str, user: User, checks: Outcome | None = None) -> None:
    """Save new text; `checks` (the spam rules' verdict on it) may take the comment down."""
    if comment.body == body:
        return
    comment.body = body
    record(user, "edit", _describe(comment))
    if comment.status == CommentStatus.APPROVED:
        reader_visible_change(comment.article)
    if checks is not None:
        before = comment.status
        apply_outcome(comment, checks, editing=True)
        if comment.status != before:
            record(user, f"{comment.status} by the spam rules", _describe(comment))
    db.session.commit()


def reply(parent: Comment, body: str, user: User) -> Comment:
    """Publish the staff member's reply at once; a pending parent is approved with it."""
    approve(parent, user)
    db.session.flush()
    comment = Comment(
        article=parent.article,
        parent_id=reply_parent(parent.article, parent.id).id,
        author_name=user.name,
        author_email=user.email,
        body=body,
        status=CommentStatus.APPROVED,
        user_id=user.id,
    )
    db.session.add(comment)
    db.session.flush()
    record(user, "reply", _describe(comment))
    reader_visible_change(parent.article)
    db.session.commit()
    return comment


def erase_by_email(email: str, remove: bool, user: User) -> int:
    """A privacy request: delete, or strip of personal data, every comment from `email`.

    The log names neither the email nor the commenter, or it would keep what was erased.
    """
    comments = list(
        db.session.scalars(select(Comment).where(Comment.author_email == email.strip().lower()))
    )
    for comment in comments:
        if comment.status == CommentStatus.APPROVED:
            reader_visible_change(comment.article)
        if remove:
            _detach_replies(comment)
            db.session.delete(comment)
        else:
            comment.author_name = ANONYMOUS_NAME
            comment.author_email = ""
            comment.author_website = None
            comment.ip_address = None
            comment.user_agent = None
    verb = "erase (delete)" if remove else "erase (anonymise)"
    record(user, verb, f"{len(comments)} comment(s) of one commenter")
    db.session.commit()
    return len(comments)
