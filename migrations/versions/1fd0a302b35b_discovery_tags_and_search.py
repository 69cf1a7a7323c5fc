"""discovery: tags, and full-text search on SQLite (FTS5) and PostgreSQL (GIN)

Revision ID: 1fd0a302b35b
Revises: 0f605b649bd8
Create Date: 2026-11-28 00:35:22.424102

The search SQL is copied here from blog/search/document.py rather than imported, so this
migration keeps doing what it did when the application changes; a test upgrades a fresh
database and searches it to prove the two agree.
"""
import re
from html.parser import HTMLParser

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1fd0a302b35b'
down_revision = '0f605b649bd8'
branch_labels = None
depends_on = None

SQLITE_FTS = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        title, subtitle, body_text,
        content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, subtitle, body_text)
        VALUES (new.id, new.title, new.subtitle, new.body_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body_text)
        VALUES ('delete', old.id, old.title, old.subtitle, old.body_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update
        AFTER UPDATE OF title, subtitle, body_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body_text)
        VALUES ('delete', old.id, old.title, old.subtitle, old.body_text);
        INSERT INTO articles_fts(rowid, title, subtitle, body_text)
        VALUES (new.id, new.title, new.subtitle, new.body_text);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)
PG_GIN = """CREATE INDEX ix_articles_search ON articles USING gin ((
    setweight(to_tsvector('english'::regconfig, title), 'A')
    || setweight(to_tsvector('english'::regconfig, subtitle), 'B')
    || setweight(to_tsvector('english'::regconfig, body_text), 'C')))"""


BLOCK_TAGS = {
    "blockquote", "br", "dd", "dl", "dt", "figcaption", "figure", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "ol", "p", "pre", "table", "td", "th", "tr", "ul",
}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")


def _plain_text(html):
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", "".join(parser.parts)).split())


def upgrade():
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('slug', name=op.f('uq_tags_slug'))
    )
    op.create_table('article_tags',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_tags_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_article_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'tag_id', name=op.f('pk_article_tags'))
    )
    with op.batch_alter_table('article_tags', schema=None) as batch_op:
        batch_op.create_index('ix_article_tags_tag_id_article_id', ['tag_id', 'article_id'], unique=False)

    # Added with a default so existing rows are valid, then filled from their HTML.
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_text', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    articles = sa.table('articles', sa.column('id'), sa.column('body_html'), sa.column('body_text'))
    for article_id, body_html in connection.execute(sa.select(articles.c.id, articles.c.body_html)):
        connection.execute(
            articles.update().where(articles.c.id == article_id)
            .values(body_text=_plain_text(body_html or ""))
        )

    if connection.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif connection.dialect.name == "postgresql":
        op.execute(PG_GIN)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('body_text')

    with op.batch_alter_table('article_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_article_tags_tag_id_article_id')

    op.drop_table('article_tags')
    op.drop_table('tags')
