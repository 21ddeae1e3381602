"""Who asks and who answers across the corpus: parliamentary groups, members, ministries and
committees, each with its questions (items) and figures; and every commitment with its status.

    view = corpus_view(store, today)            # cached per store change and day
    view.entities["ministry"]["buitenlandse-zaken"].items   # positions in view.items, newest first
    view.commitments                            # every commitment, with status and source

What belongs to whom (docs/web.md):

- a *group* (fractie) has the items of a report asked by its faction, and every item of written
  questions one of whose askers is of that party (as ``analytics.questions_per_group`` counts);
- a *member* has every item of the written questions they asked;
- a *ministry* (``analytics.document_ministry``) has every item of the documents it answered or
  was addressed;
- a *committee* has every item of its reports.

Names that give the same slug are one entity, shown by their most common spelling.

The corpus tables keep names folded (``search_facets``), so the names as printed and the
per-item facts come from the stored document facts (``corpus.facts``, what ``load_corpus``
returns: a few hundred bytes a document, not the documents). The view is built once per *store
change* (the key is the count and summed versions of the indexed documents, one aggregate over
``search_documents``) and day (``today`` decides which commitments are overdue), never per
request; it keeps short item records, and the question texts are read per page.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlalchemy import func, select

from overleg.corpus.analytics import (
    AnswerTime,
    CommitmentState,
    Stored,
    Table,
    Value,
    answer_kinds,
    answer_time_records,
    answer_times,
    commitment_states,
    commitment_status,
    load_corpus,
    period_of,
)
from overleg.corpus.facts import DocumentFacts
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.schema import search_documents, search_entries
from overleg.writers import slug

KINDS = ("group", "member", "ministry", "committee")
EXCERPT_CHARS = 240


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One question (and its answer) of a stored document, as the entity pages list it. Kept
    small, one per item of the corpus: the question's text is read per page (``question_excerpts``)."""

    document_id: str
    title: str
    document_type: str
    date: dt.date | None
    number: int
    occurrence: int  # 1 for the first item numbered N in its document, 2 for a second one, ...
    answered: bool
    referral_only: bool
    commitment: bool
    faction: str | None

    @property
    def question_anchor(self) -> str:
        """The HTML writer's anchor: ``vraag-N``, ``vraag-N-2`` for a second item N."""
        return f"vraag-{self.number}" + ("" if self.occurrence == 1 else f"-{self.occurrence}")

    @property
    def answer_anchor(self) -> str:
        return f"antwoord-{self.number}" + ("" if self.occurrence == 1 else f"-{self.occurrence}")


@dataclass(frozen=True)
class Related:
    kind: str
    slug: str
    name: str


@dataclass(frozen=True)
class Entity:
    kind: str
    slug: str
    name: str
    items: tuple[int, ...]  # positions in CorpusView.items, most recent first
    documents: int
    answered: int
    related: tuple[Related, ...]
    per_quarter: tuple[tuple[str, int], ...]  # (period, items), oldest first
    per_year: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CommitmentView:
    """A commitment with where it was made, by whom, when it is due and its status
    (``analytics.commitment_states``: fulfilled, overdue, open)."""

    document_id: str
    position: int
    title: str
    date: dt.date | None
    item: int | None
    answer_anchor: str | None
    text: str
    due: str | None
    due_by: dt.date | None
    ministry: str | None
    ministry_slug: str | None
    status: str
    fulfilled_by: str | None


@dataclass(frozen=True)
class MinistryFigures:
    """A ministry's figures: the ``(all)`` row of ``analytics.answer_times`` and the summed rows of
    ``analytics.answer_kinds`` over its documents, and its commitments counted by status."""

    answered: int
    median_days: float | None
    mean_days: float | None
    p90_days: float | None
    later_than_term: int
    share_later_than_term: float | None
    documents: int
    answered_items: int
    referral_only: int
    deferrals: int
    commitments: int
    open: int
    overdue: int
    fulfilled: int
    answer_times: tuple[AnswerTime, ...]  # its written questions with both dates, newest first


@dataclass(frozen=True)
class CorpusView:
    items: tuple[ItemRef, ...]
    entities: Mapping[str, Mapping[str, Entity]]
    ministries: Mapping[str, MinistryFigures]  # by the ministry's slug
    commitments: tuple[CommitmentView, ...]
    answer_times: Table
    answer_kinds: Table
    commitment_status: Table
    documents: int
    today: dt.date
    build_seconds: float = field(compare=False)

    def entity(self, kind: str, key: str) -> Entity | None:
        return self.entities.get(kind, {}).get(key)


class _Gathering:
    """An entity while the corpus is read."""

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.items: list[int] = []
        self.documents: set[str] = set()
        self.related: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)


def _anchors(doc: DocumentFacts) -> list[tuple[str, str]]:
    """The HTML writer's item anchors: a second item with the same number gets ``-2`` (writers/html.py)."""
    seen: Counter[int] = Counter()
    found = []
    for item in doc.items:
        seen[item.number] += 1
        suffix = "" if seen[item.number] == 1 else f"-{seen[item.number]}"
        found.append((f"vraag-{item.number}{suffix}", f"antwoord-{item.number}{suffix}"))
    return found


def _newest_first(corpus: list[Stored]) -> list[Stored]:
    return sorted(corpus, key=lambda s: (s.facts.date or dt.date.min, s.id), reverse=True)


def _periods(days: list[dt.date | None], period: str) -> tuple[tuple[str, int], ...]:
    counts = Counter(period_of(d, period) for d in days if d is not None)
    return tuple(sorted(counts.items()))


def build(store: Store, today: dt.date) -> CorpusView:
    """The view of the stored corpus on ``today`` (what ``corpus_view`` caches)."""
    started = time.perf_counter()
    corpus = load_corpus(store)
    items: list[ItemRef] = []
    shared: dict[str, str] = {}  # one string per faction name, not one per item
    found: dict[str, dict[str, _Gathering]] = {kind: defaultdict(_Gathering) for kind in KINDS}

    def add(kind: str, name: str, position: int, doc_id: str) -> str:
        key = slug(name)
        entity = found[kind][key]
        entity.names[name] += 1
        if not entity.items or entity.items[-1] != position:
            entity.items.append(position)
        entity.documents.add(doc_id)
        return key

    for s in _newest_first(corpus):
        doc = s.facts
        title = doc.title or s.id
        day = doc.date
        ministry = doc.ministry
        committee = doc.committee
        parties = list(dict.fromkeys(a.party for a in doc.askers if a.party))
        with_commitment = {c.item for c in doc.commitments if c.item is not None}
        seen: Counter[int] = Counter()
        for item in doc.items:
            position = len(items)
            seen[item.number] += 1
            faction = shared.setdefault(item.faction, item.faction) if item.faction else None
            items.append(ItemRef(s.id, title, doc.type.value, day, item.number, seen[item.number], item.answered,
                                 item.referral_only, item.number in with_commitment, faction))
            for group in dict.fromkeys([item.faction, *parties]):
                if group:
                    add("group", group, position, s.id)
            for asker in doc.askers:
                member = add("member", asker.name, position, s.id)
                if asker.party:
                    found["member"][member].related[("group", slug(asker.party))][asker.party] += 1
                    found["group"][slug(asker.party)].related[("member", member)][asker.name] += 1
            ministry_key = add("ministry", ministry, position, s.id) if ministry else None
            committee_key = add("committee", committee, position, s.id) if committee else None
            if ministry and ministry_key and committee and committee_key:
                found["committee"][committee_key].related[("ministry", ministry_key)][ministry] += 1
                found["ministry"][ministry_key].related[("committee", committee_key)][committee] += 1
    entities = {kind: {key: _entity(kind, key, g, items) for key, g in sorted(found[kind].items())}
                for kind in KINDS}
    states = commitment_states(store, corpus, today)
    by_id = {s.id: s.facts for s in corpus}
    commitments = tuple(_commitment(by_id[c.document_id], c) for c in states if c.document_id in by_id)
    ministries = _ministry_figures(corpus, commitments)
    return CorpusView(tuple(items), entities, ministries, commitments, answer_times(corpus), answer_kinds(corpus),
                      commitment_status(store, corpus, today), len(corpus), today,
                      round(time.perf_counter() - started, 3))


def _ministry_figures(corpus: list[Stored], commitments: tuple[CommitmentView, ...]) -> dict[str, MinistryFigures]:
    """Per ministry slug: the analytics functions run over that ministry's documents only."""
    by: dict[str, list[Stored]] = defaultdict(list)
    for s in corpus:
        ministry = s.facts.ministry
        if ministry:
            by[slug(ministry)].append(s)
    promised: dict[str, Counter[str]] = defaultdict(Counter)
    for c in commitments:
        if c.ministry_slug:
            promised[c.ministry_slug][c.status] += 1
    found = {}
    for key, docs in by.items():
        times = answer_times(docs).to_dicts()
        overall = next((row for row in times if row["ministry"] == "(all)"), None)
        kinds = answer_kinds(docs).rows
        records = sorted(answer_time_records(docs), key=lambda r: (r.sent, r.document_id), reverse=True)
        counts = promised.get(key, Counter())

        def figure(name: str, row: dict[str, Value] | None = overall) -> float | None:
            value = row.get(name) if row else None
            return float(value) if isinstance(value, int | float) else None

        found[key] = MinistryFigures(
            int(figure("answered") or 0), figure("median_days"), figure("mean_days"), figure("p90_days"),
            int(figure("later_than_term") or 0), figure("share_later_than_term"),
            sum(int(r[1] or 0) for r in kinds), sum(int(r[2] or 0) for r in kinds),
            sum(int(r[3] or 0) for r in kinds), sum(int(r[4] or 0) for r in kinds),
            sum(counts.values()), counts["open"], counts["overdue"], counts["fulfilled"], tuple(records))
    return found


def _entity(kind: str, key: str, g: _Gathering, items: list[ItemRef]) -> Entity:
    related = tuple(sorted((Related(k, s, names.most_common(1)[0][0]) for (k, s), names in g.related.items()),
                           key=lambda r: (r.kind, r.name.lower())))
    days = [items[p].date for p in g.items]
    return Entity(kind, key, g.names.most_common(1)[0][0], tuple(g.items), len(g.documents),
                  sum(1 for p in g.items if items[p].answered), related,
                  _periods(days, "quarter"), _periods(days, "year"))


def _commitment(doc: DocumentFacts, state: CommitmentState) -> CommitmentView:
    made = doc.commitments[state.position - 1]
    anchors: dict[int, str] = {}
    for item, (_, answer_anchor) in zip(doc.items, _anchors(doc), strict=True):
        anchors.setdefault(item.number, answer_anchor)  # numbers that repeat: the first such item
    return CommitmentView(state.document_id, state.position, doc.title or state.document_id,
                          doc.date, made.item, anchors.get(made.item) if made.item is not None else None,
                          state.text, made.due, state.due_by, state.ministry,
                          slug(state.ministry) if state.ministry else None, state.status, state.fulfilled_by)


def question_excerpts(store: Store, refs: Sequence[ItemRef]) -> dict[tuple[str, int, int], str]:
    """The first ``EXCERPT_CHARS`` characters of each question of ``refs`` (a page of them), by
    (document, number, occurrence), from the search entries (one per question, in document order)."""
    ids = sorted({r.document_id for r in refs})
    numbers = sorted({r.number for r in refs})
    if not ids:
        return {}
    entries = search_entries
    query = (select(entries.c.document_id, entries.c.item, entries.c.body)
             .where(entries.c.kind == "question", entries.c.document_id.in_(ids), entries.c.item.in_(numbers))
             .order_by(entries.c.id))
    found: dict[tuple[str, int, int], str] = {}
    seen: Counter[tuple[str, int]] = Counter()
    with read(store.engine) as conn:
        for row in conn.execute(query):
            seen[(row.document_id, row.item)] += 1
            text = " ".join(row.body.split())
            excerpt = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"
            found[(row.document_id, row.item, seen[(row.document_id, row.item)])] = excerpt
    return found


# -- the cache ------------------------------------------------------------------------------------

def change_key(store: Store) -> tuple[int, int]:
    """What changes whenever the indexed corpus does: the number of indexed documents and the sum
    of their versions (ingesting a document adds one; re-ingesting it raises its version)."""
    query = select(func.count(), func.coalesce(func.sum(search_documents.c.version), 0))
    with read(store.engine) as conn:
        row = conn.execute(query).one()
    return int(row[0]), int(row[1])


_CACHE: WeakKeyDictionary[Store, tuple[tuple[tuple[int, int], dt.date], CorpusView]] = WeakKeyDictionary()
_LOCK = threading.Lock()


def corpus_view(store: Store, today: dt.date | None = None) -> CorpusView:
    """The view of the corpus, rebuilt only when the store changed (``change_key``) or the day did.
    The key is read before the corpus: a change during a build makes the next request rebuild."""
    day = today or dt.date.today()
    key = (change_key(store), day)
    cached = _CACHE.get(store)
    if cached is not None and cached[0] == key:
        return cached[1]
    with _LOCK:  # one build at a time; the others wait for it instead of parsing the corpus too
        cached = _CACHE.get(store)
        if cached is not None and cached[0] == key:
            return cached[1]
        view = build(store, day)
        _CACHE[store] = (key, view)
        return view
