"""The registers of ministries and parliamentary groups: the store on SQLite and PostgreSQL, the
resolver's spellings, the service's rights, access that follows the register's keys, and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_support import KINDS, PASSWORD, admin_token, user_with_token
from api_helpers import bearer, client_for, store_of
from overleg.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from overleg.procedure import RoleKind
from overleg.procedure import commands as c
from overleg.procedure.states import Addressee, Group, Person
from overleg.service import Credentials, Grant, Ministry, ParliamentaryGroup, Post, Service
from overleg.store import Store
from overleg.vocabulary.registers import find_group, find_ministry, seed

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
COMMITTEE = "vaste commissie voor Financiën"
OPERATOR = Credentials.operator()


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_of(request.param, tmp_path) as opened:
        yield opened


def service(store: Store) -> Service:
    return Service(store, lambda: START)


# -- the seed and the store ---------------------------------------------------------------------

def test_an_upgraded_store_holds_the_seeded_registers_with_the_seats_after_the_2025_election(store: Store) -> None:
    groups = {g.key: g for g in store.registers.groups()}
    active = {k: g.seats for k, g in groups.items() if g.active and k in {s.key for s in seed().groups}}
    assert active["D66"] == active["PVV"] == 26 and active["VVD"] == 22 and active["GroenLinks-PvdA"] == 20
    assert sum(active.values()) == 150
    assert not groups["NSC"].active and not groups["GL"].active
    fin = next(m for m in store.registers.ministries() if m.key == "FIN")
    assert [p.title for p in fin.active_posts()] == ["minister van Financiën", "staatssecretaris van Financiën"]


def test_seeding_again_writes_nothing_and_an_entry_is_replaced_whole(store: Store) -> None:
    assert store.registers.seed(seed()) is False
    before = len(store.registers.ministries())
    store.registers.put_ministry(Ministry("FIN", "Financiën", ("Schatkist",),
                                          (Post("minister van Financiën", "E. Heinen"),)))
    after = {m.key: m for m in store.registers.ministries()}
    assert len(after) == before
    assert after["FIN"].posts == (Post("minister van Financiën", "E. Heinen"),)
    assert after["FIN"].earlier_names == ("Schatkist",)
    assert list(after)[:3] == [m.key for m in seed().ministries][:3]  # an edit keeps the entry's place


# -- the resolver -------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "key"), [
    ("D66", "D66"), ("D 66", "D66"), ("d66", "D66"), ("D66-fractie", "D66"), ("de fractie van D66", "D66"),
    ("GroenLinks-PvdA", "GroenLinks-PvdA"), ("GL-PvdA", "GroenLinks-PvdA"), ("groenlinks / pvda", "GroenLinks-PvdA"),
    ("Partij voor de Dieren", "PvdD"), ("GroenLinks", "GL"), ("ChristenUnie", "CU"), ("50+", "50PLUS"),
])
def test_a_group_is_found_however_it_is_spelled(typed: str, key: str) -> None:
    found = find_group(seed().groups, typed)
    assert found is not None and found.key == key


@pytest.mark.parametrize(("typed", "key"), [
    ("minister van Financiën", "FIN"), ("Minister van Financien", "FIN"), ("Financiën", "FIN"), ("FIN", "FIN"),
    ("staatssecretaris van Financiën", "FIN"), ("Buitenlandse Zaken", "BZ"), ("minister van Buitenlandse Zaken", "BZ"),
    ("minister voor Buitenlandse Handel en Ontwikkelingshulp", "BZ"),
    ("Minister van Landbouw, Natuur en Voedselkwaliteit", "LVVN"), ("Economische Zaken en Klimaat", "EZK"),
    ("Klimaat en Groene Groei", "KGG"), ("Asiel en Migratie", "AenM"),
])
def test_a_ministry_is_found_by_its_name_an_earlier_name_or_a_posts_title(typed: str, key: str) -> None:
    found = find_ministry(seed().ministries, typed)
    assert found is not None and found.key == key


@given(st.sampled_from(seed().groups), st.sampled_from([str.upper, str.lower, str.title]),
       st.sampled_from(["", " ", "-", "  "]))
def test_case_spaces_and_hyphens_never_change_which_group_a_name_means(
        group: ParliamentaryGroup, case: object, gap: str) -> None:
    assert callable(case)
    for name in group.names():
        spelled = gap.join(case(name).split(" "))
        found = find_group(seed().groups, spelled)
        assert found == group, (spelled, found)


def test_an_unknown_group_is_refused_in_dutch_naming_the_field_and_the_closest_groups(store: Store) -> None:
    with pytest.raises(ValidationFailed) as refused:
        service(store).registers.resolve_group("D67", "groups.name")
    assert refused.value.field == "groups.name"
    assert "Onbekende fractie 'D67'" in str(refused.value) and "D66" in str(refused.value)


def test_an_unknown_ministry_is_refused_with_suggestions(store: Store) -> None:
    with pytest.raises(ValidationFailed) as refused:
        service(store).registers.resolve_ministry("minister van Financiele Zaken")
    assert "Onbekend ministerie" in str(refused.value) and "Financiën (FIN)" in str(refused.value)


# -- keeping the registers ----------------------------------------------------------------------

def test_only_an_administrator_changes_a_register_and_a_clerk_may_read_it(store: Store) -> None:
    svc = service(store)
    clerk_user = store.users.create_user("griffier", PASSWORD)
    store.users.add_membership(clerk_user.id, RoleKind.CLERK, COMMITTEE)
    clerk = svc.accounts.credentials(clerk_user)
    assert any(m.key == "FIN" for m in svc.registers.ministries(clerk))
    with pytest.raises(PermissionDenied):
        svc.registers.add_group(clerk, ParliamentaryGroup("Nieuw", "Nieuwe Partij", 1))
    with pytest.raises(PermissionDenied):
        svc.registers.set_ministry_active(clerk, "FIN", False)
    with pytest.raises(PermissionDenied):
        svc.registers.groups(Credentials.public())
    assert all(g.key != "Nieuw" for g in svc.registers.groups(clerk))


def test_an_administrator_adds_edits_and_deactivates_a_group(store: Store) -> None:
    svc = service(store).registers
    svc.add_group(OPERATOR, ParliamentaryGroup("Lid Keijzer", "Lid Keijzer", 1, ("Groep Keijzer",)))
    with pytest.raises(Conflict):
        svc.add_group(OPERATOR, ParliamentaryGroup("Lid Keijzer", "Nog een", 1))
    svc.edit_group(OPERATOR, ParliamentaryGroup("Lid Keijzer", "Lid Keijzer", 2, ("Groep Keijzer",)))
    svc.set_group_active(OPERATOR, "Lid Keijzer", False)
    found = svc.group(OPERATOR, "Lid Keijzer")
    assert (found.seats, found.active) == (2, False)
    assert svc.resolve_group("groep keijzer").key == "Lid Keijzer"  # inactive entries still resolve
    with pytest.raises(NotFound):
        svc.edit_group(OPERATOR, ParliamentaryGroup("Onbekend", "Onbekend", 1))


def test_a_name_that_another_entry_answers_to_is_refused(store: Store) -> None:
    with pytest.raises(ValidationFailed) as refused:
        service(store).registers.add_group(OPERATOR, ParliamentaryGroup("Dem", "Democraten", 1, ("D 66",)))
    assert "D66" in str(refused.value)
    with pytest.raises(ValidationFailed):
        service(store).registers.add_ministry(OPERATOR, Ministry("FIN2", "Schatkist",
                                                                  posts=(Post("Minister van Financiën"),)))


# -- access follows the register ----------------------------------------------------------------

def create(svc: Service, clerk: Credentials, addressee: str, group: str = "D 66") -> c.CreateConsultation:
    command = c.CreateConsultation(
        consultation_id=f"so-{abs(hash(addressee)) % 10_000}", committee=COMMITTEE, chair=Person("v", "Voorzitter"),
        clerk=Person("griffier", "Griffier"), addressees=(Addressee(addressee, addressee),),
        deadline=START + dt.timedelta(days=7), groups=(Group(group, 0),))
    svc.consultations.create(clerk.actor, command)
    return command


@pytest.mark.parametrize("typed", ["minister van Financiën", "Financiën", "Minister van Financien", "FIN"])
def test_an_official_of_fin_sees_a_consultation_addressed_to_the_minister_of_finance_typed_any_way(
        store: Store, typed: str) -> None:
    svc = service(store)
    clerk = svc.accounts.create_user(OPERATOR, "griffier", PASSWORD, None, [Grant("clerk", COMMITTEE)])[0]
    who = svc.accounts.credentials(clerk)
    command = create(svc, who, typed)
    state = svc.consultations.get(who.actor, command.consultation_id)
    assert state.addressees == (Addressee("FIN", "minister van Financiën"),)
    assert [(g.name, g.seats) for g in state.groups] == [("D66", 26)]
    official = svc.accounts.create_user(OPERATOR, "ambtenaar", PASSWORD, None, [Grant("official", "financiën")])[0]
    member = svc.accounts.create_user(OPERATOR, "lid", PASSWORD, None, [Grant("member", "d66")])[0]
    assert svc.accounts.credentials(official).memberships[0].scope == "FIN"
    svc.consultations.execute(who.actor, command.consultation_id, c.OpenIntake())
    lid = svc.accounts.credentials(member).actor
    svc.consultations.execute(lid, command.consultation_id, c.SubmitContribution(
        expected_version=0, group="D 66", passages=(c.PassageInput(text="Hoe staat het ermee?"),)))
    for step in (c.CloseIntake(), c.NumberPassages(), c.SendQuestions(sent_on=START.date())):
        svc.consultations.execute(who.actor, command.consultation_id, step)
    seen = svc.consultations.get(svc.accounts.credentials(official).actor, command.consultation_id)
    assert seen.state.value == "sent"


def test_an_official_with_a_role_in_free_text_still_reaches_the_consultation(store: Store) -> None:
    """A role written before the registers ("minister van Financiën") holds of its entry, FIN."""
    svc = service(store)
    clerk = svc.accounts.create_user(OPERATOR, "griffier", PASSWORD, None, [Grant("clerk", COMMITTEE)])[0]
    who = svc.accounts.credentials(clerk)
    command = create(svc, who, "Financiën", "D66")
    old = store.users.create_user("oud", PASSWORD)
    store.users.add_membership(old.id, RoleKind.OFFICIAL, "minister van Financiën")
    other = store.users.create_user("ander", PASSWORD)
    store.users.add_membership(other.id, RoleKind.OFFICIAL, "minister van Defensie")
    svc.consultations.execute(who.actor, command.consultation_id, c.OpenIntake())
    assert svc.accounts.credentials(old).actor.has(RoleKind.OFFICIAL, "FIN")
    assert not svc.accounts.credentials(other).actor.has(RoleKind.OFFICIAL, "FIN")


def test_unknown_names_in_a_consultation_or_a_grant_are_refused_and_nothing_is_written(store: Store) -> None:
    svc = service(store)
    clerk = svc.accounts.create_user(OPERATOR, "griffier", PASSWORD, None, [Grant("clerk", COMMITTEE)])[0]
    who = svc.accounts.credentials(clerk)
    with pytest.raises(ValidationFailed) as refused:
        create(svc, who, "minister van Toverij")
    assert refused.value.field == "addressees.ministry"
    with pytest.raises(ValidationFailed) as refused:
        create(svc, who, "Financiën", "D 77")
    assert refused.value.field == "groups.name"
    assert svc.consultations.list(who.actor) == ()
    with pytest.raises(ValidationFailed) as refused:
        svc.accounts.create_user(OPERATOR, "x", PASSWORD, None, [Grant("member", "Piratenpartij")])
    assert refused.value.field == "roles.scope" and store.users.by_username("x") is None


def test_the_clerk_corrects_the_addressee_after_sending_with_a_reason_and_the_log_keeps_it(store: Store) -> None:
    svc = service(store)
    clerk = svc.accounts.create_user(OPERATOR, "griffier", PASSWORD, None, [Grant("clerk", COMMITTEE)])[0]
    who = svc.accounts.credentials(clerk)
    command = create(svc, who, "Defensie", "D66")
    member = svc.accounts.credentials(svc.accounts.create_user(OPERATOR, "lid", PASSWORD, None,
                                                               [Grant("member", "D66")])[0]).actor
    svc.consultations.execute(who.actor, command.consultation_id, c.OpenIntake())
    svc.consultations.execute(member, command.consultation_id, c.SubmitContribution(
        expected_version=0, group="D66", passages=(c.PassageInput(text="Vraag?"),)))
    for step in (c.CloseIntake(), c.NumberPassages(), c.SendQuestions(sent_on=START.date())):
        state = svc.consultations.execute(who.actor, command.consultation_id, step)
    with pytest.raises(ValidationFailed):  # a reason is required
        svc.consultations.execute(who.actor, command.consultation_id, c.CorrectAddressees(
            expected_version=state.version, addressees=(Addressee("FIN", "minister van Financiën"),), reason=" "))
    with pytest.raises(PermissionDenied):  # a member of an invited group sees it, but may not correct it
        svc.consultations.execute(member, command.consultation_id, c.CorrectAddressees(
            expected_version=state.version, addressees=(Addressee("FIN", "FIN"),), reason="fout"))
    done = svc.consultations.execute(who.actor, command.consultation_id, c.CorrectAddressees(
        expected_version=state.version, addressees=(Addressee("financien", "minister van Financiën"),),
        reason="Het ministerie van Financiën is eerstverantwoordelijk."))
    assert done.addressees == (Addressee("FIN", "minister van Financiën"),)
    last = svc.consultations.log(who.actor, command.consultation_id)[-1]
    assert last.type == "addressees-corrected" and last.payload["reason"].startswith("Het ministerie")


# -- the API ------------------------------------------------------------------------------------

def test_the_api_lists_the_registers_for_logged_in_users_and_lets_only_administrators_write(store: Store) -> None:
    admin = bearer(admin_token(store))
    member = bearer(user_with_token(store, "lid", RoleKind.MEMBER, "D66"))
    with client_for(store) as http:
        assert http.get("/api/registers/groups").status_code == 401
        listed = http.get("/api/registers/groups?active_only=true", headers=member).json()
        assert {"key": "D66", "name": "Democraten 66", "seats": 26, "aliases": ["D 66", "Democraten '66"],
                "active": True} in listed and all(g["active"] for g in listed)
        assert http.get("/api/registers/ministries/FIN", headers=member).json()["posts"][0]["title"] == \
            "minister van Financiën"
        body = {"key": "Volt2", "name": "Volt Twee", "seats": 1}
        assert http.post("/api/registers/groups", json=body, headers=member).status_code == 403
        assert http.post("/api/registers/groups", json=body, headers=admin).status_code == 201
        assert http.post("/api/registers/groups", json=body, headers=admin).status_code == 409
        edited = http.put("/api/registers/groups/Volt2", json={"name": "Volt Twee", "seats": 2}, headers=admin)
        assert edited.status_code == 200 and edited.json()["seats"] == 2
        assert http.post("/api/registers/groups/Volt2/deactivate", headers=admin).json()["active"] is False
        assert http.post("/api/registers/ministries/FIN/deactivate", headers=member).status_code == 403
        found = http.get("/api/registers/resolve", params={"kind": "group", "name": "d 66"}, headers=member)
        assert found.json() == {"kind": "group", "key": "D66", "label": "D66 (Democraten 66)"}
        unknown = http.get("/api/registers/resolve", params={"kind": "ministry", "name": "Toverij"}, headers=member)
        assert unknown.status_code == 422 and "Onbekend ministerie" in unknown.json()["message"]
