"""Who asks and who answers across the corpus: parliamentary groups, members, ministries and
committees, each with its questions (items) and figures; and every commitment with its status.

    view = corpus_view(store, today)            # cached per store change and day
    entity = view.entities["ministry"]["buitenlandse-zaken"]  # counts, periods, related entities
    page_items(store, view, entity, 0, 20)      # its 20 newest questions, read from the database
    view.commitments                            # every commitment, with status and source

What belongs to whom (docs/web.md):

- a *group* (fractie) has the items of a report asked by its faction, and every item of written
  questions one of whose askers is of that party (``document_rules.group_shares``, as
  ``figures.questions_per_group`` counts);
- a *member* has every item of the written questions they asked;
- a *ministry* (``document_rules.answering_ministry``) has every item of the documents it answered or
  was addressed;
- a *committee* has every item of its reports.

Every name is resolved against the register at the document's date (``corpus.names``): one
entity per register entry ("PvdD" and "Partij voor de Dieren" are one group, "GroenLinks" on a
2022 question the group GroenLinks, whose page links to its successor GroenLinks-PvdA), shown by
the register's name and listing the names it was printed as. A name the register does not know
is an entity of its own, shown as printed (names that give the same slug are one).

The corpus tables keep names folded (``search_facets``), so the names as printed and the
counts come from the stored document facts (``corpus.facts``, what ``load_corpus`` returns: a few
hundred bytes a document, items only in aggregate). The view is built once per *store change*
(the key is the count and summed versions of the indexed documents, one aggregate over
``search_documents``) and day (``today`` decides which commitments are overdue), never per
request. It holds nothing per item: per entity its counts and, for paging, its documents newest
first with the running total of its items in them; a page's items (20) are read from
``search_entries`` for that page's documents only (``page_items``).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlalchemy import func, select

from overleg.corpus import names
from overleg.corpus.analytics.figures import (
    AnswerTime,
    CommitmentState,
    Stored,
    answer_kinds,
    answer_time_records,
    answer_times,
    commitment_states,
    commitment_status,
    load_corpus,
    period_of,
)
from overleg.corpus.analytics.table import Table, Value
from overleg.corpus.document_rules import GroupShare, asker_parties, group_shares, ministry_shown
from overleg.corpus.facts import DocumentFacts
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.facet_names import folded, register_name
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.schema import commitment_marks, search_documents, search_entries
from overleg.writers import slug

ENTITY_KINDS = ("group", "member", "ministry", "committee")
EXCERPT_CHARS = 240


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One question (and its answer) of a stored document as an entity page lists it; made per
    page (``page_items``), never for the whole corpus."""

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
    question: str  # the first EXCERPT_CHARS characters of the question

    @property
    def question_anchor(self) -> str:
        """The HTML writer's anchor: ``vraag-N``, ``vraag-N-2`` for a second item N."""
        return f"vraag-{self.number}" + ("" if self.occurrence == 1 else f"-{self.occurrence}")

    @property
    def answer_anchor(self) -> str:
        return f"antwoord-{self.number}" + ("" if self.occurrence == 1 else f"-{self.occurrence}")


@dataclass(frozen=True)
class RelatedEntity:
    kind: str
    slug: str
    name: str


def _no_numbers() -> array[int]:
    return array("q")


@dataclass(frozen=True)
class Entity:
    """An entity's counts; ``positions`` are its documents (positions in ``CorpusView.newest``),
    newest first, and ``ends`` the running total of its items in them (``ends[-1] == questions``),
    so the n-th item is in the document where the running total first exceeds n."""

    kind: str
    slug: str
    name: str
    questions: int
    documents: int
    answered: int
    related: tuple[RelatedEntity, ...]
    per_quarter: tuple[tuple[str, int], ...]  # (period, items), oldest first
    per_year: tuple[tuple[str, int], ...]
    positions: array[int] = field(default_factory=_no_numbers, repr=False)
    ends: array[int] = field(default_factory=_no_numbers, repr=False)
    printed_as: tuple[str, ...] = ()  # the names documents printed for it, most frequent first
    in_register: bool = False  # False: a name the register does not know, shown as printed
    succeeded_by: tuple[RelatedEntity, ...] = ()  # a group or ministry of an earlier time


@dataclass(frozen=True)
class CommitmentView:
    """A commitment with where it was made, by whom, when it is due and its status
    (``figures.commitment_states``: fulfilled, overdue, open)."""

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
    due_from: dt.date | None = None  # the first day of the due interval, where the phrase gives one


@dataclass(frozen=True)
class MinistryFigures:
    """A ministry's figures: the ``(all)`` row of ``figures.answer_times`` and the summed rows of
    ``figures.answer_kinds`` over its documents, and its commitments counted by status."""

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
    newest: tuple[Stored, ...]  # every document's facts, newest first
    entities: Mapping[str, Mapping[str, Entity]]
    ministries: Mapping[str, MinistryFigures]  # by the ministry's slug
    commitments: tuple[CommitmentView, ...]
    answer_times: Table
    answer_kinds: Table
    commitment_status: Table
    documents: int
    questions: int
    today: dt.date
    build_seconds: float = field(compare=False)

    def entity(self, kind: str, key: str) -> Entity | None:
        return self.entities.get(kind, {}).get(key)


class _Gathering:
    """An entity while the corpus is read."""

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.printed: Counter[str] = Counter()
        self.resolved: names.Name | None = None
        self.positions: array[int] = array("q")
        self.ends: array[int] = array("q")
        self.answered = 0
        self.quarters: Counter[str] = Counter()
        self.years: Counter[str] = Counter()
        self.related: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(self, position: int, items: int, answered: int, quarter: str | None, year: str | None) -> None:
        self.positions.append(position)
        self.ends.append((self.ends[-1] if self.ends else 0) + items)
        self.answered += answered
        if quarter and year:
            self.quarters[quarter] += items
            self.years[year] += items


def _newest_first(corpus: list[Stored]) -> list[Stored]:
    return sorted(corpus, key=lambda s: (s.facts.date or dt.date.min, s.id), reverse=True)


def _group_counts(shares: tuple[GroupShare, ...]) -> dict[str, tuple[int, int]]:
    """Per group slug: its items in a document and how many are answered (``group_shares``);
    a party among the askers has all the document's items, whatever a faction of its name has."""
    found: dict[str, tuple[int, int]] = {}
    for share in shares:
        key = slug(share.name)
        if share.kind == "party":
            found[key] = (share.items, share.answered)
        else:
            items, answered = found.get(key, (0, 0))
            found[key] = (items + share.items, answered + share.answered)
    return found


def _group_names(shares: tuple[GroupShare, ...]) -> dict[str, int]:
    """Each group's name as printed in a document, with its items there (a party's: all of them)."""
    found: dict[str, int] = {}
    for share in shares:
        if share.kind == "party" or share.name not in found:
            found[share.name] = share.items
    return found


def build_corpus_view(store: Store, today: dt.date) -> CorpusView:
    """The view of the stored corpus on ``today`` (what ``corpus_view`` caches)."""
    started = time.perf_counter()
    corpus = load_corpus(store)
    newest = tuple(_newest_first(corpus))
    found: dict[str, dict[str, _Gathering]] = {kind: defaultdict(_Gathering) for kind in ENTITY_KINDS}
    questions = 0
    for position, s in enumerate(newest):
        doc = s.facts
        if not doc.items:
            continue
        questions += doc.items
        quarter = period_of(doc.date, "quarter") if doc.date else None
        year = period_of(doc.date, "year") if doc.date else None
        shares = group_shares(doc.factions, asker_parties(doc.askers, doc.date), doc.items, doc.answered_items,
                              doc.date)
        for name, items in _group_names(shares).items():  # as many times as it has items here
            found["group"][slug(name)].names[name] += items
            found["group"][slug(name)].resolved = names.group(name, doc.date)
        for printed in [f.name for f in doc.factions] + [a.party for a in doc.askers if a.party]:
            found["group"][names.group(printed, doc.date).slug].printed[printed] += 1
        for key, (items, answered) in _group_counts(shares).items():
            found["group"][key].add(position, items, answered, quarter, year)
        members: dict[str, None] = {}
        for asker in doc.askers:
            person = names.member(asker.name, doc.date)
            member = person.slug
            members[member] = None
            found["member"][member].names[person.shown] += doc.items
            found["member"][member].printed[asker.name] += 1
            found["member"][member].resolved = person
            party = names.party_of(asker.name, asker.party, doc.date)
            if party is not None:
                found["member"][member].related[("group", party.slug)][party.shown] += doc.items
                found["group"][party.slug].related[("member", member)][person.shown] += doc.items
        for member in members:
            found["member"][member].add(position, doc.items, doc.answered_items, quarter, year)
        keys: dict[str, str] = {}
        shown: dict[str, str] = {}
        answered_day = doc.answered_on or doc.date
        offices = (("ministry", doc.ministry, names.ministry(doc.ministry, answered_day) if doc.ministry else None),
                   ("committee", doc.committee, names.committee(doc.committee, doc.date) if doc.committee else None))
        for kind, office, resolved in offices:
            if office and resolved:
                name = resolved.shown if resolved.resolved or kind == "committee" else ministry_shown(office) or office
                keys[kind], shown[kind] = slug(name), name
                found[kind][keys[kind]].names[name] += doc.items
                found[kind][keys[kind]].printed[office] += 1
                found[kind][keys[kind]].resolved = resolved if resolved.resolved else None
                found[kind][keys[kind]].add(position, doc.items, doc.answered_items, quarter, year)
        if "ministry" in keys and "committee" in keys:
            ministry, committee = keys["ministry"], keys["committee"]
            found["committee"][committee].related[("ministry", ministry)][shown["ministry"]] += doc.items
            found["ministry"][ministry].related[("committee", committee)][shown["committee"]] += doc.items
    entities = {kind: {key: _entity(kind, key, g) for key, g in sorted(found[kind].items())} for kind in ENTITY_KINDS}
    states = commitment_states(store, corpus, today)
    by_id = {s.id: s.facts for s in corpus}
    commitments = tuple(_commitment(by_id[c.document_id], c) for c in states if c.document_id in by_id)
    ministries = _ministry_figures(corpus, commitments)
    return CorpusView(newest, entities, ministries, commitments, answer_times(corpus), answer_kinds(corpus),
                      commitment_status(store, corpus, today), len(corpus), questions, today,
                      round(time.perf_counter() - started, 3))


def _ministry_figures(corpus: list[Stored], commitments: tuple[CommitmentView, ...]) -> dict[str, MinistryFigures]:
    """Per ministry slug: the analytics functions run over that ministry's documents only."""
    by: dict[str, list[Stored]] = defaultdict(list)
    for s in corpus:
        ministry = ministry_shown(s.facts.ministry, s.facts.answered_on or s.facts.date)
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


def _entity(kind: str, key: str, g: _Gathering) -> Entity:
    related = tuple(sorted((RelatedEntity(k, s, names.most_common(1)[0][0]) for (k, s), names in g.related.items()),
                           key=lambda r: (r.kind, r.name.lower())))
    resolved = g.resolved if g.resolved is not None and g.resolved.resolved else None
    successors = tuple(RelatedEntity(kind, slug(name), name) for name in (resolved.succeeded_by if resolved else ()))
    return Entity(kind, key, g.names.most_common(1)[0][0], g.ends[-1] if g.ends else 0, len(g.positions),
                  g.answered, related, tuple(sorted(g.quarters.items())), tuple(sorted(g.years.items())),
                  g.positions, g.ends, tuple(name for name, _ in g.printed.most_common()), resolved is not None,
                  successors)


def _commitment(doc: DocumentFacts, state: CommitmentState) -> CommitmentView:
    made = doc.commitments[state.position - 1]
    # the first item numbered N has the HTML writer's plain anchor antwoord-N (writers/html.py)
    anchor = f"antwoord-{made.item}" if made.item is not None and made.item in doc.commitment_items else None
    ministry = ministry_shown(state.ministry, doc.answered_on or doc.date)
    return CommitmentView(state.document_id, state.position, doc.title or state.document_id,
                          doc.date, made.item, anchor, state.text, made.due, state.due_by, ministry,
                          slug(ministry) if ministry else None, state.status, state.fulfilled_by, state.due_from)


# -- a page of an entity's items ------------------------------------------------------------------

def _spans(entity: Entity, start: int, count: int) -> list[tuple[int, int, int]]:
    """(position in ``CorpusView.newest``, items of the entity to skip there, items to take) for the
    entity's items ``start`` to ``start + count`` (newest document first), found by the running totals."""
    spans = []
    at = bisect_right(entity.ends, start)
    skip = start - (entity.ends[at - 1] if at else 0)
    while count > 0 and at < len(entity.ends):
        have = entity.ends[at] - (entity.ends[at - 1] if at else 0) - skip
        take = min(have, count)
        spans.append((entity.positions[at], skip, take))
        count -= take
        skip = 0
        at += 1
    return spans


def _member_test(entity: Entity, doc: DocumentFacts) -> Callable[[str | None], bool]:
    """Whether an item of ``doc`` (by its folded faction, as ``search_entries`` keeps it) is the entity's."""
    if entity.kind != "group" or any(slug(p) == entity.slug for p in asker_parties(doc.askers, doc.date)):
        return lambda faction: True
    mine = set()
    for f in doc.factions:
        shown = names.group(f.name, doc.date).shown
        if slug(shown) == entity.slug:
            mine |= {folded(shown), fold(f.name)[:300]}  # as indexed now, and as indexed before the register
    return lambda faction: faction in mine


@dataclass
class _Question:
    id: int
    number: int
    occurrence: int
    faction: str | None
    referral_only: bool
    commitment: bool
    answered: bool = False


def _questions(store: Store, ids: list[str]) -> dict[str, list[_Question]]:
    """Every question entry of the documents ``ids`` in document order, each answered when an answer
    entry follows it (the index writes an item's question, then its answer)."""
    e = search_entries
    query = (select(e.c.id, e.c.document_id, e.c.item, e.c.kind, e.c.faction, e.c.referral_only, e.c.has_commitment)
             .where(e.c.document_id.in_(ids), e.c.kind.in_(("question", "answer"))).order_by(e.c.id))
    found: dict[str, list[_Question]] = defaultdict(list)
    seen: Counter[tuple[str, int]] = Counter()
    with read(store.engine) as conn:
        for row in conn.execute(query):
            questions = found[row.document_id]
            if row.kind == "answer":
                if questions and questions[-1].number == row.item:
                    questions[-1].answered = True
                continue
            seen[(row.document_id, row.item)] += 1
            questions.append(_Question(row.id, row.item, seen[(row.document_id, row.item)], row.faction,
                                       bool(row.referral_only), bool(row.has_commitment)))
    return found


def _excerpts(store: Store, ids: list[int]) -> dict[int, str]:
    """The first ``EXCERPT_CHARS`` characters of the entries ``ids``, whitespace made single spaces."""
    if not ids:
        return {}
    found = {}
    with read(store.engine) as conn:
        for row in conn.execute(select(search_entries.c.id, search_entries.c.body)
                                .where(search_entries.c.id.in_(ids))):
            text = " ".join(row.body.split())
            found[row.id] = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"
    return found


def page_items(store: Store, view: CorpusView, entity: Entity, start: int, count: int) -> list[ItemRef]:
    """The entity's items ``start`` to ``start + count``, newest document first and in document order,
    read from ``search_entries`` for those documents only (two queries)."""
    spans = _spans(entity, start, count)
    if not spans:
        return []
    docs = {p: view.newest[p] for p, _, _ in spans}
    questions = _questions(store, sorted({s.id for s in docs.values()}))
    chosen: list[tuple[Stored, _Question]] = []
    for position, skip, take in spans:
        stored = docs[position]
        mine = _member_test(entity, stored.facts)
        chosen += [(stored, q) for q in [q for q in questions.get(stored.id, []) if mine(q.faction)][skip:skip + take]]
    texts = _excerpts(store, [q.id for _, q in chosen])
    found = []
    for stored, q in chosen:
        doc = stored.facts
        printed: dict[str, str] = {}
        for f in doc.factions:
            printed.setdefault(fold(f.name)[:300], f.name)
        faction = (register_name("group", q.faction) or printed.get(q.faction, q.faction)) if q.faction else None
        found.append(ItemRef(stored.id, doc.title or stored.id, doc.type.value, doc.date, q.number, q.occurrence,
                             q.answered, q.referral_only, q.commitment, faction, texts.get(q.id, "")))
    return found


# -- the cache ------------------------------------------------------------------------------------

def change_key(store: Store) -> tuple[int, int, int]:
    """What changes whenever the indexed corpus does: the number of indexed documents and the sum
    of their versions (ingesting a document adds one; re-ingesting it raises its version), and
    the number of marks on commitments (append-only: a mark changes a status on every page)."""
    query = select(func.count(), func.coalesce(func.sum(search_documents.c.version), 0))
    with read(store.engine) as conn:
        row = conn.execute(query).one()
        marks = conn.execute(select(func.count()).select_from(commitment_marks)).scalar_one()
    return int(row[0]), int(row[1]), int(marks)


_CACHE: WeakKeyDictionary[Store, tuple[tuple[tuple[int, int, int], dt.date], CorpusView]] = WeakKeyDictionary()
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
        view = build_corpus_view(store, day)
        _CACHE[store] = (key, view)
        return view
