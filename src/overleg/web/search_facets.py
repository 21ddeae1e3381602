"""The facet counts on the search page: a count beside each choice, and the most frequent groups,
ministries and committees of the hits as links that apply them (docs/web.md, docs/search.md).

A count is shown only beside a choice not yet made: it says how many hits choosing it gives
(counted with every other filter applied; ``corpus.search.facets``). When the search's window was
full the counts are lower bounds and read "12+".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from overleg.service import FacetCount, FacetCounts

TOP = 8  # links per facet on the page (the API gives up to corpus.search.facets.MAX_VALUES)


def _params(form: dict[str, Any]) -> dict[str, str]:
    """The search form as URL parameters (the template's ``page_link`` says the same)."""
    params = {name: str(form[name]) for name in ("q", "type", "group", "ministry", "commissie", "van", "tot")}
    params.update(toezegging="1" if form["toezegging"] else "", verwijzing="1" if form["verwijzing"] else "",
                  sorteren=str(form.get("sorteren", "")))
    return params


def link(form: dict[str, Any], **change: str) -> str:
    """The search page with ``form``'s choices and ``change`` (on its first page)."""
    params = {k: v for k, v in {**_params(form), **change}.items() if v}
    return "/search?" + urlencode(params)


def shown_values(counts: FacetCounts) -> list[tuple[str, str]]:
    """The (facet, folded value) pairs the page links to, whose printed names it needs."""
    return [(facet, f.value) for facet, found in (("group", counts.group), ("ministry", counts.ministry),
                                                  ("committee", counts.committee)) for f in found[:TOP]]


def choices(counts: FacetCounts, form: dict[str, Any],
            names: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    """The page's view of ``counts``: labels per type, links per group, ministry and committee
    (shown by ``names``, the printed names of their folded values), labels for the two
    checkboxes; ``None`` or empty where that choice is made already."""
    plus = "+" if counts.bounded else ""
    printed = names or {}

    def label(n: int) -> str:
        return f"{n}{plus}"

    def links(found: tuple[FacetCount, ...], field: str, facet: str) -> list[dict[str, str]]:
        if form[field]:
            return []
        return [{"value": f.value, "name": printed.get((facet, f.value), f.value), "count": label(f.count),
                 "href": link(form, **{field: f.value})} for f in found[:TOP]]

    per_type = {f.value: f.count for f in counts.type}
    return {
        "hits": label(counts.hits), "hit_count": counts.hits, "bounded": counts.bounded,
        "type": None if form["type"] else {value: label(n) for value, n in per_type.items()},
        "group": links(counts.group, "group", "group"), "ministry": links(counts.ministry, "ministry", "ministry"),
        "commissie": links(counts.committee, "commissie", "committee"),
        "toezegging": None if form["toezegging"] else label(counts.has_commitment),
        "verwijzing": None if form["verwijzing"] else label(counts.referral_only),
    }
