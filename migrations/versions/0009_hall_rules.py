"""the hall's rules in the database (one row, a JSON object) and the weekday a make-up
workday follows, per calendar day

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hall_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_rules'))
    )
    with op.batch_alter_table('calendar_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follows_weekday', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('calendar_days', schema=None) as batch_op:
        batch_op.drop_column('follows_weekday')
    op.drop_table('hall_rules')
