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


if context.is_offline_mode():
    raise RuntimeError("overleg migrations run online only")
run_migrations_online()
