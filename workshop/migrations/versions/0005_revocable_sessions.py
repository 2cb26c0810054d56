"""revocable sessions, and secrets shown once kept on the server

`users.session_token` is part of the id that every session and remember-me cookie carries: signing
out or changing the password gives the user a new one, so every copy of an older cookie stops
working. Each existing account gets its own token (everyone signed in now signs in again once).
`shown_once` holds what a page shows a single time after a redirect (a new plan link, a new
co-facilitator's password), which used to travel in the readable session cookie.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 08:00:00
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table copy: on SQLite a copy of `users` would break the workshops'
    # foreign keys). The '' default only fills the column until each row gets its own token below;
    # the loader refuses an empty token anyway.
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=32), nullable=False, server_default=''))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    bind = op.get_bind()
    for (uid,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(users.update().where(users.c.id == uid).values(session_token=secrets.token_hex(16)))
    if bind.dialect.name != 'sqlite':  # SQLite can't drop a default without copying the table
        op.alter_column('users', 'session_token', server_default=None)

    op.create_table(
        'shown_once',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('shown_once', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shown_once_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('shown_once', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shown_once_user_id'))
    op.drop_table('shown_once')
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('session_token')
