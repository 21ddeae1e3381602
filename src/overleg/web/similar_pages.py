"""Similar questions on the web pages ("Eerder gesteld", docs/web.md).

- The public document page links each question to ``/documents/{id}/vragen/{n}/eerder`` (and its
  ``.json`` twin): a small page, rendered when asked for, with the earlier questions of other
  documents most like it and their answers (collapsed). The document page itself stays as it was
  (rendered once per version, cached): the earlier questions change with every ingest, and
  looking them up for every item of a 200-question report would make the page slow.
- The ministry's answer editor shows, next to each question it answers, the earlier questions
  most like it with their answers, inline (one page holds one answer: a few questions).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from overleg.errors import NotFound
from overleg.http.auth import service_of
from overleg.model import DocumentId
from overleg.service import Credentials, Service, SimilarQuestion
from overleg.vocabulary.citations import house_style
from overleg.vocabulary.document_types import TYPE_NAMES
from overleg.web.render import respond, split_json
from overleg.web.session import caller, whole

router = APIRouter(include_in_schema=False)

SHOWN = 5  # earlier questions per question
EDITOR_QUESTIONS = 5  # questions of one answer that get their earlier questions inline
_TYPES = {t.value: name for t, name in TYPE_NAMES.items()}


def _citation(doc_id: str) -> str:
    """As ``document_page.citation`` (which imports this module, so it is not imported here)."""
    parsed = DocumentId.try_parse(doc_id)
    return house_style(parsed) if parsed is not None and str(parsed) == doc_id else ""


def href(doc_id: str, item: int) -> str:
    return f"/documents/{doc_id}/vragen/{item}/eerder"


def shown(found: tuple[SimilarQuestion, ...]) -> list[dict[str, Any]]:
    """The earlier questions as the templates show them (and the JSON twin gives them)."""
    return [{**s.to_dict(), "type": _TYPES.get(s.document_type, s.document_type),
             "citation": _citation(s.document_id), "title": s.title or s.document_id}
            for s in found]


def first_href(doc_id: str, items: list[dict[str, Any]]) -> str | None:
    """The earlier-questions page of the document's first question (None without questions):
    from there the page's own list of question numbers leads to the others."""
    numbers = sorted(int(i["number"]) for i in items if i.get("question"))
    return href(doc_id, numbers[0]) if numbers else None


@router.get("/documents/{doc_id}/vragen/{item}/{name}")
def earlier(doc_id: str, item: str, name: str, request: Request) -> Response:
    """The earlier questions most like question ``item`` of ``doc_id``, with their answers."""
    credentials, _ = caller(request)
    page, as_json = split_json(name)
    service = service_of(request)
    number = whole(item, 1, 100_000)
    if page != "eerder" or number is None:
        return _missing(request, as_json, "Deze pagina bestaat niet.")
    try:
        found = service.search.similar_to_item(credentials, doc_id, number, SHOWN)
    except NotFound:
        return _missing(request, as_json, f"Er is geen vraag {number} in document {doc_id}.")
    asked, numbers = _questions(service, credentials, doc_id, number)
    data = {"title": f"Eerder gesteld: vragen die op vraag {number} lijken", "id": doc_id, "number": number,
            "citation": _citation(doc_id) or doc_id, "question": asked,
            "back": f"/documents/{doc_id}#vraag-{number}", "similar": shown(found),
            "questions": [{"number": n, "href": href(doc_id, n)} for n in numbers]}
    return respond(request, "similar.html.j2", data, as_json)


def _questions(service: Service, who: Credentials, doc_id: str, number: int) -> tuple[str, list[int]]:
    """Question ``number``'s text, and the numbers of all the document's questions."""
    version = service.documents.latest_version(who, doc_id)
    doc = service.documents.get(who, doc_id, version)
    asked = next((i.question for i in doc.items if i.number == number), "")
    return asked, [i.number for i in doc.items if i.question]


def _missing(request: Request, as_json: bool, message: str) -> Response:
    return respond(request, "error.html.j2", {"title": "Niet gevonden", "status": 404, "message": message},
                   as_json, 404)


def for_questions(service: Service, who: Credentials, questions: list[dict[str, Any]]) -> None:
    """Give each of ``questions`` (with its ``text``) its earlier questions (``similar``), the
    first ``EDITOR_QUESTIONS`` of them."""
    for n, q in enumerate(questions):
        found = service.search.similar_questions(who, q["text"], SHOWN) if n < EDITOR_QUESTIONS and q["text"] else ()
        q["similar"] = shown(found)
