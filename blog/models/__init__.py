"""The data model, one module per table group, all importable from here."""

from blog.models.article import Article, ArticleStatus
from blog.models.cache import CacheVersion
from blog.models.comment import Comment, CommentStatus

__all__ = ["Article", "ArticleStatus", "CacheVersion", "Comment", "CommentStatus"]
