"""Request and response bodies: pydantic, here at the edge only.

The command bodies are generated from the procedure's command dataclasses (one model per
command, field for field, from the type hints), so the OpenAPI schema always says what the
procedure takes; the validated body is turned into the command by the service
(``overleg.service.commands.parse``), which names any field that does not fit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from enum import Enum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, create_model

from overleg.model import DocumentId

_STRICT = ConfigDict(extra="forbid")

MAX_INT = 2**31 - 1
"""The largest whole number any parameter or body field takes (a version, an offset, a number):
larger ones are refused with 422 before they reach a store, whose integers are 32 or 64 bits.
``tests/test_edge_input.py`` checks that every integer in the OpenAPI document has bounds."""
Whole = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]


def body_model(tp: type) -> type[BaseModel]:
    """A pydantic model with the fields of the dataclass ``tp`` (named ``<Class>Body``), made once."""
    found = _MODELS.get(tp)
    if found is None:
        found = _MODELS[tp] = _make_model(tp)
    return found


_MODELS: dict[type, type[BaseModel]] = {}


def _make_model(tp: type) -> type[BaseModel]:
    hints = typing.get_type_hints(tp)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(tp):
        annotation = _annotation(hints[f.name])
        if f.default is not dataclasses.MISSING:
            default = list(f.default) if isinstance(f.default, tuple) else f.default
            fields[f.name] = (annotation, default)
        elif f.default_factory is not dataclasses.MISSING:
            fields[f.name] = (annotation, Field(default_factory=list))
        else:
            fields[f.name] = (annotation, ...)
    model: type[BaseModel] = create_model(f"{tp.__name__}Body", __config__=_STRICT, __doc__=tp.__doc__, **fields)
    return model


def _annotation(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = next(a for a in typing.get_args(tp) if a is not type(None))
        return _annotation(inner) | None
    if origin is tuple:
        return list[_annotation(typing.get_args(tp)[0])]  # type: ignore[misc]
    if tp is int:
        return Whole
    if tp is dt.datetime:
        return AwareDatetime
    if tp is DocumentId:
        return str
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return body_model(tp)
    return tp


class ErrorBody(BaseModel):
    """Every error: a stable ``code``, a ``message`` saying what was wrong, and details
    (``expected``/``current`` for a stale version, ``field`` for invalid input, ...)."""

    model_config = ConfigDict(extra="allow")
    code: str
    message: str


class RoleBody(BaseModel):
    model_config = _STRICT
    role: str = Field(description="clerk, chair, member, staff, official or admin")
    scope: str = Field(description="the committee, group or ministry (admin: *)")
    committee: str | None = Field(
        default=None, description="the committee in whose consultations the role holds; null: every committee. "
        "Given by an admin, or left out: every committee. Left out by a clerk: the clerk's committee (a clerk of "
        "several must name one). A clerk's or chair's role holds in its own committee.")


class LoginBody(BaseModel):
    model_config = _STRICT
    username: str
    password: str


class SetupBody(BaseModel):
    model_config = _STRICT
    username: str
    password: str = Field(min_length=8)
    display_name: str | None = None


class TokenRequest(BaseModel):
    """Username and password (for an API client), or nothing when already logged in."""

    model_config = _STRICT
    username: str | None = None
    password: str | None = None
    name: str = ""


class NewUserBody(BaseModel):
    model_config = _STRICT
    username: str
    password: str | None = Field(default=None, description="none: the user logs in only with an issued token")
    display_name: str | None = None
    roles: list[RoleBody] = Field(default_factory=list)
    issue_token: bool = Field(default=False, description="admins only: return a bearer token for the new user")


class FollowUpBody(BaseModel):
    model_config = _STRICT
    consultation_id: str
    deadline: AwareDatetime
    subject: str | None = None


class UserOut(BaseModel):
    username: str | None
    display_name: str | None = None
    roles: list[RoleBody] = Field(default_factory=list)
    csrf_token: str | None = None
    disabled: bool = False


class TokenOut(BaseModel):
    token: str = Field(description="the secret, shown this once")
    username: str
    id: str | None = Field(default=None, description="the token's id, to list and revoke it by")
    expires_at: dt.datetime | None = None


class TokenInfoOut(BaseModel):
    """A token without its secret."""

    id: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked: bool


class RevokedOut(BaseModel):
    revoked: int = Field(description="how many tokens were still live and are revoked now")


class PasswordBody(BaseModel):
    model_config = _STRICT
    password: str = Field(description="the new password, at least 8 characters")
    current_password: str | None = Field(default=None, description="needed to set one's own password")


class AccountEventOut(BaseModel):
    """One entry of the accounts' audit log."""

    id: int
    at: dt.datetime
    what: str = Field(description="logged-in, logged-out, login-failed, login-throttled, token-issued, "
                      "token-revoked, user-created, roles-granted, user-deactivated, user-reactivated, "
                      "password-set")
    actor: str | None = Field(description="who did it (null: the public, e.g. a failed login)")
    subject: str | None = Field(description="the account it concerns (for a login: the name as typed)")
    address: str | None = Field(description="the client address, for logins")
    detail: str


class ConsultationOut(BaseModel):
    """A consultation as the caller may see it, with what they may do now (``consultation`` is
    null when the request said ``Prefer: return=minimal``)."""

    id: str
    version: int
    state: str
    actions: list[str]
    consultation: dict[str, Any] | None


class LogEntryOut(BaseModel):
    seq: int
    type: str
    actor: str | None
    at: dt.datetime
    payload: dict[str, Any]


class DocumentSummary(BaseModel):
    id: str
    version: int
    type: str
    title: str | None
    created_at: dt.datetime
    reason: str | None = None


class DocumentSourceOut(BaseModel):
    """A source a stored document was read from: one real document, read from several sources
    (another folder, a copy, another format, an export), is one document listing them all."""

    name: str = Field(description="the path, URL or file.jsonl:LINE it was read from, as given to ingest")
    format: str | None = Field(description="pdf, docx, text, markdown, json, xml or html; null when not known")
    bytes_hash: str = Field(description="sha256 (hex) of the bytes read; empty when not known")
    first_read_at: dt.datetime
    last_read_at: dt.datetime
    version: int = Field(description="the document's version when it was first read from this source")
    metadata: dict[str, Any] | None = Field(
        None, description="the publisher's record of the source: for a paper fetched by overleg sync from Tweede "
                          "Kamer Open Data, the fields of its Document record as sent (DocumentNummer, Soort, "
                          "Onderwerp, Titel, Datum, Vergaderjaar, Volgnummer, Aanhangselnummer, DatumOntvangst, "
                          "Organisatie, Zaak, Kamerstukdossier, Activiteit, ...); null for a file")


class LinkedPaperOut(BaseModel):
    """One paper on one side of a document's links."""

    id: str = Field(description="canonical id (kst-…, ah-tk-…, h-tk-…, stcrt-…), a Tweede Kamer number "
                                "(2024Z01234, 2024D12345) or a stored document's own id")
    citation: str = Field(description="as a person reads it cited: 'Kamerstuk 21 501-02, nr. 3349'")
    stored: bool = Field(description="the paper is in this store")
    title: str | None = Field(description="its title when stored")
    href: str = Field(description="its page here when stored, else its publication (officielebekendmakingen, "
                                  "tweedekamer.nl); empty when there is none")
    where: list[int] = Field(description="the numbers of the citing document's items that cite it "
                                         "(empty: only its heading or a note outside the items)")
    kinds: list[str] = Field(description="where in the citing document: question, answer, footnote, subject, "
                                         "agenda, motion")


class DocumentLinksOut(BaseModel):
    """A stored document's links: what it cites and which stored documents cite it."""

    id: str
    citation: str
    cites: list[LinkedPaperOut] = Field(description="in the order the document cites them, stored or not")
    cited_by: list[LinkedPaperOut] = Field(description="the stored documents citing it; ``where`` is their items")


class SearchHitOut(BaseModel):
    """One hit: a question, answer, title or footnote, at most one per (document, item)."""

    document_id: str
    item: int | None = Field(description="the item number; null for a title or a footnote no item cites")
    kind: str = Field(description="title, question, answer or footnote")
    score: float = Field(description="higher is better; comparable within one database only")
    snippet: str = Field(description="text around the first match, matched words marked «thus»")
    document_type: str
    title: str | None
    date: dt.date | None
    href: str = Field(description="the web page of the document at the item's anchor")
    api_href: str = Field(description="the document's exchange JSON")


class FacetCountOut(BaseModel):
    value: str = Field(description="as the filter matches it (folded: lower case, no diacritics)")
    count: int


class FacetsOut(BaseModel):
    """Counts over the hits the search ranks (its window of the newest matches, docs/search.md)."""

    hits: int
    bounded: bool = Field(description="more matches than were counted: every count is a lower bound")
    type: list[FacetCountOut]
    group: list[FacetCountOut]
    ministry: list[FacetCountOut]
    committee: list[FacetCountOut]
    has_commitment: int
    referral_only: int


class SearchOut(BaseModel):
    query: str
    limit: int
    offset: int
    hits: list[SearchHitOut]
    more: bool = Field(description="a next page (offset + limit) has hits")
    next: str | None = Field(None, description="the URL of the next page, when there is one")
    facets: FacetsOut | None = Field(None, description="with facets=true")
    sort: str = Field("relevance", description="relevance (best first) or date (newest first)")
    searched: str = Field("", description="the text searched: the query without its field filters; a pasted "
                                          "question as the OR of its words")
    question: bool = Field(False, description="the query was read as a pasted question (the OR of its words)")
    suggestion: str | None = Field(None, description="'Bedoelde u ...?': the query respelled with words the corpus "
                                                     "holds, when the first page has few hits")


class SimilarQuestionOut(BaseModel):
    """An earlier question like the text, with its answer (both shortened)."""

    document_id: str
    item: int
    question: str
    answer: str | None = Field(description="null when the item has no answer")
    title: str | None
    document_type: str
    date: dt.date | None
    score: float = Field(description="higher is more alike; comparable within one database only")
    href: str = Field(description="the question on the web page of its document")
    api_href: str = Field(description="the document's exchange JSON")


class SimilarOut(BaseModel):
    similar: list[SimilarQuestionOut]
