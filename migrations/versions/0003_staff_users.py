"""staff accounts: admins and clerks with the windows they may serve

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('password_hash', sa.String(length=256), nullable=False),
        sa.Column('role', sa.Enum('admin', 'clerk', name='staffrole', native_enum=False,
                                  length=12), nullable=False),
        sa.Column('windows', sa.JSON(), nullable=False),
        sa.Column('disabled', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_users')),
        sa.UniqueConstraint('name', name=op.f('uq_staff_users_name')),
    )


def downgrade() -> None:
    op.drop_table('staff_users')
