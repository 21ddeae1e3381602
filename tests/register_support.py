"""The invented groups and ministries the tests use, added to a store's registers through the
service as an administrator would: validation stays as strict as in production."""

from __future__ import annotations

from overleg.service import Credentials, Service
from overleg.store import Store
from overleg.vocabulary.registers import Ministry, ParliamentaryGroup, Post

TEST_GROUPS = ("Groot", "Klein", "Stil", *(f"Fractie {k}" for k in range(10)))
TEST_MINISTRIES = (("TZ", "Testzaken"), ("PRO", "Proeven"), ("ELD", "Elders"))


def add_test_entries(store: Store) -> None:
    """Add ``TEST_GROUPS`` and ``TEST_MINISTRIES`` (each with its minister) unless present."""
    registers = Service(store).registers
    who = Credentials.operator()
    have = {g.key for g in registers.groups(who)}
    for name in TEST_GROUPS:
        if name not in have:
            registers.add_group(who, ParliamentaryGroup(name, name, 0))
    have = {m.key for m in registers.ministries(who)}
    for key, name in TEST_MINISTRIES:
        if key not in have:
            registers.add_ministry(who, Ministry(key, name, posts=(Post(f"minister van {name}"),)))
