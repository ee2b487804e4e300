"""Alembic's environment: migrate on the connection ``engine.open_store`` hands over.

The caller holds the connection and its transaction (with SQLite's write lock or
PostgreSQL's advisory lock taken), so that two processes cannot migrate at once.
"""

from __future__ import annotations

from alembic import context

from ci_assess.store.engine import VERSION_TABLE
from ci_assess.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    version_table=VERSION_TABLE,
)
context.run_migrations()
