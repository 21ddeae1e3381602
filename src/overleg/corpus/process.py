"""Papers of written questions linked into cases: by Zaak number, else by what is printed.

``link_cases(papers, today)`` returns one ``QuestionCase`` per set of questions (and one per
notice or answer whose questions are not among the papers):

1. **By Zaak.** Papers that share a Zaak number ("2025Z01234": from Open Data, or printed in a
   ministry letter's head, "uw brief van ..., nr. 2024Z11859") are one case.
2. **By subject.** A notice or answer (or a group of them sharing a Zaak) without a questions
   paper is matched to the questions by its printed title: "Uitstel beantwoording vragen van het
   lid Bromet over een kleinschalige boerderij die moet stoppen ..." or "Antwoord op vragen van de
   leden Kröger en Van der Lee over het rapport ..." (and the sloppy forms of the real data:
   "Antwoord op van het lid ...", "Antwoord op het lid ...", "Antwoord vragen van ...", "Nader
   antwoord op vragen ...", "... naar aanleiding van de Kamerbrief ..."). The part after "over"
   is compared with the questions' subject ("Het bericht dat een kleinschalige boerderij moet
   stoppen ...") by ``subject_similarity``; a pair counts from ``SUBJECT_THRESHOLD`` on, the
   questions must come first (questions, then notice, then answer, by date), and when the title
   and the questions both name askers they must share a surname. Pairs are taken best first and
   each questions paper takes at most one notice and one answer this way, so two answers on
   similar subjects never share one set of questions: the better match wins, the other stays
   alone.

The threshold (0.5) sits between what the recorded Open Data pages show (docs/analytics.md,
"Linking by subject, measured"): every true pair there scores at least 0.71, the best wrong
candidate whose dates fit at most 0.25.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from overleg.model.identity import normalised
from overleg.model.process import CaseStatus, LinkKind, ProcessPaper, ProcessRole, QuestionCase
from overleg.vocabulary.terms import case_status, due_date

SUBJECT_THRESHOLD = 0.5
# a notice or answer is looked for among questions put at most this long before it (answers to
# questions older than two years are rare; a Zaak number links them whatever their age)
MAX_LINK_DAYS = 730
# a title or subject is read this far: real ones are a few hundred characters, and a hostile one
# must not make the word-by-word comparison quadratic in its length
MAX_TITLE_CHARS = 1000

# "Uitstel beantwoording vragen van het lid X over ...", "Antwoord op vragen van de leden X en Y
# over ...", "Nader antwoord op vragen ...", and the forms with words left out
_FOLLOWER_TITLE = re.compile(
    r"^\s*(?:(?:tweede\s+|nader\s+)?uitstel(?:bericht)?\s+(?:van\s+(?:de\s+)?)?(?:beantwoording|antwoord(?:en)?)"
    r"|(?:nader\s+|aanvullend\s+)?antwoord(?:en)?)\s+"
    r"(?:(?:op|inzake)\s+)?(?:(?:de\s+)?(?:schriftelijke\s+)?vragen\s+)?(?:van\s+)?(?:het\s+(?:kamer)?lid|de\s+(?:kamer)?leden)\s+"
    r"(?P<askers>.+?)\s+(?:over|naar\s+aanleiding\s+van|inzake|betreffende|met\s+betrekking\s+tot|aangaande)\s+"
    r"(?P<subject>.+)$", re.I | re.S)
_TRAILING_NOTE = re.compile(r"\s*\((?:antwoord\s+op\s+)?vra(?:ag|gen)\b[^)]*\)\s*$", re.I)
_WORD = re.compile(r"[0-9a-z]+")
# words every subject may have, or none: they say nothing about which questions it is
_STOPWORDS = frozenset((
    "de", "het", "een", "en", "of", "van", "in", "op", "aan", "te", "bij", "naar", "om", "over", "voor", "met",
    "door", "tot", "uit", "als", "dat", "die", "dit", "deze", "is", "zijn", "wordt", "worden", "hun", "haar", "er",
    "niet", "ook", "nog", "wel", "al", "d", "bericht", "berichten", "artikel", "nieuwsbericht", "persbericht",
    "uitzending", "rapport"))
_ASKER_SPLIT = re.compile(r"\s*,\s*|\s+en\s+")
_PARTICLES = frozenset(("van", "der", "den", "de", "het", "ter", "ten", "te", "in", "op"))


@dataclass(frozen=True)
class PrintedTitle:
    """A notice's or answer's title taken apart: the askers as printed and the subject."""

    askers: tuple[str, ...]
    subject: str


def printed_title(title: str | None) -> PrintedTitle | None:
    """The askers and the subject of a notice's or answer's title; None when it is not of that form.

    >>> printed_title("Antwoord op vragen van de leden Kröger en Van der Lee over het rapport X")
    PrintedTitle(askers=('Kröger', 'Van der Lee'), subject='het rapport X')
    >>> printed_title("Antwoord op van het lid Bruyning over de Kamerbrief Y").askers
    ('Bruyning',)
    >>> printed_title("Nader antwoord op vragen van het lid A over B (antwoord op vraag 5)").subject
    'B'
    >>> printed_title("Kabinetsreactie op het rapport") is None
    True
    """
    if not title:
        return None
    m = _FOLLOWER_TITLE.match(" ".join(title[:MAX_TITLE_CHARS].split()))
    if m is None:
        return None
    askers = tuple(a for a in _ASKER_SPLIT.split(m.group("askers").strip()) if a)
    return PrintedTitle(askers, _TRAILING_NOTE.sub("", m.group("subject")).strip())


def subject_words(text: str | None) -> tuple[str, ...]:
    """The words of a subject that tell it apart: folded, without punctuation and stop words.

    >>> subject_words("Het bericht ‘Financiële les op school’")
    ('financiele', 'les', 'school')
    """
    return tuple(w for w in _WORD.findall(normalised((text or "")[:MAX_TITLE_CHARS])) if w not in _STOPWORDS)


def _alike(a: str, b: str) -> bool:
    """One word, inflected or compounded: "wijziging"/"wijzigingen", "wind"/"windenergie"."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    return len(short) >= 6 and long_[:6] == short[:6]


def subject_similarity(a: str | None, b: str | None) -> float:
    """How alike two subjects are, 0 to 1: the share of the words of both that have a like word
    in the other (a Dice coefficient over ``subject_words`` with ``_alike`` for equality).

    >>> subject_similarity("het Nationaal Klimaat Platform (NKP)", "Het Nationaal Klimaat Platform")
    0.857143
    >>> subject_similarity("de relatie tussen pachtnormen en teeltopbrengsten",
    ...                    "Het bericht dat een kleinschalige boerderij moet stoppen")
    0.0
    """
    return _word_similarity(subject_words(a), subject_words(b))


def _word_similarity(wa: Sequence[str], wb: Sequence[str]) -> float:
    if not wa or not wb:
        return 0.0
    found_a = sum(1 for w in wa if any(_alike(w, v) for v in wb))
    found_b = sum(1 for v in wb if any(_alike(v, w) for w in wa))
    return round((found_a + found_b) / (len(wa) + len(wb)), 6)


def _key(word: str) -> str:
    """What two alike words (``_alike``) always share: their first four letters."""
    return word[:4]


def surname(name: str) -> str:
    """The part of a name a title prints: "Inge van Dijk" -> "dijk", "Van der Lee" -> "lee"."""
    words = [w for w in _WORD.findall(normalised(name))]
    kept = [w for w in words if w not in _PARTICLES]
    return kept[-1] if kept else (words[-1] if words else "")


def _share_an_asker(a: Iterable[str], b: Iterable[str]) -> bool:
    return bool({surname(x) for x in a} & {surname(x) for x in b})


# -- linking ---------------------------------------------------------------------------------------

@dataclass
class _Group:
    papers: list[ProcessPaper]
    by: LinkKind

    def role(self, role: ProcessRole) -> list[ProcessPaper]:
        return [p for p in self.papers if p.has(role)]

    def first(self, role: ProcessRole) -> dt.date | None:
        days = [_role_date(p, role) for p in self.role(role)]
        return min((d for d in days if d is not None), default=None)


def _role_date(paper: ProcessPaper, role: ProcessRole) -> dt.date | None:
    if role is ProcessRole.ANSWER and (paper.answered_on is not None or paper.has(ProcessRole.QUESTIONS)):
        return paper.answered_on  # a paper of questions and answer: its date is the questions'
    return paper.date


def _by_zaak(papers: Sequence[ProcessPaper]) -> list[_Group]:
    """Papers sharing a Zaak number, transitively, in one group; a paper without one alone."""
    parent = list(range(len(papers)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, p in enumerate(papers):
        for zaak in p.zaken:
            if zaak in first_with:
                parent[root(i)] = root(first_with[zaak])
            else:
                first_with[zaak] = i
    members: dict[int, list[ProcessPaper]] = {}
    for i, p in enumerate(papers):
        members.setdefault(root(i), []).append(p)
    return [_Group(ps, LinkKind.ZAAK if len(ps) > 1 else LinkKind.SINGLE) for ps in members.values()]


def _follower_subject(group: _Group) -> tuple[str | None, tuple[str, ...]]:
    """The subject and askers a notice or answer names: from its title ("Uitstel beantwoording
    vragen van het lid X over ..."), else its subject and askers as read (a stored notice)."""
    followers = group.role(ProcessRole.ANSWER) + group.role(ProcessRole.NOTICE)
    for p in followers:
        parsed = printed_title(p.subject)
        if parsed is not None:
            return parsed.subject, parsed.askers
    return next(((p.subject, p.askers) for p in followers if p.subject), (None, ()))


def _fits(questions: _Group, follower: _Group) -> bool:
    """Dates in order (questions, then notices, then the answer) and no second answer or notice."""
    asked = questions.first(ProcessRole.QUESTIONS)
    starts = [d for d in (follower.first(ProcessRole.NOTICE), follower.first(ProcessRole.ANSWER)) if d]
    if asked is None or not starts or min(starts) < asked:
        return False
    if follower.role(ProcessRole.ANSWER) and questions.role(ProcessRole.ANSWER):
        return False
    if follower.role(ProcessRole.NOTICE) and questions.role(ProcessRole.NOTICE):
        return False
    answered = questions.first(ProcessRole.ANSWER) or follower.first(ProcessRole.ANSWER)
    noticed = follower.first(ProcessRole.NOTICE) or questions.first(ProcessRole.NOTICE)
    return answered is None or noticed is None or noticed <= answered


def _questions_subject(group: _Group) -> str | None:
    return next((p.subject for p in group.role(ProcessRole.QUESTIONS) if p.subject), None)


def _candidate_pairs(groups: Sequence[_Group]) -> list[tuple[float, int, int]]:
    """(similarity, follower, questions) for every follower group and questions group that may be
    one case by the subject printed, from ``SUBJECT_THRESHOLD`` on, best first.

    Alike words share their first four letters (``_key``), so the questions are indexed by those,
    in date order: for a notice or answer only the questions of its keys put at most
    ``MAX_LINK_DAYS`` before it are counted, and of those only the ones whose shared keys could
    reach the threshold are scored."""
    if all(g.role(ProcessRole.QUESTIONS) for g in groups):
        return []  # nothing to look for: the usual stored corpus, without notices
    words: dict[int, tuple[str, ...]] = {}
    postings: dict[str, list[tuple[dt.date, int, int]]] = {}  # key -> (asked, questions, how often)
    for i, g in enumerate(groups):
        day = g.first(ProcessRole.QUESTIONS)
        if day is None:
            continue
        words[i] = subject_words(_questions_subject(g))
        for k, n in Counter(_key(w) for w in words[i]).items():
            postings.setdefault(k, []).append((day, i, n))
    for entries in postings.values():
        entries.sort()
    pairs = []
    for f, follower in enumerate(groups):
        if follower.role(ProcessRole.QUESTIONS):
            continue
        subject, askers = _follower_subject(follower)
        starts = [d for d in (follower.first(ProcessRole.NOTICE), follower.first(ProcessRole.ANSWER)) if d]
        if subject is None or not starts:
            continue
        own, start = subject_words(subject), min(starts)
        window = (start - dt.timedelta(days=MAX_LINK_DAYS), start)
        reachable: Counter[int] = Counter()  # per questions: the words of both with a shared key
        for k, n in Counter(_key(w) for w in own).items():
            entries = postings.get(k, [])
            low = bisect.bisect_left(entries, (window[0], -1, 0))
            high = bisect.bisect_right(entries, (window[1], len(groups), 0))
            for _, q, m in entries[low:high]:
                reachable[q] += n + m
        for q in sorted(q for q, r in reachable.items() if r >= SUBJECT_THRESHOLD * (len(own) + len(words[q]))):
            if not _fits(groups[q], follower):
                continue
            asked_by = [a for p in groups[q].role(ProcessRole.QUESTIONS) for a in p.askers]
            if askers and asked_by and not _share_an_asker(askers, asked_by):
                continue
            score = _word_similarity(own, words[q])
            if score >= SUBJECT_THRESHOLD:
                pairs.append((score, f, q))
    return sorted(pairs, key=lambda t: (-t[0], t[1], t[2]))


def _by_subject(groups: list[_Group]) -> list[_Group]:
    merged_into: dict[int, int] = {}
    for _, f, q in _candidate_pairs(groups):
        if f in merged_into or not _fits(groups[q], groups[f]):
            continue  # taken by a better match, or the questions already have this role
        groups[q].papers.extend(groups[f].papers)
        groups[q].by = LinkKind.SUBJECT
        merged_into[f] = q
    return [g for i, g in enumerate(groups) if i not in merged_into]


def link_cases(papers: Iterable[ProcessPaper], today: dt.date) -> tuple[QuestionCase, ...]:
    """Every case the papers make, with its status on ``today``, oldest questions first."""
    unique = list({p.key: p for p in papers}.values())
    groups = _by_subject(_by_zaak(unique))
    cases = [case_of(g.papers, g.by, today) for g in groups]
    return tuple(sorted(cases, key=lambda c: (c.submitted or dt.date.max, c.key)))


def case_of(papers: Sequence[ProcessPaper], by: LinkKind, today: dt.date) -> QuestionCase:
    """One case of papers known to belong together."""
    if len(papers) == 1 and papers[0].has(ProcessRole.QUESTIONS):
        return _questions_alone(papers[0], today)
    ordered = sorted(papers, key=lambda p: (p.date or dt.date.max, p.key))
    group = _Group(list(ordered), by)
    questions = group.role(ProcessRole.QUESTIONS)
    followers = group.role(ProcessRole.ANSWER) + group.role(ProcessRole.NOTICE)
    # without its questions, a case is as old as a notice or answer says they are
    submitted = group.first(ProcessRole.QUESTIONS) or min(
        (d for p in ordered if (d := p.questions_sent_on) is not None), default=None)
    notices = tuple(sorted(d for p in group.role(ProcessRole.NOTICE) if (d := p.date) is not None))
    answered = group.first(ProcessRole.ANSWER)
    due = due_date(submitted, notices, answered)
    titles = [(p, printed_title(p.subject)) for p in followers]
    askers = _union(p.askers for p in questions) or _union(
        parsed.askers if parsed else p.askers for p, parsed in titles)
    subject = next((p.subject for p in questions if p.subject), None) or next(
        (parsed.subject if parsed else p.subject for p, parsed in titles if parsed or p.subject), None)
    answering = followers + questions  # who answered names the ministry best
    # the Kamer's questions as submitted name the case, else a paper of questions with answers
    key = next((p.key for p in questions if p.roles == (ProcessRole.QUESTIONS,)), (questions or ordered)[0].key)
    return QuestionCase(
        key=key, papers=tuple(ordered), submitted=submitted, askers=askers,
        parties=_union(p.parties for p in ordered),
        addressees=next((p.addressees for p in answering if p.addressees), ()),
        ministry=next((p.ministry for p in answering if p.ministry), None), subject=subject,
        zaken=_union(p.zaken for p in ordered), notices=notices, answered=answered, due=due,
        status=_status(due, answered, bool(group.role(ProcessRole.ANSWER)), today), linked_by=by)


def _questions_alone(p: ProcessPaper, today: dt.date) -> QuestionCase:
    """``case_of`` for one paper of questions (with or without its answer): most stored documents,
    built without the general case's bookkeeping, as analytics builds one per document."""
    answered = p.answered_on if p.has(ProcessRole.ANSWER) else None
    due = due_date(p.date, (), answered)
    return QuestionCase(
        key=p.key, papers=(p,), submitted=p.date, askers=p.askers, parties=p.parties, addressees=p.addressees,
        ministry=p.ministry, subject=p.subject, zaken=p.zaken, notices=(), answered=answered, due=due,
        status=_status(due, answered, p.has(ProcessRole.ANSWER), today), linked_by=LinkKind.SINGLE)


def _status(due: dt.date | None, answered: dt.date | None, has_answer: bool, today: dt.date) -> CaseStatus | None:
    if has_answer and answered is None:
        return CaseStatus.ANSWERED  # answered, on a day the paper does not print: late or not is unknown
    return case_status(due, answered, today)


def _union(values: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for vs in values for v in vs))
