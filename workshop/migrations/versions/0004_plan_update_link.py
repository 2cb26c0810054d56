"""a second plan link that can record progress; the first becomes read-only

Until now one link both showed the plan and recorded progress. From here `plan_token_hash` is the
read-only link and `plan_update_token_hash` the one that can also record progress. A link made
before could record progress, so it is moved over as the update link: it keeps working as it did,
and no read-only link exists until an IC makes one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 05:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_update_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('plan_update_link_created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshops_plan_update_token_hash'), ['plan_update_token_hash'],
                              unique=True)
    op.execute("UPDATE workshops SET plan_update_token_hash = plan_token_hash, "
               "plan_update_link_created_at = plan_link_created_at, plan_token_hash = NULL, "
               "plan_link_created_at = NULL WHERE plan_token_hash IS NOT NULL")


def downgrade() -> None:
    # The old schema has one link that can update: keep the update link there. A read-only link is
    # withdrawn rather than silently given the right to record progress.
    op.execute("UPDATE workshops SET plan_token_hash = plan_update_token_hash, "
               "plan_link_created_at = plan_update_link_created_at")
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshops_plan_update_token_hash'))
        batch_op.drop_column('plan_update_link_created_at')
        batch_op.drop_column('plan_update_token_hash')
