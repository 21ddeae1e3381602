"""User input -> a safe query AST, which ``search.scoring`` evaluates over the postings.

Syntax (docs/search.md): words (stemmed), ``"a phrase"``, ``prefix*``, ``AND`` / ``OR`` / ``NOT``
(upper case; ``-word`` is NOT word), proximity (``"a b"~N`` or ``a NEAR/N b``; ``NEAR`` alone is
``NEAR/10``), parentheses; juxtaposition is AND. The parser never fails on
any input: stray quotes close at the end, stray brackets are ignored, punctuation separates
words. It raises only ``InvalidQuery`` (a message for the user) when nothing searchable is left
or a query is only negations. The leaves hold nothing but analysed words (letters and digits),
and they reach SQL only as bound values (a term looked up), so no input can change any SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Union

from overleg.corpus.search.analysis import part_terms, stem, tokens
from overleg.errors import InvalidQuery

MAX_QUERY_CHARS = 1000
MAX_LEAVES = 64
MAX_DEPTH = 32
NEAR_DISTANCE = 10  # NEAR without a number
MAX_NEAR_DISTANCE = 100




@dataclass(frozen=True)
class Term:
    stem: str


@dataclass(frozen=True)
class Prefix:
    stem: str


@dataclass(frozen=True)
class Phrase:
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Near:
    """The words in any order with at most ``distance`` other words between the first and the last."""

    stems: tuple[str, ...]
    distance: int


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Union[Term, Prefix, Phrase, Near, And, Or, Not]  # noqa: UP007 (a runtime alias of forward refs)

_LEX = re.compile(r'"(?P<phrase>[^"]*)"?(?:~(?P<near>\d{1,6}))?|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)')
_NEAR_OP = re.compile(r"NEAR(?:/(\d{1,6}))?")


def _lex(text: str) -> Iterator[tuple[str, str]]:
    """Tokens as (kind, text): phrase, open, close, op (AND/OR/NOT/-), word, prefix."""
    for m in _LEX.finditer(text):
        if m.group("phrase") is not None:
            near = m.group("near")
            yield ("phrase" if near is None else f"near:{_distance(near)}"), m.group("phrase")
        elif m.group("open"):
            yield "open", "("
        elif m.group("close"):
            yield "close", ")"
        else:
            word = m.group("word")
            if word in ("AND", "OR", "NOT", "&&", "||"):
                yield "op", {"&&": "AND", "||": "OR"}.get(word, word)
                continue
            if (near_op := _NEAR_OP.fullmatch(word)) is not None:
                yield "op", f"NEAR/{_distance(near_op.group(1))}"
                continue
            if word.startswith("-") and len(word) > 1:
                yield "op", "NOT"
                word = word.lstrip("-")
            yield ("prefix" if word.endswith("*") else "word"), word


def _distance(digits: str | None) -> int:
    return NEAR_DISTANCE if digits is None else min(int(digits), MAX_NEAR_DISTANCE)


def _near(left: Node, right: Node, distance: int) -> Node:
    """``left NEAR/distance right``: words and phrases join one Near (its words); anything else
    (a prefix, a bracket) is the AND of both."""
    if isinstance(left, Term | Phrase | Near) and isinstance(right, Term | Phrase | Near):
        if isinstance(left, Near):
            distance = min(distance, left.distance)
        return Near(_stems(left) + _stems(right), distance)
    return And((left, right))


def _stems(node: Term | Phrase | Near) -> tuple[str, ...]:
    return (node.stem,) if isinstance(node, Term) else node.stems


def _leaf(kind: str, text: str) -> Node | None:
    """A word chunk ("minister-president", "vraag*") or phrase text as an AST leaf."""
    words = tokens(text)
    if not words:
        return None
    stems = tuple(stem(w) for w in words)
    if kind.startswith("near:") and len(stems) > 1:
        return Near(stems, int(kind[5:]))
    if kind == "prefix" and len(stems) == 1:
        return Prefix(stems[0])
    if len(stems) == 1:
        return Term(stems[0])
    if kind == "prefix":  # "ex-minist*": the phrase of the whole words, the last one as it stands
        return Phrase(stems)
    return Phrase(stems)


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = list(_lex(text))
        self.pos = 0
        self.leaves = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse_or(self, depth: int) -> Node | None:
        parts = [self.parse_and(depth)]
        while (tok := self.peek()) is not None and tok == ("op", "OR"):
            self.pos += 1
            parts.append(self.parse_and(depth))
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else Or(kept)

    def parse_and(self, depth: int) -> Node | None:
        parts: list[Node | None] = []
        while (tok := self.peek()) is not None and tok != ("op", "OR") and tok[0] != "close":
            if tok == ("op", "AND"):
                self.pos += 1
                continue
            part = self.parse_unary(depth)
            while part is not None and (tok := self.peek()) is not None and tok[0] == "op" \
                    and tok[1].startswith("NEAR/"):
                self.pos += 1
                right = self.parse_unary(depth)
                if right is not None:
                    part = _near(part, right, int(tok[1][5:]))
            parts.append(part)
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else And(kept)

    def parse_unary(self, depth: int) -> Node | None:
        negate = False
        while (tok := self.peek()) is not None and tok == ("op", "NOT"):
            self.pos += 1
            negate = not negate
        node = self.parse_primary(depth)
        return Not(node) if negate and node is not None else node

    def parse_primary(self, depth: int) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        self.pos += 1
        kind, text = tok
        if kind == "open":
            if depth >= MAX_DEPTH:
                raise InvalidQuery(f"de zoekvraag heeft haakjes die meer dan {MAX_DEPTH} diep genest zijn")
            inner = self.parse_or(depth + 1)
            if self.peek() is not None and self.peek() == ("close", ")"):
                self.pos += 1
            return inner
        if kind in ("phrase", "word", "prefix") or kind.startswith("near:"):
            leaf = _leaf(kind, text)
            if leaf is not None:
                self.leaves += 1
                if self.leaves > MAX_LEAVES:
                    raise InvalidQuery(f"de zoekvraag heeft meer dan {MAX_LEAVES} woorden of zinsdelen")
            return leaf
        return None  # a stray operator where a word belongs (e.g. "OR" at the start)

    def parse(self) -> Node | None:
        found: list[Node] = []
        while self.peek() is not None:
            node = self.parse_or(0)
            if node is not None:
                found.append(node)
            if self.peek() is not None and self.peek() == ("close", ")"):
                self.pos += 1  # an unmatched closing bracket: skip it
        return None if not found else found[0] if len(found) == 1 else And(tuple(found))


def parse(text: str) -> Node:
    """The AST of a user's query; raises ``InvalidQuery`` (never anything else) when it has nothing
    to search for, is only negations, or is absurdly long."""
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"de zoekvraag is langer dan {MAX_QUERY_CHARS} tekens")
    node = _Parser(text).parse()
    if node is None:
        raise InvalidQuery("de zoekvraag bevat geen woorden om op te zoeken")
    return _check(node)


def _check(node: Node) -> Node:
    """Negations only subtract from something: NOT inside an AND that has a positive part."""
    if isinstance(node, Not):
        raise InvalidQuery("NOT heeft een woord nodig om van af te trekken, zoals in 'Gaza NOT Rafah'")
    if isinstance(node, Or):
        return Or(_with_compound_parts(tuple(_check(c) for c in node.children)))
    if isinstance(node, And):
        positives = tuple(_check(c) for c in node.children if not isinstance(c, Not))
        negatives = tuple(Not(_check(c.child)) for c in node.children if isinstance(c, Not))
        if not positives:
            raise InvalidQuery("NOT heeft een woord nodig om van af te trekken, zoals in 'Gaza NOT Rafah'")
        return And(positives + negatives)
    return node


def _with_compound_parts(children: tuple[Node, ...]) -> tuple[Node, ...]:
    """An OR's words, each compound followed by its parts as further OR'ed words: a ranked OR
    (a pasted question, similar questions) then also finds the parts written apart ("uitstoot van
    stikstof" for *stikstofuitstoot*). Only in an OR: in an AND or a phrase a compound means the
    whole word. Measured on the relevance pairs: docs/benchmarks-relevance.md."""
    present = {c.stem for c in children if isinstance(c, Term)}
    out: list[Node] = []
    for child in children:
        out.append(child)
        if isinstance(child, Term):
            for part in part_terms(child.stem):
                if part not in present:
                    present.add(part)
                    out.append(Term(part))
    return tuple(out)


Leaf = Union[Term, Prefix, Phrase, Near]  # noqa: UP007


def positive_leaves(node: Node) -> list[Leaf]:
    """The words, phrases and proximities a hit contains (for highlighting and scoring):
    everything not under a NOT."""
    if isinstance(node, Term | Prefix | Phrase | Near):
        return [node]
    if isinstance(node, Not):
        return []
    found: list[Leaf] = []
    for child in node.children:
        found.extend(positive_leaves(child))
    return found
