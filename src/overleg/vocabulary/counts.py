"""A count with its noun in the right number, the Dutch way: "1 treffer", "2 treffers", "0 vragen".

Dutch takes the singular for exactly one and the plural for everything else, zero and
fractions included ("1,5 dagen"). Whole numbers of more than four digits get a dot between the
thousands ("12.345"), as Dutch prints them; a fraction shows one decimal after a comma.
"""

from __future__ import annotations


def shown_number(value: float) -> str:
    """``value`` as Dutch prints it.

    >>> shown_number(3), shown_number(12345), shown_number(1234), shown_number(2.25)
    ('3', '12.345', '1234', '2,2')
    """
    if float(value).is_integer():
        whole = int(value)
        return f"{whole:,}".replace(",", ".") if abs(whole) >= 10_000 else str(whole)
    return f"{value:.1f}".replace(".", ",")


def aantal(count: float, one: str, many: str) -> str:
    """``count`` and the noun: ``one`` for exactly 1, ``many`` otherwise.

    >>> aantal(1, "treffer", "treffers"), aantal(0, "vraag", "vragen"), aantal(1.5, "dag", "dagen")
    ('1 treffer', '0 vragen', '1,5 dagen')
    """
    return f"{shown_number(count)} {one if count == 1 else many}"


__all__ = ["aantal", "shown_number"]
