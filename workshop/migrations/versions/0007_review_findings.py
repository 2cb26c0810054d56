"""the peer review's findings, the lead reviewer's check-in link, and attendees' roles

`workshops.review`: the Review Findings template's content as JSON (review dates, team, lead
reviewer, the ICs' school, dimensions, themes, enquiry questions, evidence, what we found, what we
celebrate, what we recommend; see workshop/review.py); NULL: none given. `checkin_token_hash` and
`checkin_link_created_at`: a third secret link to the plan, the lead reviewer's, which records
progress at the 90-day check-in (kept as a SHA-256 only, like the other two).
`participants.role`: the role someone gave with their name ("Head of science", "TA"), which the
record's attendee list shows beside it; NULL: none (always NULL for a table or an unnamed person).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('review', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('checkin_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('checkin_link_created_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_workshops_checkin_token_hash', 'workshops', ['checkin_token_hash'], unique=True)
    # In place, as in 0006 (a table copy would break the foreign keys pointing at participants).
    with op.batch_alter_table('participants', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('role')
    op.drop_index('ix_workshops_checkin_token_hash', table_name='workshops')
    with op.batch_alter_table('workshops', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('checkin_link_created_at')
        batch_op.drop_column('checkin_token_hash')
        batch_op.drop_column('review')
