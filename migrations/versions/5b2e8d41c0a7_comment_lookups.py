"""Comment lookups that stop early: the duplicate rule's index, and pages of threads

Revision ID: 5b2e8d41c0a7
Revises: 1963115ddc0d
Create Date: 2026-11-28 11:45:00.000000

The duplicate rule (blog/comments/lookups.py) looked a new comment up by its author's
email, then compared the text of every comment that author had left: about 0.6 ms a post
once one address had 4,000 comments, and growing with each. The new index adds the article
and the first 100 characters of the text; its expression is the model's
(blog/models/comment.py, `body_prefix`), spelled out here so this migration keeps building
what it built when the model changes.

An article's page now shows its newest threads first, a page at a time: the id joins the
article's comment index, so PostgreSQL reads a page from the index in order instead of
sorting every approved comment of the article.

On a large table the upgrade takes a while: it builds two indexes over every comment and
blocks writes to `comments` meanwhile, so run it before serving.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e8d41c0a7'
down_revision = '1963115ddc0d'
branch_labels = None
depends_on = None

ARTICLE_INDEX = 'ix_comments_article_status_created'


def upgrade():
    op.create_index(
        'ix_comments_article_author_body',
        'comments',
        ['article_id', 'author_email', sa.text('substr(body, 1, 100)')],
        unique=False,
    )
    op.drop_index(ARTICLE_INDEX, table_name='comments')
    op.create_index(ARTICLE_INDEX, 'comments', ['article_id', 'status', 'created_at', 'id'])


def downgrade():
    op.drop_index(ARTICLE_INDEX, table_name='comments')
    op.create_index(ARTICLE_INDEX, 'comments', ['article_id', 'status', 'created_at'])
    op.drop_index('ix_comments_article_author_body', table_name='comments')
