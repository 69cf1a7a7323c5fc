"""The data model, one module per table group, all importable from here."""

from blog.models.article import Article, ArticleStatus
from blog.models.comment import Comment, CommentStatus
from blog.models.tag import Tag, article_tags

__all__ = ["Article", "ArticleStatus", "Comment", "CommentStatus", "Tag", "article_tags"]
