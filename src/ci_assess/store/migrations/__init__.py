"""Alembic migrations of the store, run from code by ``ci_assess.store.engine``."""
