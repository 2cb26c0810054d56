"""Alembic environment: run with a connection handed in by workshop.db.upgrade()."""
from alembic import context

from workshop.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` on the command line: build an engine from the environment
    from workshop.config import from_environment
    from workshop.db import make_engine

    connection = make_engine(from_environment()["DATABASE_URL"]).connect()

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
