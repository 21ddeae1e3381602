"""Alembic's environment: always a connection handed over by ``overleg.store.migrate``.

There is no alembic.ini and no URL here; ``migrate.upgrade(url)`` opens the connection (with the
store's SQLite pragmas) and passes it in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("overleg migrations run through overleg.store.migrate, which passes a connection")
    context.configure(
        connection=connection,
        target_metadata=None,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _offline() -> bool | None:
    """Alembic's mode; None when this file is imported outside Alembic (pytest collecting doctests)."""
    try:
        return context.is_offline_mode()
    except NameError:  # Alembic's context proxy only exists while Alembic runs this file
        return None


mode = _offline()
if mode is True:
    raise RuntimeError("overleg migrations run online only")
if mode is False:
    run_migrations_online()
