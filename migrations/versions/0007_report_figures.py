"""report figures kept on the ticket: issue hour, waiting and service time (ms), and an
index covering what the reports read

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

`tickets.issue_hour` (hall time), `tickets.wait_ms` (issue → first call) and
`tickets.service_ms` (latest call → finish, served tickets) are set by the write path when
they happen; existing rows are filled here from their stored instants, exactly as the
reports computed them before (milliseconds, the hall's UTC+8 without summer time).
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issue_hour', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('wait_ms', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('service_ms', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':  # instants are UTC text
        def ms(start, end):
            return f"CAST(round((julianday({end}) - julianday({start})) * 86400000.0) AS INTEGER)"
        hour = "CAST(strftime('%H', issued_at, '+8 hours') AS INTEGER)"
    else:
        def ms(start, end):
            return f"CAST(round(extract(epoch from {end} - {start}) * 1000) AS INTEGER)"
        hour = "CAST(extract(hour from timezone('Asia/Shanghai', issued_at)) AS INTEGER)"
    op.execute(f"UPDATE tickets SET issue_hour = {hour}, "
               f"wait_ms = {ms('issued_at', 'first_called_at')}, "
               f"service_ms = CASE WHEN state = 'done' AND called_at IS NOT NULL "
               f"THEN {ms('called_at', 'ended_at')} END")
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_report', [
            'service_day', 'service_id', 'post_id', 'window_no', 'called_by', 'issue_hour',
            'state', 'wait_ms', 'service_ms'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_report')
        batch_op.drop_column('service_ms')
        batch_op.drop_column('wait_ms')
        batch_op.drop_column('issue_hour')
