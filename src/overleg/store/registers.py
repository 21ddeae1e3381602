"""The registers of ministries (with their posts) and parliamentary groups.

Entries are the vocabulary's frozen ``Ministry`` and ``ParliamentaryGroup``; ``put_*`` writes
a whole entry (a new one at the end, an existing one in its place, its posts replaced), so an
edit never leaves half an entry. Entries are never deleted, only deactivated: consultations
and roles keep naming them. ``seed`` fills an empty register from the bundled data.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from overleg.store.engine import read, write
from overleg.store.schema import ministries, ministry_posts, parliamentary_groups
from overleg.vocabulary.registers import Ministry, ParliamentaryGroup, Post, Seed


class RegisterRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def ministries(self) -> tuple[Ministry, ...]:
        """Every ministry in register order, with its posts."""
        with read(self._engine) as conn:
            posts: dict[str, list[Post]] = {}
            for r in conn.execute(select(ministry_posts).order_by(ministry_posts.c.ministry_key,
                                                                  ministry_posts.c.position)):
                posts.setdefault(r.ministry_key, []).append(Post(r.title, r.person, bool(r.active)))
            rows = conn.execute(select(ministries).order_by(ministries.c.position, ministries.c.key)).all()
        return tuple(Ministry(r.key, r.name, tuple(json.loads(r.earlier_names_json)), tuple(posts.get(r.key, ())),
                              bool(r.active)) for r in rows)

    def groups(self) -> tuple[ParliamentaryGroup, ...]:
        """Every parliamentary group in register order."""
        with read(self._engine) as conn:
            rows = conn.execute(select(parliamentary_groups)
                                .order_by(parliamentary_groups.c.position, parliamentary_groups.c.key)).all()
        return tuple(ParliamentaryGroup(r.key, r.name, int(r.seats), tuple(json.loads(r.aliases_json)),
                                        bool(r.active)) for r in rows)

    def put_ministry(self, ministry: Ministry) -> None:
        """Add or replace the ministry (and its posts) under its key."""
        with write(self._engine) as conn:
            _put_ministry(conn, ministry)

    def put_group(self, group: ParliamentaryGroup) -> None:
        """Add or replace the group under its key."""
        with write(self._engine) as conn:
            _put_group(conn, group)

    def is_empty(self) -> bool:
        with read(self._engine) as conn:
            counted = [conn.execute(select(func.count()).select_from(t)).scalar() for t in
                       (ministries, parliamentary_groups)]
        return not any(counted)

    def seed(self, data: Seed) -> bool:
        """Fill an empty register with ``data``; False (nothing written) when it holds anything."""
        with write(self._engine) as conn:
            return seed_register(conn, data)


def seed_register(conn: Connection, data: Seed) -> bool:
    """``RegisterRepository.seed`` within an open transaction (the migration's)."""
    if any(conn.execute(select(func.count()).select_from(t)).scalar() for t in (ministries, parliamentary_groups)):
        return False
    for m in data.ministries:
        _put_ministry(conn, m)
    for g in data.groups:
        _put_group(conn, g)
    return True


def _position(conn: Connection, table: Any, key: str) -> int:
    """The entry's place: where it is, or after the last."""
    found = conn.execute(select(table.c.position).where(table.c.key == key)).scalar()
    if found is not None:
        return int(found)
    return int(conn.execute(select(func.coalesce(func.max(table.c.position), 0))).scalar() or 0) + 1


def _put_ministry(conn: Connection, m: Ministry) -> None:
    row = {"name": m.name, "earlier_names_json": json.dumps(list(m.earlier_names), ensure_ascii=False),
           "active": m.active, "position": _position(conn, ministries, m.key)}
    conn.execute(ministry_posts.delete().where(ministry_posts.c.ministry_key == m.key))
    if conn.execute(select(ministries.c.key).where(ministries.c.key == m.key)).first() is None:
        conn.execute(ministries.insert().values(key=m.key, **row))
    else:
        conn.execute(ministries.update().where(ministries.c.key == m.key).values(**row))
    if m.posts:
        conn.execute(ministry_posts.insert(), [
            {"ministry_key": m.key, "position": k, "title": p.title, "person": p.person, "active": p.active}
            for k, p in enumerate(m.posts, start=1)])


def _put_group(conn: Connection, g: ParliamentaryGroup) -> None:
    row = {"name": g.name, "seats": g.seats, "aliases_json": json.dumps(list(g.aliases), ensure_ascii=False),
           "active": g.active, "position": _position(conn, parliamentary_groups, g.key)}
    if conn.execute(select(parliamentary_groups.c.key).where(parliamentary_groups.c.key == g.key)).first() is None:
        conn.execute(parliamentary_groups.insert().values(key=g.key, **row))
    else:
        conn.execute(parliamentary_groups.update().where(parliamentary_groups.c.key == g.key).values(**row))
