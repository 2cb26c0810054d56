"""partnerships: their schools, members (lead and ICs), partner heads' links, and offers

`partnerships`, `partnership_members` (role "lead" | "ic"), `partner_schools` (a partner head's
secret link, kept as a SHA-256 only), `offers` (a partner school's offer against an ask: an agreed
action at level b, by workshop and action key). `workshops.partnership_id` and
`workshops.partner_school_id` name the workshop's partnership and school.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 14:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'partnerships',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_table(
        'partnership_members',
        sa.Column('partnership_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('partnership_id', 'user_id'))
    op.create_table(
        'partner_schools',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partnership_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('head_token_hash', sa.String(length=64), nullable=True),
        sa.Column('head_link_created_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('partnership_id', 'name'))
    op.create_index('ix_partner_schools_partnership_id', 'partner_schools', ['partnership_id'])
    op.create_index('ix_partner_schools_head_token_hash', 'partner_schools', ['head_token_hash'], unique=True)
    op.create_table(
        'offers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('action_key', sa.String(length=40), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=True),
        sa.Column('who', sa.String(length=120), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('when', sa.String(length=60), nullable=False),
        sa.Column('by', sa.String(length=120), nullable=False),
        sa.Column('via', sa.String(length=8), nullable=False),
        sa.Column('agreed', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['school_id'], ['partner_schools.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_offers_workshop_id', 'offers', ['workshop_id'])
    # Added in place (no table copy: on SQLite a copy would break the foreign keys pointing here).
    # SQLite adds a column with its REFERENCES clause in place; Alembic only does that by a copy.
    links = (('partnership_id', 'partnerships', 'fk_workshops_partnership_id'),
             ('partner_school_id', 'partner_schools', 'fk_workshops_partner_school_id'))
    for column, table, name in links:
        if op.get_bind().dialect.name == 'sqlite':
            op.execute(f'ALTER TABLE workshops ADD COLUMN {column} INTEGER REFERENCES {table} (id)')
        else:
            op.add_column('workshops', sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(name, 'workshops', table, [column], ['id'])
    op.create_index('ix_workshops_partnership_id', 'workshops', ['partnership_id'])


def downgrade() -> None:
    op.drop_index('ix_workshops_partnership_id', table_name='workshops')
    with op.batch_alter_table('workshops', schema=None) as batch_op:  # SQLite: a copy, as dropping needs
        batch_op.drop_column('partner_school_id')
        batch_op.drop_column('partnership_id')
    op.drop_index('ix_offers_workshop_id', table_name='offers')
    op.drop_table('offers')
    op.drop_index('ix_partner_schools_head_token_hash', table_name='partner_schools')
    op.drop_index('ix_partner_schools_partnership_id', table_name='partner_schools')
    op.drop_table('partner_schools')
    op.drop_table('partnership_members')
    op.drop_table('partnerships')
