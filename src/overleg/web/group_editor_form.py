"""The group editor's form as data: the rows of passages a page shows, read from a posted form
or from a saved contribution, and the command they make (or the Dutch reasons they make none).

Field names (``form_of`` keeps one value per name, so every field has its own): ``inleiding``;
``aantal`` passages, each ``v{i}-id`` (hidden: the passage's id, empty for a new one),
``v{i}-onderwerp``, ``v{i}-tekst``, ``v{i}-stukken`` (cited papers, one per line),
``v{i}-moties`` (one per line: "Naam: kenmerk; kenmerk"), ``v{i}-noten`` footnotes each
``v{i}-n{j}-tekst`` and ``v{i}-n{j}-url``. The ids in the page count from 1 as the legends do
("Vraag 3" is ``vraag-3``, its text ``vraag-3-tekst``), so the error summary links to the field.

A topic heading starts a new topic: a passage whose topic field is empty continues the topic
above it (the printed report repeats no heading), so the page shows a topic only where it changes.
"""

from __future__ import annotations

from typing import Any

from overleg.extract.urls import link_target
from overleg.model import DocumentId
from overleg.procedure import commands as cmd
from overleg.procedure.states import Contribution, FootnoteText, MotionCitation
from overleg.web.session import whole

MAX_PASSAGES = 300  # more than any report has had (the largest has about 150 numbers)
MAX_NOTES = 30
SCHEMES = ("http://", "https://", "mailto:")

Row = dict[str, Any]
Error = dict[str, str]


def empty_row() -> Row:
    return {"id": "", "topic": "", "text": "", "papers": "", "motions": "", "notes": []}


def rows_of(own: Contribution | None) -> list[Row]:
    """The saved contribution's live passages as rows, topics shown where they change."""
    rows: list[Row] = []
    above: str | None = None
    for p in own.live_passages if own else ():
        rows.append({"id": p.passage_id, "topic": p.topic if p.topic and p.topic != above else "",
                     "text": p.text, "papers": "\n".join(_printed(r) for r in p.papers),
                     "motions": "\n".join(_motion_line(m) for m in p.motions),
                     "notes": [{"text": n.text, "url": " ".join(n.urls)} for n in p.footnotes]})
        above = p.topic or above
    return rows


def rows_from(form: dict[str, str]) -> list[Row]:
    """The rows as posted, in the order posted (capped, never more than MAX_PASSAGES)."""
    rows = []
    for i in range(whole(form.get("aantal"), 0, MAX_PASSAGES) or 0):
        def field(name: str, i: int = i) -> str:
            return form.get(f"v{i}-{name}", "")
        notes = [{"text": field(f"n{j}-tekst"), "url": field(f"n{j}-url")}
                 for j in range(whole(field("noten"), 0, MAX_NOTES) or 0)]
        rows.append({"id": field("id"), "topic": field("onderwerp"), "text": field("tekst"),
                     "papers": field("stukken"), "motions": field("moties"), "notes": notes})
    return rows


def is_blank(row: Row) -> bool:
    """Nothing typed in the row at all (an added passage left empty): it is simply left out."""
    return not any(str(row[k]).strip() for k in ("topic", "text", "papers", "motions")) and not any(
        n["text"].strip() or n["url"].strip() for n in row["notes"])


def rearranged(rows: list[Row], do: str) -> tuple[list[Row], str | None]:
    """The rows after a button of the form (``weg-3``, ``omhoog-3``, ``omlaag-3``, counting
    from 1 as the legends do) and the id of the element to focus afterwards."""
    verb, _, number = do.rpartition("-")
    at = (whole(number) or 0) - 1
    if not 0 <= at < len(rows):
        return rows, None
    rows = list(rows)
    if verb == "weg":
        del rows[at]
        return rows, f"vraag-{min(at, len(rows) - 1) + 1}" if rows else "vraag-erbij"
    if verb == "omhoog" and at > 0:
        rows[at - 1], rows[at] = rows[at], rows[at - 1]
        return rows, f"vraag-{at}-omhoog" if at > 1 else f"vraag-{at}-omlaag"
    if verb == "omlaag" and at < len(rows) - 1:
        rows[at], rows[at + 1] = rows[at + 1], rows[at]
        return rows, f"vraag-{at + 2}-omlaag" if at + 2 < len(rows) else f"vraag-{at + 2}-omhoog"
    return rows, None


def passages_of(rows: list[Row]) -> tuple[tuple[cmd.PassageInput, ...], list[Error]]:
    """The passages the rows make, and the Dutch reason for every field that cannot be read."""
    errors: list[Error] = []
    passages = []
    topic: str | None = None
    for k, row in enumerate(rows, start=1):
        if is_blank(row):
            continue
        where = f"vraag-{k}"
        text = " ".join(row["text"].split())
        if not text:
            errors.append({"field": f"{where}-tekst", "message": f"Vraag {k} heeft geen tekst. Schrijf de vraag, "
                                                                  "of verwijder het blok met ‘Verwijder vraag’."})
        topic = " ".join(row["topic"].split()) or topic
        papers = _papers(row["papers"], k, errors)
        motions = _motions(row["motions"], k, errors)
        notes = _notes(row["notes"], k, errors)
        passages.append(cmd.PassageInput(text=text, topic=topic, footnotes=notes, motions=motions, papers=papers,
                                         passage_id=row["id"].strip() or None))
    return tuple(passages), errors


def _papers(lines: str, k: int, errors: list[Error]) -> tuple[DocumentId, ...]:
    found = []
    for line in _lines(lines):
        paper = DocumentId.try_parse(line)
        if paper is None:
            errors.append({"field": f"vraag-{k}-stukken",
                           "message": f"Vraag {k}: ‘{line}’ is geen kenmerk van een Kamerstuk. "
                                      "Schrijf het als 21501-02, nr. 3349, één per regel."})
            break
        found.append(paper)
    return tuple(dict.fromkeys(found))


def _motions(lines: str, k: int, errors: list[Error]) -> tuple[MotionCitation, ...]:
    found = []
    for line in _lines(lines):
        name, _, refs = line.partition(":")
        papers = [DocumentId.try_parse(r) for r in refs.split(";") if r.strip()]
        if not name.strip() or None in papers:
            errors.append({"field": f"vraag-{k}-moties",
                           "message": f"Vraag {k}: de motie ‘{line}’ is niet te lezen. Schrijf de naam, een "
                                      "dubbele punt en de kenmerken, bijvoorbeeld Bamenga: 21501-02, nr. 3349."})
            break
        found.append(MotionCitation(name.strip(), tuple(p for p in papers if p is not None)))
    return tuple(found)


def _notes(notes: list[dict[str, str]], k: int, errors: list[Error]) -> tuple[FootnoteText, ...]:
    found = []
    for j, note in enumerate(notes, start=1):
        text, urls = " ".join(note["text"].split()), note["url"].split()
        if not text and not urls:
            continue
        for url in urls:
            if not url.lower().startswith(SCHEMES) or link_target(url) != url:
                errors.append({"field": f"vraag-{k}-noot-{j}-url",
                               "message": f"Voetnoot {j} bij vraag {k}: het adres ‘{url}’ kan geen link worden. "
                                          "Gebruik een adres dat begint met https://, http:// of mailto:."})
                break
        found.append(FootnoteText(text, tuple(urls)))
    return tuple(found)


def same_as_saved(own: Contribution | None, preamble: str | None, passages: tuple[cmd.PassageInput, ...]) -> bool:
    """The form holds exactly what is saved: saving it would only add an event to the log."""
    if own is None:
        return preamble is None and not passages
    saved = [(p.passage_id, p.text, p.topic, p.footnotes, p.motions, p.papers) for p in own.live_passages]
    posted = [(p.passage_id, p.text, p.topic, p.footnotes, p.motions, p.papers) for p in passages]
    return own.preamble == preamble and saved == posted


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _printed(ref: DocumentId) -> str:
    return f"{ref.dossier}, nr. {ref.number}" if ref.kind == "kst" and ref.dossier else str(ref)


def _motion_line(m: MotionCitation) -> str:
    return f"{m.name}: {'; '.join(_printed(r) for r in m.refs)}" if m.refs else m.name
