"""Who may do what: one table of permissions for actions, one for reading.

An ``Actor`` (``procedure.actors``) holds roles (clerk or chair of a committee, member or staff
of a group, official of a ministry), each in every committee or in one; an actor without roles
is the public. Against one
consultation an actor has a *standing*: a set of ``Standing`` tokens (clerk of its committee,
the group an action concerns, another invited group, an addressed ministry, the public).
``PERMISSIONS`` maps every action to the standings that may do it and ``decide`` enforces it
for every command; ``READS`` says from which state on each standing may read each part of a
consultation, and ``view`` applies it.
``render_matrix`` writes both tables into docs/procedure.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum

from overleg.errors import NotFound
from overleg.procedure.actors import Actor, RoleKind
from overleg.procedure.checks import WHEN
from overleg.procedure.states import Consultation, Contribution, State


class Standing(StrEnum):
    """An actor's standing towards one consultation (and the group an action concerns)."""

    CLERK = "clerk"
    CHAIR = "chair"
    GROUP = "group"
    OTHER_GROUP = "other group"
    MINISTRY = "ministry"
    PUBLIC = "public"


STANDING_MEANS: dict[Standing, str] = {
    Standing.CLERK: "a clerk of the consultation's committee",
    Standing.CHAIR: "the chair of the committee",
    Standing.GROUP: "a member or staff of the group concerned (for the whole consultation: of any invited group)",
    Standing.OTHER_GROUP: "a member or staff of another invited group",
    Standing.MINISTRY: "an official of an addressed ministry",
    Standing.PUBLIC: "anyone, also without logging in",
}

_ALL = frozenset(Standing)
_CLERK = frozenset({Standing.CLERK})

PERMISSIONS: dict[str, frozenset[Standing]] = {
    "create": _CLERK,
    "start_follow_up": _CLERK,
    "edit_details": _CLERK,
    "set_groups": _CLERK,
    "open_intake": _CLERK,
    "submit_contribution": frozenset({Standing.GROUP}),
    "withdraw_passage": frozenset({Standing.GROUP, Standing.CLERK}),
    "extend_deadline": _CLERK,
    "close_intake": _CLERK,
    "reopen_intake": _CLERK,
    "set_group_order": _CLERK,
    "number": _CLERK,
    "send": _CLERK,
    "answer": frozenset({Standing.MINISTRY}),
    "withdraw_answer": frozenset({Standing.MINISTRY}),
    "receive_answers": _CLERK,
    "establish": frozenset({Standing.CLERK, Standing.CHAIR}),
    "publish": _CLERK,
    "correct": _CLERK,
    "correct_addressees": _CLERK,
    "hand_in": frozenset({Standing.GROUP}),
    "retract_contribution": frozenset({Standing.GROUP}),
    "deliver_answers": frozenset({Standing.MINISTRY}),
    "request_postponement": frozenset({Standing.MINISTRY}),
    "move_passage": _CLERK,
    "merge_passages": _CLERK,
    "set_answer_deadline": _CLERK,
}

# Reading: for each part of a consultation, the first state in which each standing sees it.
# A standing not listed never sees that part. The ministry's answers are its own drafts until it
# delivers them (``deliver_answers``, or the clerk records them received): nobody else, not even
# the clerk, reads a draft answer.
READS: dict[str, dict[Standing, State]] = {
    "consultation": {
        Standing.CLERK: State.DRAFT, Standing.CHAIR: State.DRAFT, Standing.GROUP: State.INTAKE_OPEN,
        Standing.MINISTRY: State.SENT, Standing.PUBLIC: State.PUBLISHED,
    },
    "contribution": {
        Standing.GROUP: State.DRAFT, Standing.CLERK: State.DRAFT, Standing.CHAIR: State.INTAKE_CLOSED,
        Standing.OTHER_GROUP: State.INTAKE_CLOSED, Standing.MINISTRY: State.SENT, Standing.PUBLIC: State.PUBLISHED,
    },
    "answers": {
        Standing.MINISTRY: State.SENT, Standing.CLERK: State.ANSWERS_RECEIVED,
        Standing.CHAIR: State.ANSWERS_RECEIVED, Standing.GROUP: State.ANSWERS_RECEIVED,
        Standing.PUBLIC: State.PUBLISHED,
    },
    "log": {Standing.CLERK: State.DRAFT},
}


def standing(actor: Actor, committee: str, groups: Iterable[str], ministries: Iterable[str],
             group: str | None = None) -> frozenset[Standing]:
    """The ``Standing`` tokens ``actor`` has towards a consultation of ``committee`` with these
    invited ``groups`` and addressed ``ministries``; ``group`` is the group an action concerns
    (None: the consultation as a whole, where any invited group counts as GROUP)."""
    found = {Standing.PUBLIC}
    # Every role counts only where it holds: a role granted within another committee gives no standing here.
    if actor.has(RoleKind.CLERK, committee, within=committee):
        found.add(Standing.CLERK)
    if actor.has(RoleKind.CHAIR, committee, within=committee):
        found.add(Standing.CHAIR)
    invited = actor.groups(within=committee) & frozenset(groups)
    if group is None and invited:
        found.add(Standing.GROUP)
    elif group is not None:
        if group in invited:
            found.add(Standing.GROUP)
        if invited - {group}:
            found.add(Standing.OTHER_GROUP)
    if any(actor.has(RoleKind.OFFICIAL, m, within=committee) for m in ministries):
        found.add(Standing.MINISTRY)
    return frozenset(found)


def standing_in(actor: Actor, consultation: Consultation, group: str | None = None) -> frozenset[Standing]:
    return standing(actor, consultation.committee, (g.name for g in consultation.groups),
                    (a.ministry for a in consultation.addressees), group)


def may(action: str, who: frozenset[Standing]) -> bool:
    """True when one of the standings ``who`` may do ``action`` (see PERMISSIONS)."""
    return bool(PERMISSIONS[action] & who)


def actions_for(actor: Actor, consultation: Consultation, group: str | None = None) -> tuple[str, ...]:
    """The actions ``actor`` may take now (for ``group``'s contribution where one is named):
    permitted by PERMISSIONS and possible in the current state; for a UI's buttons."""
    who = standing_in(actor, consultation, group)
    return tuple(action for action, states in WHEN.items() if consultation.state in states and may(action, who))


def may_read(actor: Actor, consultation: Consultation, part: str, group: str | None = None) -> bool:
    """True when ``actor`` may read ``part`` ("consultation", "contribution" of ``group``,
    "answers", "log") of ``consultation`` in its current state (see READS)."""
    rules = READS[part]
    # Only contributions belong to a group; the rest is the consultation's as a whole.
    concerns = group if part == "contribution" else None
    return any(who in rules and consultation.state.at_least(rules[who])
               for who in standing_in(actor, consultation, concerns))


def _visible_contribution(actor: Actor, consultation: Consultation, c: Contribution) -> Contribution | None:
    """The contribution as ``actor`` may see it: whole for its group and the clerk, without
    withdrawn passages for everyone else, None when not visible at all (and for everyone else
    always None while it is a draft: drafts do not count and are not shown)."""
    if not may_read(actor, consultation, "contribution", c.group):
        return None
    if standing_in(actor, consultation, c.group) & {Standing.GROUP, Standing.CLERK}:
        return c
    if not c.submitted:  # a draft that was never handed in stays the group's (and the clerk's)
        return None
    return replace(c, passages=c.live_passages)


def view(actor: Actor, consultation: Consultation) -> Consultation:
    """The consultation as ``actor`` may read it: other groups' drafts, answers not yet
    visible to the actor and withdrawn passages left out. Raises NotFound (never PermissionDenied,
    so existence does not leak) when the actor may not see the consultation at all."""
    if not may_read(actor, consultation, "consultation"):
        raise NotFound(f"Er is geen procedure {consultation.id} die u mag zien.")
    contributions = tuple(
        v for v in (_visible_contribution(actor, consultation, c) for c in consultation.contributions) if v
    )
    answers = consultation.answers if may_read(actor, consultation, "answers") else ()
    return replace(consultation, contributions=contributions, answers=answers)


def render_matrix() -> str:
    """The tables of actions, reads and states as Markdown, for docs/procedure.md."""
    cols = list(Standing)
    lines = ["| action | " + " | ".join(c.value for c in cols) + " |",
             "|---|" + "---|" * len(cols)]
    for action, allowed in PERMISSIONS.items():
        cells = ["yes" if c in allowed else "no" for c in cols]
        lines.append(f"| `{action}` | " + " | ".join(cells) + " |")
    lines += ["", "Reading (the first state from which each standing sees the part; - for never):", "",
              "| part | " + " | ".join(c.value for c in cols) + " |", "|---|" + "---|" * len(cols)]
    for part, rules in READS.items():
        cells = [rules[c].value if c in rules else "-" for c in cols]
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    lines += ["", "Standings:", ""]
    lines += [f"- **{w.value}**: {STANDING_MEANS[w]}" for w in cols]
    lines += ["", "States in which each action is possible (anything else is an illegal transition):", "",
              "| action | states |", "|---|---|"]
    for action, states in WHEN.items():
        lines.append(f"| `{action}` | " + ", ".join(s.value for s in State if s in states) + " |")
    return "\n".join(lines) + "\n"


BEGIN = "<!-- generated by overleg.procedure.access.render_matrix: begin -->"
END = "<!-- generated by overleg.procedure.access.render_matrix: end -->"


def update_doc(text: str) -> str:
    """``text`` (docs/procedure.md) with the part between the markers rendered afresh."""
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError("docs/procedure.md lacks the markers of the generated matrix")
    return f"{head}{BEGIN}\n{render_matrix()}{END}{tail}"

