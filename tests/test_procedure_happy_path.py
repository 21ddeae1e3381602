"""The whole procedure of a report of the seed's shape: 5 groups, 53 passages, grouped and
cross-referencing answers, footnotes; re-enacted command by command and printed back."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from overleg.exchange import from_dict, to_dict
from overleg.extract.enrich import enrich
from overleg.model import Document, DocumentId, DocumentType
from overleg.procedure import State, apply, decode, encode, replay, snapshot_from_json, snapshot_to_json, to_document
from overleg.procedure.events import Event
from overleg.procedure.reenact import enact as run
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import SEED_SHAPE, sample_report
from overleg.procedure.states import Consultation

START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(scope="module")
def source() -> Document:
    return sample_report()


@pytest.fixture(scope="module")
def enacted(source: Document) -> tuple[Consultation, tuple[Event, ...]]:
    state, log = run(reenact(source, "so-seed", START))
    assert state is not None
    return state, log


def test_the_sample_has_the_seeds_shape(source: Document) -> None:
    assert [f.name for f in source.factions] == [name for name, _ in SEED_SHAPE]
    assert len(source.items) == 53
    assert any(i.answer_group for i in source.items)
    assert any(i.cross_refs for i in source.items)


def test_the_procedure_passes_every_state_in_order(enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    _, log = enacted
    seen: list[State] = []
    state: Consultation | None = None
    for event in log:
        state = apply(state, event)
        if not seen or seen[-1] is not state.state:
            seen.append(state.state)
    assert seen == list(State)


def test_the_published_report_is_the_source_report(source: Document,
                                                   enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    state, _ = enacted
    # Motions aside: what the text finders add to the declared ones is the finders' business.
    assert replace(to_document(state), motions=()) == replace(enrich(source), motions=())


def test_the_published_report_keeps_every_cited_motion_with_its_papers_and_items(
        source: Document, enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    built = {m.name: m for m in to_document(enacted[0]).motions}
    assert source.motions
    for motion in source.motions:
        assert motion.name in built
        assert set(motion.refs) <= set(built[motion.name].refs)
        assert set(motion.items) <= set(built[motion.name].items)


def test_footnotes_keep_links_that_their_text_does_not_show(
        source: Document, enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    hidden = [f for f in source.footnotes if f.urls and not any(u in (f.text or "") for u in f.urls)]
    assert hidden
    built = to_document(enacted[0])
    for note in hidden:
        found = built.footnote(note.number)
        assert found is not None and found.urls == note.urls


def test_the_published_report_survives_the_exchange_json(enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    doc = to_document(enacted[0])
    assert from_dict(to_dict(doc)) == doc


def test_passages_are_numbered_across_the_document_group_after_group(
        enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    state, _ = enacted
    assert state.numbers == tuple(range(1, 54))
    groups = [n.group for n in state.numbering]
    runs = [g for k, g in enumerate(groups) if k == 0 or groups[k - 1] != g]
    assert runs == [name for name, _ in SEED_SHAPE]


def test_an_answer_group_gives_every_item_the_whole_answer(enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    doc = to_document(enacted[0])
    grouped = [i for i in doc.items if i.answer_group]
    assert grouped
    for item in grouped:
        first = doc.item(item.answer_group[0])
        assert first is not None
        assert item.answer == first.answer
        assert item.answer_footnotes == first.answer_footnotes
        assert item.number in item.answer_group


def test_footnotes_are_numbered_in_order_of_appearance(enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    doc = to_document(enacted[0])
    order = [n for i in doc.items for n in (*i.question_footnotes, *i.answer_footnotes)]
    first_seen = list(dict.fromkeys(order))
    assert first_seen == list(range(1, len(doc.footnotes) + 1))
    assert [f.number for f in doc.footnotes] == first_seen
    assert any(f.text is None for f in doc.footnotes)  # an empty note prints as a bare marker


def test_the_report_gets_its_kamerstuk_id_and_the_signatures(enacted: tuple[Consultation, tuple[Event, ...]],
                                                             source: Document) -> None:
    doc = to_document(enacted[0])
    assert doc.type is DocumentType.VERSLAG
    assert doc.id == DocumentId.kamerstuk("21501-02", "9001")
    assert doc.committee == source.committee
    assert (doc.questions_sent_on, doc.answered_on, doc.date) == (
        source.questions_sent_on, source.answered_on, source.date)


def test_enrich_runs_on_the_built_document(enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    doc = to_document(enacted[0])
    cited = [i for i in doc.items if "Kamerstuk" in i.question or "Kamerstuk" in (i.answer or "")]
    assert all(i.question_refs or i.answer_refs for i in cited)
    referral = [i for i in doc.items if re.fullmatch(r"Zie het antwoord op vraag \d+\.", i.answer or "")]
    assert referral and all(i.referral_only for i in referral)


def test_after_sending_the_numbered_list_is_an_inbreng_without_answers(source: Document) -> None:
    steps = reenact(source, "so-inbreng", START)
    sent_at = next(k for k, s in enumerate(steps) if s.command.action == "send")
    state, _ = run(steps[: sent_at + 1])
    assert state is not None and state.state is State.SENT
    doc = to_document(state)
    assert doc.type is DocumentType.INBRENG
    assert [i.question for i in doc.items] == [i.question for i in source.items]
    assert all(i.answer is None for i in doc.items)
    assert doc.questions_sent_on == source.questions_sent_on
    assert doc.id is None


def test_the_log_replays_to_the_state_and_survives_its_stored_form(
        enacted: tuple[Consultation, tuple[Event, ...]]) -> None:
    state, log = enacted
    assert state.version == len(log)
    stored = [encode(e) for e in log]
    assert replay(decode(s) for s in stored) == state
    assert snapshot_from_json(snapshot_to_json(state)) == state
