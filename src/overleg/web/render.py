"""Rendering a page's data as HTML (Jinja2, with the HTML writer's templates reachable) or as JSON."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from overleg.vocabulary.dates import dutch_date
from overleg.web.charts import number
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
    return env


def respond(request: Request, template: str, data: dict[str, Any], as_json: bool, status: int = 200,
            extra: dict[str, Any] | None = None) -> Response:
    """``data`` as JSON (the twin) or rendered by ``template``; ``extra`` reaches only the template
    (views that are not data, such as the rendered report body)."""
    if as_json:
        return JSONResponse(data, status_code=status)
    context = {"request": request, "user": getattr(request.state, "web_user", None), **data, **(extra or {})}
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


def split_json(name: str) -> tuple[str, bool]:
    """``name`` without a ``.json`` suffix, and whether it had one."""
    return (name[:-5], True) if name.endswith(".json") else (name, False)
