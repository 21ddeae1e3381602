"""The registers over HTTP: ministries (with their posts) and parliamentary groups.

Reading is for every logged-in user (the clerk chooses from the registers); adding, editing,
deactivating and reactivating are for administrators (403 otherwise). Entries are never deleted.
``GET /api/registers/resolve`` says which entry a name as typed means (422 with suggestions).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from overleg.http.auth import LoggedIn, service_of
from overleg.service import Ministry, ParliamentaryGroup, Post

router = APIRouter(prefix="/api/registers", tags=["registers"])
_STRICT = ConfigDict(extra="forbid")
_NAME = Field(max_length=200)


class PostBody(BaseModel):
    model_config = _STRICT
    title: str = _NAME
    person: str | None = Field(default=None, max_length=200)
    active: bool = True


class MinistryFields(BaseModel):
    model_config = _STRICT
    name: str = _NAME
    earlier_names: list[str] = Field(default_factory=list, max_length=30)
    posts: list[PostBody] = Field(default_factory=list, max_length=30)
    active: bool = True


class MinistryBody(MinistryFields):
    key: str = Field(max_length=32)


class GroupFields(BaseModel):
    model_config = _STRICT
    name: str = _NAME
    seats: int = Field(default=0, ge=0, le=150)
    aliases: list[str] = Field(default_factory=list, max_length=30)
    active: bool = True


class GroupBody(GroupFields):
    key: str = Field(max_length=64)


class ResolvedName(BaseModel):
    kind: Literal["ministry", "group"]
    key: str
    label: str


def _ministry_out(m: Ministry) -> MinistryBody:
    return MinistryBody(key=m.key, name=m.name, earlier_names=list(m.earlier_names), active=m.active,
                        posts=[PostBody(title=p.title, person=p.person, active=p.active) for p in m.posts])


def _group_out(g: ParliamentaryGroup) -> GroupBody:
    return GroupBody(key=g.key, name=g.name, seats=g.seats, aliases=list(g.aliases), active=g.active)


def _ministry_in(key: str, body: MinistryFields) -> Ministry:
    return Ministry(key, body.name, tuple(body.earlier_names),
                    tuple(Post(p.title, p.person, p.active) for p in body.posts), body.active)


def _group_in(key: str, body: GroupFields) -> ParliamentaryGroup:
    return ParliamentaryGroup(key, body.name, body.seats, tuple(body.aliases), body.active)


@router.get("/ministries", response_model=list[MinistryBody])
def ministries(request: Request, who: LoggedIn, active_only: bool = False) -> list[MinistryBody]:
    """Every ministry in register order, with its posts (only the active ones with ``active_only``)."""
    return [_ministry_out(m) for m in service_of(request).registers.ministries(who, active_only)]


@router.get("/ministries/{key}", response_model=MinistryBody)
def ministry(key: str, request: Request, who: LoggedIn) -> MinistryBody:
    return _ministry_out(service_of(request).registers.ministry(who, key))


@router.post("/ministries", status_code=201, response_model=MinistryBody)
def add_ministry(body: MinistryBody, request: Request, who: LoggedIn) -> MinistryBody:
    """Add a ministry (administrators; 409 when the key is taken, 422 when a name is another's)."""
    return _ministry_out(service_of(request).registers.add_ministry(who, _ministry_in(body.key, body)))


@router.put("/ministries/{key}", response_model=MinistryBody)
def edit_ministry(key: str, body: MinistryFields, request: Request, who: LoggedIn) -> MinistryBody:
    """Replace a ministry's name, earlier names, posts and active flag (administrators)."""
    return _ministry_out(service_of(request).registers.edit_ministry(who, _ministry_in(key, body)))


@router.post("/ministries/{key}/{step}", response_model=MinistryBody)
def ministry_active(key: str, step: Literal["deactivate", "activate"], request: Request,
                    who: LoggedIn) -> MinistryBody:
    """Deactivate (or activate again) a ministry (administrators)."""
    return _ministry_out(service_of(request).registers.set_ministry_active(who, key, step == "activate"))


@router.get("/groups", response_model=list[GroupBody])
def groups(request: Request, who: LoggedIn, active_only: bool = False) -> list[GroupBody]:
    """Every parliamentary group in register order (only the active ones with ``active_only``)."""
    return [_group_out(g) for g in service_of(request).registers.groups(who, active_only)]


@router.get("/groups/{key}", response_model=GroupBody)
def group(key: str, request: Request, who: LoggedIn) -> GroupBody:
    return _group_out(service_of(request).registers.group(who, key))


@router.post("/groups", status_code=201, response_model=GroupBody)
def add_group(body: GroupBody, request: Request, who: LoggedIn) -> GroupBody:
    """Add a parliamentary group (administrators; 409 when the key is taken)."""
    return _group_out(service_of(request).registers.add_group(who, _group_in(body.key, body)))


@router.put("/groups/{key}", response_model=GroupBody)
def edit_group(key: str, body: GroupFields, request: Request, who: LoggedIn) -> GroupBody:
    """Replace a group's name, seats, aliases and active flag (administrators)."""
    return _group_out(service_of(request).registers.edit_group(who, _group_in(key, body)))


@router.post("/groups/{key}/{step}", response_model=GroupBody)
def group_active(key: str, step: Literal["deactivate", "activate"], request: Request, who: LoggedIn) -> GroupBody:
    """Deactivate (or activate again) a group (administrators)."""
    return _group_out(service_of(request).registers.set_group_active(who, key, step == "activate"))


@router.get("/resolve", response_model=ResolvedName)
def resolve(kind: Literal["ministry", "group"], name: str, request: Request, who: LoggedIn) -> ResolvedName:
    """The entry a name as typed means ("D 66" -> D66, "minister van Financiën" -> FIN); 422 with
    the closest entries in the message when none."""
    registers = service_of(request).registers
    registers.groups(who)  # logged-in users only, as every read of the registers
    if kind == "ministry":
        m = registers.resolve_ministry(name, "name")
        return ResolvedName(kind=kind, key=m.key, label=m.label)
    g = registers.resolve_group(name, "name")
    return ResolvedName(kind=kind, key=g.key, label=g.label)
