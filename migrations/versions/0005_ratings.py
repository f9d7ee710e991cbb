"""ratings (好差评) of finished tickets; staff may also be supervisors (no schema change)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('comment', sa.String(length=200), nullable=False),
        sa.Column('source', sa.String(length=12), nullable=False),
        sa.Column('rated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('service_day', sa.Date(), nullable=False),
        sa.Column('window_no', sa.Integer(), nullable=True),
        sa.Column('clerk', sa.String(length=80), nullable=False),
        sa.Column('service_id', sa.String(length=60), nullable=False),
        sa.Column('post_id', sa.String(length=40), nullable=False),
        sa.Column('followed_up_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('followed_up_by', sa.String(length=80), nullable=False),
        sa.Column('follow_up_note', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_ratings_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
        sa.UniqueConstraint('ticket_id', name=op.f('uq_ratings_ticket_id')),
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_rated_at', ['rated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_rated_at')
    op.drop_table('ratings')
