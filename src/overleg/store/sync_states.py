"""The resumable state of ``overleg sync`` per source (revision 0019): kept in the store, so a run
on any machine resumes where the last one, on whichever machine, stopped.

The state is the JSON text ``connectors.sync.SyncState.to_json`` writes (the same a ``--state``
file holds); this repository keeps it by source name (``tk``, ``ob``) and does not read it.
``save`` is an upsert on both databases: an UPDATE, else an INSERT, and when another process
inserted the row in between (the primary key refuses the second), the UPDATE again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from overleg.store.engine import read, write
from overleg.store.schema import sync_states


class SyncStateRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def load(self, source: str) -> str | None:
        """The stored state of ``source``; None when it never ran with the store keeping its state."""
        with read(self._engine) as conn:
            return conn.execute(select(sync_states.c.state_json)
                                .where(sync_states.c.source == source)).scalar_one_or_none()

    def save(self, source: str, text: str, now: dt.datetime) -> None:
        """Keep ``text`` as the state of ``source`` (replacing what was kept), written at ``now``."""
        if self._update(source, text, now):
            return
        try:
            with write(self._engine) as conn:
                conn.execute(insert(sync_states).values(source=source, state_json=text, updated_at=now))
        except IntegrityError:  # another process made the row first: write over it
            self._update(source, text, now)

    def _update(self, source: str, text: str, now: dt.datetime) -> bool:
        with write(self._engine) as conn:
            done = conn.execute(update(sync_states).where(sync_states.c.source == source)
                                .values(state_json=text, updated_at=now))
            return done.rowcount == 1
