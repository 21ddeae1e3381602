"""Who may do what: actors, one table of permissions for actions, one for reading.

An ``Actor`` holds roles (clerk or chair of a committee, member or staff of a group, official
of a ministry); an actor without roles is the public. Against one consultation an actor has a
*standing*: a set of ``Who`` tokens (clerk of its committee, the group an action concerns,
another invited group, an addressed ministry, the public). ``PERMISSIONS`` maps every action to
the standings that may do it and ``decide`` enforces it for every command; ``READS`` says from
which state on each standing may read each part of a consultation, and ``view`` applies it.
``render_matrix`` writes both tables into docs/procedure.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from overleg.errors import NotFound
from overleg.procedure.checks import WHEN
from overleg.procedure.states import Consultation, Contribution, State


class RoleKind(StrEnum):
    CLERK = "clerk"
    CHAIR = "chair"
    MEMBER = "member"
    STAFF = "staff"
    OFFICIAL = "official"


@dataclass(frozen=True)
class Role:
    """``kind`` of ``of``: a committee (clerk, chair), a group (member, staff) or a ministry."""

    kind: RoleKind
    of: str


@dataclass(frozen=True)
class Actor:
    """A logged-in user with roles, or the public (no roles)."""

    user_id: str
    roles: frozenset[Role] = frozenset()

    @classmethod
    def public(cls) -> Actor:
        return cls("anonymous")

    @classmethod
    def with_role(cls, user_id: str, kind: RoleKind, of: str) -> Actor:
        return cls(user_id, frozenset({Role(kind, of)}))

    def has(self, kind: RoleKind, of: str) -> bool:
        return Role(kind, of) in self.roles

    def groups(self) -> frozenset[str]:
        return frozenset(r.of for r in self.roles if r.kind in (RoleKind.MEMBER, RoleKind.STAFF))


class Who(StrEnum):
    """An actor's standing towards one consultation (and the group an action concerns)."""

    CLERK = "clerk"
    CHAIR = "chair"
    GROUP = "group"
    OTHER_GROUP = "other group"
    MINISTRY = "ministry"
    PUBLIC = "public"


WHO_MEANS: dict[Who, str] = {
    Who.CLERK: "a clerk of the consultation's committee",
    Who.CHAIR: "the chair of the committee",
    Who.GROUP: "a member or staff of the group concerned (for the whole consultation: of any invited group)",
    Who.OTHER_GROUP: "a member or staff of another invited group",
    Who.MINISTRY: "an official of an addressed ministry",
    Who.PUBLIC: "anyone, also without logging in",
}

_ALL = frozenset(Who)
_CLERK = frozenset({Who.CLERK})

PERMISSIONS: dict[str, frozenset[Who]] = {
    "create": _CLERK,
    "start_follow_up": _CLERK,
    "edit_details": _CLERK,
    "set_groups": _CLERK,
    "open_intake": _CLERK,
    "submit_contribution": frozenset({Who.GROUP}),
    "withdraw_passage": frozenset({Who.GROUP, Who.CLERK}),
    "extend_deadline": _CLERK,
    "close_intake": _CLERK,
    "reopen_intake": _CLERK,
    "set_group_order": _CLERK,
    "number": _CLERK,
    "send": _CLERK,
    "answer": frozenset({Who.MINISTRY}),
    "withdraw_answer": frozenset({Who.MINISTRY}),
    "receive_answers": _CLERK,
    "establish": frozenset({Who.CLERK, Who.CHAIR}),
    "publish": _CLERK,
    "correct": _CLERK,
}

# Reading: for each part of a consultation, the first state in which each standing sees it.
# A standing not listed never sees that part.
READS: dict[str, dict[Who, State]] = {
    "consultation": {
        Who.CLERK: State.DRAFT, Who.CHAIR: State.DRAFT, Who.GROUP: State.INTAKE_OPEN,
        Who.MINISTRY: State.SENT, Who.PUBLIC: State.PUBLISHED,
    },
    "contribution": {
        Who.GROUP: State.DRAFT, Who.CLERK: State.DRAFT, Who.CHAIR: State.INTAKE_CLOSED,
        Who.OTHER_GROUP: State.INTAKE_CLOSED, Who.MINISTRY: State.SENT, Who.PUBLIC: State.PUBLISHED,
    },
    "answers": {
        Who.MINISTRY: State.SENT, Who.CLERK: State.SENT, Who.CHAIR: State.ANSWERS_RECEIVED,
        Who.GROUP: State.ANSWERS_RECEIVED, Who.PUBLIC: State.PUBLISHED,
    },
    "log": {Who.CLERK: State.DRAFT},
}


def standing(actor: Actor, committee: str, groups: Iterable[str], ministries: Iterable[str],
             group: str | None = None) -> frozenset[Who]:
    """The ``Who`` tokens ``actor`` has towards a consultation of ``committee`` with these
    invited ``groups`` and addressed ``ministries``; ``group`` is the group an action concerns
    (None: the consultation as a whole, where any invited group counts as GROUP)."""
    found = {Who.PUBLIC}
    if actor.has(RoleKind.CLERK, committee):
        found.add(Who.CLERK)
    if actor.has(RoleKind.CHAIR, committee):
        found.add(Who.CHAIR)
    invited = actor.groups() & frozenset(groups)
    if group is None and invited:
        found.add(Who.GROUP)
    elif group is not None:
        if group in invited:
            found.add(Who.GROUP)
        if invited - {group}:
            found.add(Who.OTHER_GROUP)
    if any(actor.has(RoleKind.OFFICIAL, m) for m in ministries):
        found.add(Who.MINISTRY)
    return frozenset(found)


def standing_in(actor: Actor, consultation: Consultation, group: str | None = None) -> frozenset[Who]:
    return standing(actor, consultation.committee, (g.name for g in consultation.groups),
                    (a.ministry for a in consultation.addressees), group)


def may(action: str, who: frozenset[Who]) -> bool:
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
    withdrawn passages for everyone else, None when not visible at all."""
    if not may_read(actor, consultation, "contribution", c.group):
        return None
    if standing_in(actor, consultation, c.group) & {Who.GROUP, Who.CLERK}:
        return c
    return replace(c, passages=c.live_passages)


def view(actor: Actor, consultation: Consultation) -> Consultation:
    """The consultation as ``actor`` may read it: other groups' drafts, answers not yet
    visible to the actor and withdrawn passages left out. Raises NotFound (never Forbidden,
    so existence does not leak) when the actor may not see the consultation at all."""
    if not may_read(actor, consultation, "consultation"):
        raise NotFound(f"no consultation {consultation.id!r}")
    contributions = tuple(
        v for v in (_visible_contribution(actor, consultation, c) for c in consultation.contributions) if v
    )
    answers = consultation.answers if may_read(actor, consultation, "answers") else ()
    return replace(consultation, contributions=contributions, answers=answers)


def render_matrix() -> str:
    """The tables of actions, reads and states as Markdown, for docs/procedure.md."""
    cols = list(Who)
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
    lines += [f"- **{w.value}**: {WHO_MEANS[w]}" for w in cols]
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

