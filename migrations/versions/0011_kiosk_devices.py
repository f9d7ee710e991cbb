"""registered kiosks (device credentials, pairing codes); tickets carry their kiosk and the
keyed hash of a card number

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'kiosk_devices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_devices')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_kiosk_devices_key_hash')),
        sa.UniqueConstraint('name', name=op.f('uq_kiosk_devices_name')),
    )
    op.create_table(
        'kiosk_pairings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_pairings')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_kiosk_pairings_code_hash')),
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_device', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('card_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_tickets_card_hash', ['card_hash'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_card_hash')
        batch_op.drop_column('card_hash')
        batch_op.drop_column('kiosk_device')
    op.drop_table('kiosk_pairings')
    op.drop_table('kiosk_devices')
