"""spam and abuse rules

Revision ID: d07f3ac444a6
Revises: c527679fe331
Create Date: 2026-11-28 00:37:11.176650

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd07f3ac444a6'
down_revision = 'c527679fe331'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    # Plain ALTER TABLE, not batch mode: on SQLite a batch rebuilds the table, which would
    # drop the articles' full-text search triggers (tests/test_migrations.py).
    op.add_column('articles', sa.Column('comments_open', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column('comments', sa.Column('status_reasons', sa.String(length=1000), nullable=False, server_default=''))
    op.add_column('comments', sa.Column('spam_score', sa.Float(), nullable=True))
    op.create_index('ix_comments_ip_address_created', 'comments', ['ip_address', 'created_at'], unique=False)
    op.create_index('ix_comments_status_id', 'comments', ['status', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_comments_status_id', table_name='comments')
    op.drop_index('ix_comments_ip_address_created', table_name='comments')
    # SQLite 3.35+ drops a column in place, keeping the triggers; so does PostgreSQL.
    op.drop_column('comments', 'spam_score')
    op.drop_column('comments', 'status_reasons')
    op.drop_column('articles', 'comments_open')
    op.drop_table('settings')
