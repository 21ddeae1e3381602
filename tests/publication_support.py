"""Consultations run through the service up to any step, for the tests of documents' owners,
atomic publication and damaged stores: a sample report's procedure (re-enacted), for any
committee and report number, on a migrated store of either kind."""

from __future__ import annotations

import dataclasses
import datetime as dt

from overleg.model import Committee, Document
from overleg.procedure.reenact import Step, reenact
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation
from overleg.service import Service
from overleg.store import Store

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
FOREIGN_AFFAIRS = "vaste commissie voor Buitenlandse Zaken"
DEFENCE = "vaste commissie voor Defensie"
SEED_ID = "kst-21501-02-3349"  # the bundled example paper
REPORT_ID = "kst-21501-02-9001"  # the sample report's own number


def sample(committee: str = FOREIGN_AFFAIRS, number: str = "9001") -> Document:
    """The sample report (five numbers, two groups) of ``committee`` under ``number``."""
    doc = sample_report((("Groot", 3), ("Klein", 2)))
    return dataclasses.replace(doc, number=number, committee=Committee(committee, "Voorzitter", "Griffier"))


def steps_for(consultation_id: str, committee: str = FOREIGN_AFFAIRS, number: str = "9001") -> tuple[Step, ...]:
    return reenact(sample(committee, number), consultation_id, START)


def service_over(store: Store) -> Service:
    """The service over ``store``, its clock an hour after the steps' start (before every deadline)."""
    return Service(store, lambda: START + dt.timedelta(hours=1))


def run(service: Service, consultation_id: str, steps: tuple[Step, ...], *, until: str | None = None,
        ) -> Consultation | None:
    """Execute ``steps`` in turn, stopping before the first whose action is ``until``; the state
    the last step left (as its actor sees it)."""
    state = None
    for step in steps:
        if step.command.action == until:
            break
        state = service.consultations.execute(step.actor, consultation_id, step.command)
    return state


def step_of(steps: tuple[Step, ...], action: str) -> Step:
    return next(s for s in steps if s.command.action == action)


