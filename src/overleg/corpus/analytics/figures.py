"""Analytics over the stored corpus: who asks, how fast ministries answer, what they promise,
what is cited most. docs/analytics.md defines every figure.

    corpus = load_corpus(store)                 # the latest version of every indexed document
    questions_per_group(corpus, period="month") # -> Table
    answer_times(corpus)                        # per ministry: median, mean, p90, share after the due date
    answer_kinds(corpus)                        # referral-only items and deferrals per ministry
    commitment_status(store, corpus, today)     # per ministry: total, open, overdue, fulfilled
    most_cited(store)                           # papers and motions cited by most documents
    open_questions(corpus, today, by="ministry")# written questions unanswered past their due date

Every function returns a ``Table`` (columns and rows of plain values) that the CLI prints as a
table, CSV or JSON and the REST API serves.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from overleg.corpus import facts
from overleg.corpus.analytics.table import Table
from overleg.corpus.analytics.written_questions import question_cases
from overleg.corpus.document_rules import asker_parties, group_shares
from overleg.corpus.facts import DocumentFacts
from overleg.errors import InvalidQuery
from overleg.model.process import CaseStatus
from overleg.store.commitment_marks import CommitmentMark, CommitmentMarkRepository
from overleg.store.core import Store
from overleg.store.engine import read, write
from overleg.store.schema import commitments, document_facts, document_links, motions, search_documents
from overleg.vocabulary.terms import TERM_DAYS
from overleg.vocabulary.time_expressions import first as first_expression

__all__ = ["TERM_DAYS"]  # kept importable here: alerts count a follow's overdue term with it

PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Stored:
    """What analytics knows of a stored document (its latest indexed version), by store id."""

    id: str
    facts: DocumentFacts


# -- loading --------------------------------------------------------------------------------------

def load_corpus(store: Store, date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[Stored]:
    """The facts of the latest indexed version of every document, by id; with a date range, only
    documents whose date (``DocumentFacts.date``: ``document_rules.date_asked``) falls in it.

    Reads ``document_facts`` (a few hundred bytes a document). A document indexed before that
    table existed, or with facts of an older format, has its facts computed from the stored
    document once and saved (they are derived data, like the rest of the corpus tables)."""
    everything = _cached_corpus(store)
    if date_from is None and date_to is None:
        return list(everything)
    return [s for s in everything if _in_range(s.facts.date, date_from, date_to)]


# The whole corpus's facts per store, kept while the store's fingerprint (the number of documents
# with facts and the sum of their versions: indexing a new version or a new document changes it)
# is the same: loading 26,667 documents' facts takes ~0.7 s, the fingerprint a few ms.
_CACHE: dict[str, tuple[tuple[int, int], tuple[Stored, ...]]] = {}


def forget_cached_corpus() -> None:
    """Drop the kept facts (a benchmark's cold start)."""
    _CACHE.clear()


def _fingerprint(store: Store) -> tuple[int, int]:
    with read(store.engine) as conn:
        row = conn.execute(select(func.count(), func.coalesce(func.sum(document_facts.c.version), 0))
                           .select_from(document_facts)).one()
    return int(row[0]), int(row[1])


def _cached_corpus(store: Store) -> tuple[Stored, ...]:
    key = store.engine.url.render_as_string(hide_password=False)
    seen = _fingerprint(store)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == seen:
        return cached[1]
    loaded = tuple(_load_all(store))
    _CACHE[key] = (_fingerprint(store), loaded)  # again: loading may have stored missing facts
    return loaded


def _load_all(store: Store) -> list[Stored]:
    query = (select(search_documents.c.document_id, search_documents.c.version, document_facts.c.version.label("fv"),
                    document_facts.c.facts_json)
             .outerjoin(document_facts, document_facts.c.document_id == search_documents.c.document_id)
             .order_by(search_documents.c.document_id))
    found: list[Stored] = []
    missing: list[tuple[str, int]] = []
    with read(store.engine) as conn:
        for row in conn.execute(query):
            parsed = facts.facts_from_json(row.facts_json) if row.facts_json and row.fv == row.version else None
            if parsed is None:
                missing.append((row.document_id, row.version))
            else:
                found.append(Stored(row.document_id, parsed))
    if missing:
        found.extend(_compute_missing(store, missing))
        found.sort(key=lambda s: s.id)
    return found


def _compute_missing(store: Store, missing: Sequence[tuple[str, int]]) -> list[Stored]:
    computed = [Stored(doc_id, facts.facts_of(store.documents.get(doc_id, version))) for doc_id, version in missing]
    versions = dict(missing)
    with write(store.engine) as conn:
        ids = [s.id for s in computed]
        for start in range(0, len(ids), 500):
            conn.execute(delete(document_facts).where(document_facts.c.document_id.in_(ids[start:start + 500])))
        conn.execute(insert(document_facts), [{"document_id": s.id, "version": versions[s.id],
                                               "facts_json": facts.facts_to_json(s.facts)} for s in computed])
    return computed


def _in_range(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def period_of(day: dt.date, period: str) -> str:
    """``2024-03``, ``2024-Q1`` or ``2024``.

    >>> period_of(dt.date(2024, 5, 6), "quarter")
    '2024-Q2'
    """
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return str(day.year)
    raise InvalidQuery(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


# -- the figures ----------------------------------------------------------------------------------

def questions_per_group(corpus: Iterable[Stored], period: str = "month") -> Table:
    """Questions (items) per period, per group and per party: a report's item counts for its
    faction; written questions count for each party among their askers (once per party)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for s in corpus:
        day = s.facts.date
        if day is None:
            continue
        when = period_of(day, period)
        for share in group_shares(s.facts.factions, asker_parties(s.facts.askers, day), s.facts.items,
                                  s.facts.answered_items, day):
            counts[(when, share.kind, share.name)] += share.items
    rows = sorted(((p, kind, name, n) for (p, kind, name), n in counts.items()),
                  key=lambda r: (r[0], r[1], -r[3], r[2]))
    return Table(f"questions per {period}", ("period", "kind", "name", "questions"), tuple(rows))


@dataclass(frozen=True)
class AnswerTime:
    """An answered case with both dates: ``due`` is its term (three weeks, six after a notice)."""

    document_id: str
    ministry: str | None
    sent: dt.date
    answered: dt.date
    due: dt.date | None = None

    @property
    def days(self) -> int:
        return (self.answered - self.sent).days

    @property
    def late(self) -> bool:
        return self.due is not None and self.answered > self.due


def answer_time_records(corpus: Iterable[Stored]) -> list[AnswerTime]:
    """Every written-questions case with both dates (``written_questions.question_cases``: the
    questions linked to their notices and answer), with its answering ministry and due date."""
    return [AnswerTime(c.key, c.ministry, c.submitted, c.answered, c.due)
            for c in question_cases(corpus, dt.date.max) if c.submitted and c.answered]


def percentile(values: Sequence[float], share: float) -> float:
    """Linear interpolation between closest ranks (numpy's default).

    >>> percentile([1, 2, 3, 4], 0.9)
    3.7
    """
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 6)


def answer_times(corpus: Iterable[Stored]) -> Table:
    """Days from sending to answering, per ministry and over all: count, median, mean, p90, and
    how many (and what share) were answered after their due date (``vocabulary.terms``: three
    weeks, six after a postponement notice)."""
    by: dict[str, list[AnswerTime]] = defaultdict(list)
    for record in answer_time_records(corpus):
        by[record.ministry or "(unknown)"].append(record)
        by["(all)"].append(record)
    rows = []
    for ministry in sorted(by, key=lambda m: (m == "(all)", m)):
        days = [r.days for r in by[ministry]]
        late = sum(1 for r in by[ministry] if r.late)
        rows.append((ministry, len(days), float(statistics.median(days)), round(statistics.fmean(days), 2),
                     percentile(days, 0.9), late, round(late / len(days), 4)))
    return Table("answer times", ("ministry", "answered", "median_days", "mean_days", "p90_days",
                                  "later_than_term", "share_later_than_term"), tuple(rows))


def answer_kinds(corpus: Iterable[Stored]) -> Table:
    """Per ministry: documents, answered items, items answered only by a referral, deferrals."""
    docs: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    referral: Counter[str] = Counter()
    deferred: Counter[str] = Counter()
    for s in corpus:
        ministry = s.facts.ministry or "(unknown)"
        docs[ministry] += 1
        answered[ministry] += s.facts.answered_items
        referral[ministry] += s.facts.referral_only
        deferred[ministry] += s.facts.deferrals
    rows = tuple((m, docs[m], answered[m], referral[m], deferred[m]) for m in sorted(docs))
    return Table("answer kinds", ("ministry", "documents", "answered_items", "referral_only", "deferrals"), rows)


@dataclass(frozen=True)
class CommitmentState:
    """A commitment with its due interval and status (fulfilled, overdue, open): ``fulfilled_by``
    the later document that cites it; ``mark`` the latest user mark that decided the status."""

    document_id: str
    position: int
    ministry: str | None
    text: str
    due_by: dt.date | None
    status: str  # fulfilled, overdue, open
    fulfilled_by: str | None
    due_from: dt.date | None = None
    mark: CommitmentMark | None = None


def commitment_states(store: Store, corpus: Sequence[Stored], today: dt.date) -> list[CommitmentState]:
    """Every commitment with its status (docs/analytics.md, "Commitments: open, overdue,
    fulfilled"): a user's latest mark decides when there is one (fulfilled; open again: the
    citation no longer counts); else *fulfilled* when a later document (by date) of the same
    ministry cites the document that made it; else *overdue* when the last day of its due
    interval has passed; else *open* (due later, or no determinable due date)."""
    by_id = {s.id: s for s in corpus}
    citing: dict[str, list[str]] = defaultdict(list)
    with read(store.engine) as conn:
        promised = select(commitments.c.document_id)  # only links to documents that made a commitment
        for source, target in conn.execute(select(document_links.c.document_id, document_links.c.target_id)
                                           .where(document_links.c.kind != "cross",
                                                  document_links.c.target_id.in_(promised)).distinct()):
            if source != target:
                citing[target].append(source)
    marks = CommitmentMarkRepository(store.engine).latest()
    states = []
    for s in corpus:
        ministry = s.facts.ministry
        made_on = s.facts.date
        for n, c in enumerate(s.facts.commitments, start=1):
            due_from, due_by = due_interval(c, s.facts)
            mark = marks.get((s.id, n))
            later = [] if mark is not None else sorted(
                d for d in citing.get(s.id, ())
                if d in by_id and by_id[d].facts.ministry == ministry and _after(by_id[d].facts.date, made_on))
            if mark is not None and mark.status == "fulfilled":
                status, by = "fulfilled", None
            elif later:
                status, by = "fulfilled", later[0]
            elif due_by is not None and due_by < today:
                status, by = "overdue", None
            else:
                status, by = "open", None
            states.append(CommitmentState(s.id, n, ministry, c.text, due_by, status, by, due_from, mark))
    return states


def due_interval(c: facts.CommitmentFact, made: DocumentFacts) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a commitment's moment allows: its moment as printed resolved against
    the answer's date (``vocabulary.time_expressions``), so a document stored before the
    extractor knew the expression ("voor de zomer") gets its interval too; a ``due_by`` stored
    with the document stands."""
    if not c.due:
        return None, c.due_by
    found = first_expression(c.due, made.answered_on or made.date)
    if found is None:
        return None, c.due_by
    return found.earliest, c.due_by or found.latest


def _after(day: dt.date | None, reference: dt.date | None) -> bool:
    return day is not None and (reference is None or day > reference)


def commitment_status(store: Store, corpus: Sequence[Stored], today: dt.date) -> Table:
    """Per ministry: commitments, open, overdue, fulfilled, and of the fulfilled ones how many a
    user marked (the rest a later document cites)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for state in commitment_states(store, corpus, today):
        counted = counts[state.ministry or "(unknown)"]
        counted[state.status] += 1
        counted["marked"] += state.status == "fulfilled" and state.mark is not None
    rows = tuple((m, c["open"] + c["overdue"] + c["fulfilled"], c["open"], c["overdue"], c["fulfilled"], c["marked"])
                 for m, c in sorted(counts.items()))
    return Table("commitments", ("ministry", "commitments", "open", "overdue", "fulfilled", "fulfilled_marked"), rows)


def most_cited(store: Store, limit: int = 20) -> Table:
    """Papers cited by the most documents (cross-references inside a document left out), then
    motions cited by the most documents."""
    links = document_links
    citing = func.count(links.c.document_id.distinct()).label("n")
    papers = (select(links.c.target_id, citing).where(links.c.kind != "cross", links.c.target_id != links.c.document_id)
              .group_by(links.c.target_id).order_by(citing.desc(), links.c.target_id).limit(limit))
    m_citing = func.count(motions.c.document_id.distinct()).label("n")
    motion_rows = (select(motions.c.motion_key, func.min(motions.c.name).label("name"), m_citing)
                   .group_by(motions.c.motion_key).order_by(m_citing.desc(), motions.c.motion_key).limit(limit))
    with read(store.engine) as conn:
        rows = [("paper", r.target_id, None, r.n) for r in conn.execute(papers)]
        rows += [("motion", r.motion_key, r.name, r.n) for r in conn.execute(motion_rows)]
    return Table("most cited", ("kind", "key", "name", "citing_documents"), tuple(rows))


@dataclass(frozen=True)
class OpenQuestion:
    document_id: str
    title: str | None
    sent: dt.date
    due: dt.date
    days_open: int
    ministry: str | None
    askers: tuple[str, ...]
    parties: tuple[str, ...]
    postponed: dt.date | None = None  # the first postponement notice


def open_question_records(corpus: Iterable[Stored], today: dt.date) -> list[OpenQuestion]:
    """Written questions without an answer whose due date (three weeks, six after a postponement
    notice: ``vocabulary.terms``) has passed on ``today``, oldest first."""
    return [OpenQuestion(c.key, c.subject, c.submitted, c.due, (today - c.submitted).days, c.ministry, c.askers,
                         c.parties, c.notices[0] if c.notices else None)
            for c in question_cases(corpus, today)
            if c.status is CaseStatus.OVERDUE and c.submitted is not None and c.due is not None]


def open_questions(corpus: Iterable[Stored], today: dt.date, by: str | None = None) -> Table:
    """The overdue written questions one per row (``by`` None), or counted per ``ministry``,
    ``member`` (asker) or ``group`` (party)."""
    records = open_question_records(corpus, today)
    if by is None:
        return Table("open questions", ("document_id", "title", "sent", "postponed", "due", "days_open", "ministry",
                                        "askers", "parties"),
                     tuple((q.document_id, q.title, q.sent.isoformat(),
                            q.postponed.isoformat() if q.postponed else None, q.due.isoformat(), q.days_open,
                            q.ministry, "; ".join(q.askers), "; ".join(q.parties)) for q in records))
    keys: dict[str, Callable[[OpenQuestion], list[str]]] = {
        "ministry": lambda q: [q.ministry or "(unknown)"], "member": lambda q: list(q.askers),
        "group": lambda q: list(q.parties)}
    if by not in keys:
        raise InvalidQuery(f"by must be ministry, member or group, not {by!r}")
    counts: Counter[str] = Counter()
    oldest: dict[str, int] = {}
    for q in records:
        for key in keys[by](q):
            counts[key] += 1
            oldest[key] = max(oldest.get(key, 0), q.days_open)
    rows = tuple((k, n, oldest[k]) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return Table(f"open questions per {by}", (by, "open_questions", "oldest_days_open"), rows)


FIGURES = ("questions", "answer-times", "answer-kinds", "commitments", "cited", "open")


def compute(store: Store, kind: str, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
            period: str = "month", by: str | None = None, today: dt.date | None = None) -> Table:
    """One of ``FIGURES`` over the store (what the CLI and the API call)."""
    day = today or dt.date.today()
    if kind == "cited":
        return most_cited(store)
    corpus = load_corpus(store, date_from, date_to)
    if kind == "questions":
        return questions_per_group(corpus, period)
    if kind == "answer-times":
        return answer_times(corpus)
    if kind == "answer-kinds":
        return answer_kinds(corpus)
    if kind == "commitments":
        return commitment_status(store, corpus, day)
    if kind == "open":
        return open_questions(corpus, day, by)
    raise InvalidQuery(f"unknown statistic {kind!r}; choose one of {', '.join(FIGURES)}")
