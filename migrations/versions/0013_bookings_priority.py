"""appointments (预约: booking offers, bookings) and 绿色通道 (a ticket's priority mark)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('priority_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('priority_note', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('priority_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('priority_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.alter_column('priority_note', server_default=None)
    op.create_table(
        'booking_offers',
        sa.Column('service_id', sa.String(length=60), nullable=False),
        sa.Column('window_no', sa.Integer(), nullable=True),
        sa.Column('slot_minutes', sa.Integer(), nullable=False),
        sa.Column('places', sa.Integer(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('set_by', sa.String(length=80), nullable=False),
        sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('service_id', name=op.f('pk_booking_offers')),
    )
    op.create_table(
        'bookings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('service_day', sa.Date(), nullable=False),
        sa.Column('slot_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('slot_minutes', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.String(length=60), nullable=False),
        sa.Column('post_id', sa.String(length=40), nullable=False),
        sa.Column('window_no', sa.Integer(), nullable=True),
        sa.Column('place', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('contact', sa.String(length=80), nullable=False),
        sa.Column('state', sa.Enum('booked', 'cancelled', 'checked_in', name='bookingstate',
                                   native_enum=False, length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ticket_id', sa.Integer(), nullable=True),
        sa.Column('late', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_bookings_ticket_id_tickets'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
        sa.UniqueConstraint('code', name=op.f('uq_bookings_code')),
        sa.UniqueConstraint('service_id', 'slot_at', 'place', name='uq_bookings_slot_place'),
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index('ix_bookings_day', ['service_day', 'post_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_bookings_day')
    op.drop_table('bookings')
    op.drop_table('booking_offers')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        for column in ('priority_at', 'priority_by', 'priority_note', 'priority_reason',
                       'slot_at'):
            batch_op.drop_column(column)
