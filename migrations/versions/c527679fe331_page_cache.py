"""Page cache: version stamps shared by all workers, and a listing index with no sort.

Revision ID: c527679fe331
Revises: 0f605b649bd8
Create Date: 2026-11-28 00:38:20.250487

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c527679fe331'
down_revision = '0f605b649bd8'
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
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_status_published_at'))
        batch_op.create_index('ix_articles_status_published_at', ['status', 'published_at', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_status_published_at')
        batch_op.create_index(batch_op.f('ix_articles_status_published_at'), ['status', 'published_at'], unique=False)

    op.drop_table('cache_versions')
