"""``overleg motions list|show ID|sync``: the stored motions, one motion with its votes and the
reports citing it, and their decisions and votes from Tweede Kamer Open Data (docs/motions.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, JsonOption, service

if TYPE_CHECKING:
    from overleg.service.motions import MotionView, StoredMotion

motions_app = typer.Typer(help="Motions: list, show, sync their decisions and votes (docs/motions.md).",
                          no_args_is_help=True, rich_markup_mode=None)

RESULT_NAMES = {"aangenomen": "aangenomen", "verworpen": "verworpen", "aangehouden": "aangehouden",
                "ingetrokken": "ingetrokken", None: "geen besluit bekend"}


def _line(m: StoredMotion) -> str:
    r = m.record
    date = r.date.isoformat() if r.date else "----------"
    result = RESULT_NAMES.get(m.outcome.result if m.outcome else None, m.outcome.decision if m.outcome else "")
    return f"{m.id:<22} {date}  {', '.join(r.submitters) or '?':<28} {result}"


@motions_app.command("list")
def list_motions(
    query: Annotated[str | None, typer.Argument(help="A submitter, dossier, id or words of the title")] = None,
    result: Annotated[str | None, typer.Option(
        help="aangenomen, verworpen, aangehouden, ingetrokken or onbekend")] = None,
    dossier: Annotated[str | None, typer.Option(help="Only this dossier ('21501-02')")] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """The stored motions, newest first, with the Kamer's decision when synced."""
    from overleg.service import Credentials

    with service(database) as s:
        found = s.motions.list(Credentials.public(), text=query, result=result, dossier=dossier)
    if as_json:
        import json

        from overleg.api.routes_motions import MotionSummaryOut, summary_fields

        typer.echo(json.dumps([MotionSummaryOut(**summary_fields(m)).model_dump(mode="json")  # type: ignore[arg-type]
                               for m in found], ensure_ascii=False, indent=2))
        return
    typer.echo("\n".join(_line(m) for m in found) if found else "Geen moties gevonden.")


def as_text(view: MotionView) -> str:
    """A motion as a reader of the paper sees it, then the decision, the votes and who cites it."""
    m, r = view.motion, view.motion.record
    lines = [f"{r.title or m.id} ({m.id})"]
    if r.dossier_title:
        lines.append(f"Dossier {r.dossier}: {r.dossier_title}")
    if r.date_text:
        lines.append(r.date_text)
    lines.append("Ingediend door: " + ", ".join(
        s.full_name or s.name + (f" ({s.party})" if s.party else "") for s in r.submitter_details))
    lines += ["", *r.considerations, *r.requests, ""]
    if m.outcome is None:
        lines.append("Besluit: nog niet bekend (overleg motions sync haalt het op)")
    else:
        o = m.outcome
        when = f" op {o.date.isoformat()}" if o.date else ""
        how = f", {o.vote_kind.lower()}" if o.vote_kind else ""
        lines.append(f"Besluit: {o.decision}{when}{how}")
        for v in m.votes:
            seats = f"{v.seats} zetels" if v.seats is not None else "zetels onbekend"
            lines.append(f"  {v.group + (' - ' + v.member if v.member else ''):<34} {seats:<16} {v.choice}")
    lines.append(f"Aangehaald in ({len(view.cited_by)}):")
    lines += [f"  {c.document_id}" + (f", vraag {', '.join(str(i) for i in c.items)}" if c.items else "")
              + (f"  {c.title}" if c.title else "") for c in view.cited_by] or ["  niets"]
    return "\n".join(lines)


@motions_app.command("show")
def show(
    motion_id: Annotated[str, typer.Argument(help="The motion's paper: kst-21501-02-3121")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """One motion: what its paper prints, the decision and votes per group, the reports citing it."""
    from overleg.service import Credentials

    with service(database) as s:
        view = s.motions.get(Credentials.public(), motion_id)
    if as_json:
        from overleg.api.routes_motions import motion_out

        typer.echo(motion_out(view).model_dump_json(indent=2))
        return
    typer.echo(as_text(view))


@motions_app.command("sync")
def sync(
    motion_ids: Annotated[list[str] | None, typer.Argument(help="Only these motions (default: every stored one)")]
    = None,
    database: DatabaseOption = None,
    interval: Annotated[float, typer.Option(help="Minimum seconds between requests")] = 1.0,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="Service root instead of the real one ($OVERLEG_TK_BASE_URL)")] = None,
) -> None:
    """Fetch the Kamer's decision and the votes per group of the stored motions from Open Data."""
    from overleg.service import Credentials

    with service(database) as s:
        report = s.motions.sync(Credentials.operator(), ids=motion_ids or None, interval=interval,
                                base_url=base_url)
    typer.echo(report.summary())
    if report.failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(motions_app, name="motions")
