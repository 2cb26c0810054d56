"""tables and paper participants; who entered an event, and how much a vote weighs

`participants.kind`: "person" (a phone, as before), "table" (one phone for a table of people,
`head_count` of them) or "paper" (someone without a phone, whose contributions the facilitator
enters). `events.entered_by`: "u<user id>" when a facilitator entered the step on a participant's
behalf (the actor is still the participant), else NULL. `events.weight`: the head count the
sender stood for when the step was applied (a table's votes may count per person), so replaying
the log gives the same tallies even if the table's head count changes later; NULL means 1.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 10:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table copy: on SQLite a copy would break the foreign keys pointing here).
    with op.batch_alter_table('participants', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), nullable=False, server_default='person'))
        batch_op.add_column(sa.Column('head_count', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('events', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('entered_by', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('weight', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('weight')
        batch_op.drop_column('entered_by')
    with op.batch_alter_table('participants', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('head_count')
        batch_op.drop_column('kind')
