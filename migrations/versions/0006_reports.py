"""reports: who called a ticket and when first, refused issues, an index on audit kinds

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

`tickets.first_called_at` and `tickets.called_by` are filled for existing rows from the
audit log (the first `ticket.called` entry's time, the latest one's actor).
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_called_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('called_by', sa.String(length=80), nullable=True))
    op.execute(
        "UPDATE tickets SET first_called_at = (SELECT MIN(a.at) FROM audit_entries a "
        "WHERE a.ticket_id = tickets.id AND a.kind = 'ticket.called')")
    op.execute(
        "UPDATE tickets SET called_by = (SELECT a.actor FROM audit_entries a "
        "WHERE a.ticket_id = tickets.id AND a.kind = 'ticket.called' "
        "ORDER BY a.id DESC LIMIT 1) WHERE called_at IS NOT NULL")
    op.create_table(
        'issue_refusals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('service_day', sa.Date(), nullable=False),
        sa.Column('service_id', sa.String(length=60), nullable=False),
        sa.Column('post_id', sa.String(length=40), nullable=False),
        sa.Column('kiosk', sa.String(length=40), nullable=False),
        sa.Column('verdict', sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_issue_refusals')),
    )
    with op.batch_alter_table('issue_refusals', schema=None) as batch_op:
        batch_op.create_index('ix_issue_refusals_day', ['service_day', 'post_id'], unique=False)
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_kind_at', ['kind', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_kind_at')
    with op.batch_alter_table('issue_refusals', schema=None) as batch_op:
        batch_op.drop_index('ix_issue_refusals_day')
    op.drop_table('issue_refusals')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('called_by')
        batch_op.drop_column('first_called_at')
