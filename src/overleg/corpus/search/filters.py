"""What a search may be narrowed to (``SearchFilters``) and the SQL conditions that do it, with
every value bound as a parameter (text filters match a folded substring, ``LIKE`` wildcards
escaped): the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from overleg.corpus.search.analysis import fold
from overleg.corpus.search.facet_names import filter_value


@dataclass(frozen=True)
class SearchFilters:
    """Filters on hits; a group, party, ministry or committee the register knows matches its
    entry ("Partij voor de Dieren" finds "PvdD", "Minister van Buitenlandse Zaken" the ministry
    Buitenlandse Zaken), other text a folded substring ("buitenlandse" finds "Buitenlandse
    Zaken"). ``group`` matches the item's faction or an asker's party; ``ministry`` the ministry
    that answered (``document_rules.answering_ministry``)."""

    type: str | None = None
    group: str | None = None
    asker: str | None = None
    party: str | None = None
    committee: str | None = None
    ministry: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    has_commitment: bool = False
    referral_only: bool = False


def _like(value: str) -> str:
    escaped = _text(fold(value)).strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text(value: str) -> str:
    """A filter's text as a bound value: without NUL, which PostgreSQL's text cannot hold."""
    return value.replace("\x00", "")


def _facet(name: str, param: str, *, exact: bool = False) -> str:
    match = "= :{}" if exact else "LIKE :{} ESCAPE '\\'"
    return (f" AND EXISTS (SELECT 1 FROM search_facets f WHERE f.document_id = e.document_id "
            f"AND f.facet = '{name}' AND f.value {match.format(param)})")


def filter_conditions(f: SearchFilters) -> tuple[str, dict[str, Any]]:
    """SQL conditions (on entry ``e`` and document ``d``) with their bound values."""
    where = ""
    params: dict[str, Any] = {}
    if f.type:
        where += " AND d.type = :f_type"
        params["f_type"] = _text(f.type)
    if f.group:
        # a register's name matches its entry exactly ("PvdA" is not "groenlinks-pvda"), other text
        # a folded substring (``facet_names.filter_value``)
        exact = filter_value("group", f.group)
        match = "=" if exact is not None else "LIKE"
        escape = "" if exact is not None else " ESCAPE '\\'"
        where += (f" AND (e.faction {match} :f_group{escape} OR EXISTS (SELECT 1 FROM search_facets f "
                  f"WHERE f.document_id = e.document_id AND f.facet = 'party' AND f.value {match} :f_group{escape}))")
        params["f_group"] = exact if exact is not None else _like(f.group)
    for name, value in (("asker", f.asker), ("party", f.party), ("committee", f.committee),
                        ("ministry", f.ministry)):
        if value:
            exact = filter_value(name, value)
            where += _facet(name, f"f_{name}", exact=exact is not None)
            params[f"f_{name}"] = exact if exact is not None else _like(value)
    if f.date_from:
        where += " AND d.date >= :f_from"
        params["f_from"] = f.date_from
    if f.date_to:
        where += " AND d.date <= :f_to"
        params["f_to"] = f.date_to
    if f.has_commitment:
        where += " AND e.has_commitment = :f_true"
        params["f_true"] = True
    if f.referral_only:
        where += " AND e.referral_only = :f_true"
        params["f_true"] = True
    return where, params
