"""The data model, one module per table group, all importable from here."""

from blog.models.article import Article, ArticleStatus
from blog.models.comment import Comment, CommentStatus
from blog.models.settings import Setting

__all__ = ["Article", "ArticleStatus", "Comment", "CommentStatus", "Setting"]
