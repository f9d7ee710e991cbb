"""hours by period, suspended and moved services (hall_periods); confirmed holiday years

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'hall_periods',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('hours', 'suspension', 'move', name='periodkind',
                                  native_enum=False, length=12), nullable=False),
        sa.Column('post_id', sa.String(length=40), nullable=True),
        sa.Column('window_no', sa.Integer(), nullable=True),
        sa.Column('service_id', sa.String(length=60), nullable=True),
        sa.Column('to_post_id', sa.String(length=40), nullable=True),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=True),
        sa.Column('hours_text', sa.String(length=200), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_periods')),
    )
    with op.batch_alter_table('hall_periods', schema=None) as batch_op:
        batch_op.create_index('ix_hall_periods_days', ['removed_at', 'first_day'], unique=False)
    op.create_table(
        'holiday_years',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('confirmed_by', sa.String(length=80), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_holiday_years')),
    )


def downgrade() -> None:
    op.drop_table('holiday_years')
    with op.batch_alter_table('hall_periods', schema=None) as batch_op:
        batch_op.drop_index('ix_hall_periods_days')
    op.drop_table('hall_periods')
