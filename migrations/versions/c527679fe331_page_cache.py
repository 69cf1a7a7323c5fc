"""Page cache: version stamps shared by all workers, a listing index with no sort, and
comments rendered on save.

Revision ID: c527679fe331
Revises: 1fd0a302b35b
Create Date: 2026-11-28 00:38:20.250487

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c527679fe331'
down_revision = '1fd0a302b35b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_versions',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'ref_id', name=op.f('pk_cache_versions'))
    )
    # Comments rendered on save; rows from before render on read until they are saved again.
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_status_published_at'))
        batch_op.create_index('ix_articles_status_published_at', ['status', 'published_at', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_status_published_at')
        batch_op.create_index(batch_op.f('ix_articles_status_published_at'), ['status', 'published_at'], unique=False)

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('body_html')

    op.drop_table('cache_versions')
