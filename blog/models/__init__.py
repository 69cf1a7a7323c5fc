"""The data model, one module per table group, all importable from here."""

from blog.models.admin import AuditEntry, SetupToken, SignInAttempt
from blog.models.article import Article, ArticleStatus
from blog.models.cache import CacheVersion
from blog.models.comment import Comment, CommentStatus
from blog.models.redirect import SlugRedirect
from blog.models.settings import Setting
from blog.models.user import User, UserRole

__all__ = [
    "Article",
    "ArticleStatus",
    "AuditEntry",
    "CacheVersion",
    "Comment",
    "CommentStatus",
    "Setting",
    "SetupToken",
    "SignInAttempt",
    "SlugRedirect",
    "User",
    "UserRole",
]
