"""Consultations over HTTP: create, one POST per procedure command, the filtered view, the log.

Every command body carries ``expected_version``: the version the client saw of the part it
edits (see docs/procedure.md); a stale one is 409 ``stale-version`` with ``current``.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from overleg.api.schemas import ConsultationOut, FollowUpBody, LogEntryOut, body_model
from overleg.http.auth import Who, service_of
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.states import Consultation
from overleg.service import COMMANDS, Credentials, Service
from overleg.service.commands import parse

router = APIRouter(prefix="/api/consultations", tags=["consultations"])


def _out(service: Service, who: Credentials, seen: Consultation, minimal: bool = False) -> dict[str, Any]:
    return {"id": seen.id, "version": seen.version, "state": seen.state.value,
            "actions": list(service.consultations.actions(who.actor, seen)),
            "consultation": None if minimal else to_plain(seen)}


def consultation_out(service: Service, who: Credentials, seen: Consultation, status: int = 200,
                     request: Request | None = None) -> JSONResponse:
    """A ConsultationOut body, encoded directly: a report's view is large, and pydantic would
    walk it again only to find plain JSON. ``Prefer: return=minimal`` (RFC 7240) leaves the
    consultation out (null), for clients that only need the new version."""
    minimal = request is not None and "return=minimal" in request.headers.get("prefer", "")
    headers = {"Preference-Applied": "return=minimal"} if minimal else None
    return JSONResponse(_out(service, who, seen, minimal), status_code=status, headers=headers)


@router.get("", response_model=list[ConsultationOut])
def list_consultations(request: Request, who: Who) -> JSONResponse:
    """Every consultation the caller may see, as they may see it."""
    service = service_of(request)
    return JSONResponse([_out(service, who, seen) for seen in service.consultations.list(who.actor)])


CreateBody: Any = body_model(c.CreateConsultation)


@router.post("", status_code=201, response_model=ConsultationOut)
def create(body: CreateBody, request: Request, who: Who) -> JSONResponse:
    """Draft a new consultation (a clerk of its committee)."""
    service = service_of(request)
    command = parse(c.CreateConsultation, body.model_dump(mode="json"), "create")
    return consultation_out(service, who, service.consultations.create(who.actor, command), 201, request)


@router.get("/{consultation_id}", response_model=ConsultationOut)
def get(consultation_id: str, request: Request, who: Who) -> JSONResponse:
    """The consultation as the caller may see it: other groups' drafts before intake closes,
    answers before they may be read, and everything before publication for the public are left
    out; 404 when the caller may not see it at all."""
    service = service_of(request)
    return consultation_out(service, who, service.consultations.get(who.actor, consultation_id))


@router.get("/{consultation_id}/events", response_model=list[LogEntryOut])
def events(consultation_id: str, request: Request, who: Who) -> list[LogEntryOut]:
    """The audit log: every event with who and when (clerks of the committee only)."""
    log = service_of(request).consultations.log(who.actor, consultation_id)
    return [LogEntryOut(seq=e.seq, type=e.type, actor=e.actor, at=e.at, payload=e.payload) for e in log]


@router.post("/{consultation_id}/follow-ups", status_code=201, response_model=ConsultationOut)
def follow_up(consultation_id: str, body: FollowUpBody, request: Request,
              who: Who) -> JSONResponse:
    """Start a follow-up round (nader schriftelijk overleg) of an established consultation."""
    service = service_of(request)
    made = service.consultations.start_follow_up(who.actor, body.consultation_id, consultation_id,
                                                 body.deadline, body.subject)
    return consultation_out(service, who, made, 201)


def _command_route(action: str, cls: type[c.Command]) -> None:
    body_type: Any = body_model(cls)

    def run(consultation_id: str, body: body_type, request: Request,
            who: Who) -> JSONResponse:
        service = service_of(request)
        command = parse(cls, body.model_dump(mode="json"), action)
        seen = service.consultations.execute(who.actor, consultation_id, command)
        return consultation_out(service, who, seen, request=request)

    run.__name__ = action.replace("-", "_")
    run.__doc__ = cls.__doc__ or f"{action.replace('-', ' ')} (see docs/procedure.md)"
    router.add_api_route(f"/{{consultation_id}}/{action}", run, methods=["POST"], response_model=ConsultationOut,
                         summary=action.replace("-", " "))


for _action, _cls in COMMANDS.items():
    _command_route(_action, _cls)
