"""per-day rollups of the reports for closed days, and an index for the period's ratings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

`report_rollups` keeps one group's figures on one closed day (counts and per-minute
histograms, JSON text), `report_rollup_days` which (grouping, day) pairs are rolled up.
Both start empty: the scheduler's tick and the reports fill them (`screens/report_rollups.py`).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_rollup_days',
        sa.Column('grouping', sa.String(length=16), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('rolled_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('grouping', 'day', name=op.f('pk_report_rollup_days')))
    op.create_table(
        'report_rollups',
        sa.Column('grouping', sa.String(length=16), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('grouping', 'day', 'key', name=op.f('pk_report_rollups')))
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_report', [
            'service_day', 'ticket_id', 'score', 'followed_up_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_report')
    op.drop_table('report_rollups')
    op.drop_table('report_rollup_days')
