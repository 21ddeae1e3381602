"""Rendering a page's data as HTML (Jinja2, with the HTML writer's templates reachable) or as JSON."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from overleg.vocabulary.counts import aantal
from overleg.vocabulary.dates import dutch_date, dutch_moment
from overleg.web.charts import number
from overleg.web.messages import step_message
from overleg.writers.html import TEMPLATES as WRITER_TEMPLATES

PAGE_TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@cache
def environment() -> jinja2.Environment:
    """Our templates first, then the HTML writer's (``body.html.j2`` is included by the document page)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(PAGE_TEMPLATES),
                                    jinja2.FileSystemLoader(WRITER_TEMPLATES)]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["dutch_date"] = dutch_date
    env.filters["dutch_number"] = lambda value: "–" if value is None else number(value)
    env.filters["dutch_day"] = lambda iso: dutch_date(dt.date.fromisoformat(iso)) if iso else ""
    env.filters["datum"] = _day  # "10 december 2026"
    env.filters["tijdstip"] = _moment  # "10 december 2026, 12.00 uur" (Dutch time)
    env.filters["aantal"] = aantal  # {{ n|aantal("treffer", "treffers") }}: "1 treffer", "2 treffers"
    return env


def _day(value: dt.date | dt.datetime | str | None) -> str:
    """A date, a moment or an ISO text as a Dutch date; '' for None or ''."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return dutch_moment(value).split(",")[0]
    return dutch_date(value)


def _moment(value: dt.datetime | str | None) -> str:
    """A moment (or its ISO text) as '10 december 2026, 12.00 uur' in Dutch time."""
    if not value:
        return ""
    return dutch_moment(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)


def respond(request: Request, template: str, data: dict[str, Any], as_json: bool, status: int = 200,
            extra: dict[str, Any] | None = None) -> Response:
    """``data`` as JSON (the twin) or rendered by ``template``; ``extra`` reaches only the template
    (views that are not data, such as the rendered report body)."""
    if as_json:
        return JSONResponse(data, status_code=status)
    context = {"request": request, "user": getattr(request.state, "web_user", None),
               "melding": step_message(request), **data, **(extra or {})}
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


def split_json(name: str) -> tuple[str, bool]:
    """``name`` without a ``.json`` suffix, and whether it had one."""
    return (name[:-5], True) if name.endswith(".json") else (name, False)
