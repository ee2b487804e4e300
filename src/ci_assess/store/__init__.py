"""The store of assessments: SQLite on the consultant's machine, or a firm's PostgreSQL.

One schema for both engines (SQLAlchemy Core 2, ``schema``), migrated by Alembic
(``migrations/``, shipped in the package and run from code: no alembic.ini to keep).
``engine.open_store`` connects, initialises an empty store, upgrades an older SQLite
store, and refuses a store newer than this tool; ``repository`` holds every query.
Only the commands that use the store import this package (``--help``, ``--version``
and a plain ``report`` never load SQLAlchemy; tests/cli/test_startup.py guards it).
"""
