"""participants' pseudonym keys: anonymous contributions are filed under a pseudonym per person
per activity, derived from this key, so the event log and backups don't link them to a person

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 05:00:00
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym_key', sa.String(length=64), nullable=True))
    # Everyone already in a workshop gets a key too (their earlier contributions keep their ids).
    participants = sa.table('participants', sa.column('id', sa.Integer), sa.column('pseudonym_key', sa.String))
    bind = op.get_bind()
    for (pid,) in bind.execute(sa.select(participants.c.id)).all():
        bind.execute(participants.update().where(participants.c.id == pid)
                     .values(pseudonym_key=secrets.token_hex(16)))


def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('pseudonym_key')
