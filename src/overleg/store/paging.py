"""Paging by id ("the entries before id N") that no number from outside can break.

Ids are 32-bit integers in PostgreSQL; a ``before`` beyond that range would make the database
refuse the query ("integer out of range") where it only means "from the newest".
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

_ID_MAX = 2**31 - 1


def id_below(column: ColumnElement[int], before: int) -> ColumnElement[bool]:
    """``column < before``, for any whole number ``before``."""
    if before > _ID_MAX:
        return true()
    if before <= 1:
        return false()
    return column < before
