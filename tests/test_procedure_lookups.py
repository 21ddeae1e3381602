"""A consultation's lookups by number, group and passage (kept as indexes, so that a report of
200 questions is built in linear time) answer exactly what a scan of its tuples answers, also
for a copy made with ``replace``, which must never answer from the indexes of its original."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from overleg.procedure.reenact import enact, reenact
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation

START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def answered() -> Consultation:
    """A consultation with every answer given (answer groups among them), before it is received."""
    steps = list(reenact(sample_report((("Groot", 16), ("Midden", 12), ("Klein", 8))), "so-index", START))
    stop = next(k for k, s in enumerate(steps) if s.command.action == "receive_answers")
    state, _ = enact(steps[:stop])
    assert state is not None and state.answers and any(len(a.numbers) > 1 for a in state.answers)
    return state


def _scanned(c: Consultation, number: int) -> tuple[object, ...]:
    entry = next((n for n in c.numbering if n.number == number), None)
    contribution = next((k for k in c.contributions if k.group == entry.group), None) if entry else None
    passage = next((p for p in contribution.passages if p.passage_id == entry.passage_id), None) \
        if contribution and entry else None
    answer = next((a for a in c.answers if number in a.numbers), None)
    return entry, passage, answer


def test_every_number_finds_what_a_scan_of_the_tuples_finds(answered: Consultation) -> None:
    for number in (*answered.numbers, 0, max(answered.numbers) + 1):
        assert (answered.numbered(number), answered.passage_at(number), answered.answer_to(number)) \
            == _scanned(answered, number)
    for group in ("Groot", "Midden", "Klein", "Onbekend"):
        assert answered.contribution(group) == next((k for k in answered.contributions if k.group == group), None)


def test_a_changed_copy_answers_from_its_own_tuples_not_from_the_original(answered: Consultation) -> None:
    first = answered.numbers[0]
    assert answered.answer_to(first) is not None and answered.contribution("Groot") is not None  # indexes built
    emptied = replace(answered, answers=(), contributions=answered.contributions[1:],
                      numbering=answered.numbering[1:])
    assert emptied.answer_to(first) is None
    assert emptied.numbered(first) is None and emptied.passage_at(first) is None
    assert emptied.contribution(answered.contributions[0].group) is None
    assert answered.answer_to(first) is not None  # the original keeps its own
