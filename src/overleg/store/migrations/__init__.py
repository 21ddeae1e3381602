"""Alembic migrations of the store, run programmatically by ``overleg.store.migrate``."""
