"""hours overrides, calendar days, notices, scheduler marks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('set_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days'))
    )
    op.create_table('hours_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('closure', 'opening', name='overridekind', native_enum=False, length=12), nullable=False),
    sa.Column('window_no', sa.Integer(), nullable=True),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hours_overrides'))
    )
    with op.batch_alter_table('hours_overrides', schema=None) as batch_op:
        batch_op.create_index('ix_hours_overrides_span', ['end_at', 'start_at'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('set_by', sa.String(length=80), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    op.create_table('scheduler_marks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('checked_until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_marks'))
    )


def downgrade() -> None:
    op.drop_table('scheduler_marks')
    op.drop_table('notices')
    with op.batch_alter_table('hours_overrides', schema=None) as batch_op:
        batch_op.drop_index('ix_hours_overrides_span')

    op.drop_table('hours_overrides')
    op.drop_table('calendar_days')
