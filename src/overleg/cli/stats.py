"""``overleg stats KIND``, ``overleg vragen`` and ``overleg alerts run|save-search|follow``
(docs/analytics.md, docs/alerts.md)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, date_option, service

if TYPE_CHECKING:
    from overleg.service import Credentials, Service


class Statistic(str, Enum):
    questions = "questions"
    answer_times = "answer-times"
    answer_kinds = "answer-kinds"
    commitments = "commitments"
    cited = "cited"
    open = "open"


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Period(str, Enum):
    month = "month"
    quarter = "quarter"
    year = "year"


class By(str, Enum):
    ministry = "ministry"
    member = "member"
    group = "group"


def stats(
    kind: Annotated[Statistic, typer.Argument(help="questions, answer-times, answer-kinds, commitments, cited, open")],
    database: DatabaseOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD (the date questions were put)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    period: Annotated[Period, typer.Option("--period", help="For questions: month, quarter, year")] = Period.month,
    by: Annotated[By | None, typer.Option("--by", help="For open: count per ministry, member or group")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Reference date for open/overdue (default today)")]
    = None,
) -> None:
    """Corpus statistics (docs/analytics.md) as a table, CSV or JSON."""
    from overleg.service import Credentials

    start, end, day = date_option(date_from, "--from"), date_option(date_to, "--to"), date_option(today, "--today")
    with service(database) as s:
        table = s.analytics.table(Credentials.public(), kind.value, date_from=start, date_to=end,
                                  period=period.value, by=by.value if by else None, today=day)
    out = {TableFormat.table: table.to_text, TableFormat.csv: table.to_csv, TableFormat.json: table.to_json}[format]()
    typer.echo(out, nl=format is not TableFormat.csv)


class CaseState(str, Enum):
    open = "open"
    overdue = "overdue"
    answered = "answered"
    answered_late = "answered-late"


def vragen(
    database: DatabaseOption = None,
    status: Annotated[CaseState | None, typer.Option("--status", help="open, overdue, answered, answered-late")]
    = None,
    ministerie: Annotated[str | None, typer.Option("--ministerie", help="Part of the ministry's name")] = None,
    fractie: Annotated[str | None, typer.Option("--fractie", help="A party among the askers")] = None,
    lid: Annotated[str | None, typer.Option("--lid", help="Part of an asker's name")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Reference date for open/overdue (default today)")]
    = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Written questions linked to their postponement notices and answers, newest first, with the
    Kamer's due date: three weeks, six after a notice (docs/analytics.md)."""
    from overleg.service import Credentials, Table

    day = date_option(today, "--today") or dt.date.today()
    with service(database) as s:
        cases = s.analytics.question_cases(Credentials.public(), status=status.value if status else None,
                                           ministry=ministerie, group=fractie, member=lid, today=day)
    rows = tuple((c.key, c.status.value if c.status else None, _day(c.submitted),
                  "; ".join(d.isoformat() for d in c.notices), _day(c.due), _day(c.answered), c.days_open(day),
                  c.ministry, "; ".join(c.askers), "; ".join(c.parties), c.subject, len(c.papers), c.linked_by.value)
                 for c in cases)
    table = Table("written questions", ("key", "status", "submitted", "postponed", "due", "answered", "days",
                                        "ministry", "askers", "groups", "subject", "papers", "linked_by"), rows)
    out = {TableFormat.table: table.to_text, TableFormat.csv: table.to_csv, TableFormat.json: table.to_json}[format]()
    typer.echo(out, nl=format is not TableFormat.csv)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


alerts_app = typer.Typer(help="Saved searches, follows and their notifications (docs/alerts.md).",
                         no_args_is_help=True)
Email = Annotated[str | None, typer.Option("--email")]
Webhook = Annotated[str | None, typer.Option("--webhook")]
Secret = Annotated[str | None, typer.Option("--secret", help="HMAC secret of the webhook")]


@alerts_app.command("run")
def alerts_run(
    database: DatabaseOption = None,
    today: Annotated[str | None, typer.Option("--today", help="Reference date for overdue (default today)")] = None,
) -> None:
    """Send every notification not sent before (e-mail via OVERLEG_SMTP_*, webhooks); exit 1
    when a delivery failed (it is tried again next run)."""
    from overleg.service import Credentials

    with service(database) as s:
        report = s.alerts.run(Credentials.operator(), today=date_option(today, "--today"))
    typer.echo(report.summary(), err=bool(report.failures))
    if report.failures:
        raise typer.Exit(1)


@alerts_app.command("save-search")
def alerts_save_search(
    username: Annotated[str, typer.Argument()],
    query: Annotated[str, typer.Argument()],
    database: DatabaseOption = None,
    name: Annotated[str | None, typer.Option("--name")] = None,
    email: Email = None,
    webhook: Webhook = None,
    secret: Secret = None,
) -> None:
    """Save a search for a user; new matches are notified by ``overleg alerts run``."""
    with service(database) as s:
        new = s.alerts.save_search(_user(s, username), query, name=name, email=email, webhook_url=webhook,
                                   webhook_secret=secret)
    typer.echo(new.id)


@alerts_app.command("follow")
def alerts_follow(
    username: Annotated[str, typer.Argument()],
    document_id: Annotated[str, typer.Argument(help="A consultation's document or written questions")],
    database: DatabaseOption = None,
    email: Email = None,
    webhook: Webhook = None,
    secret: Secret = None,
) -> None:
    """Follow a document: its answer, its overdue term, its overdue commitments."""
    with service(database) as s:
        new = s.alerts.follow(_user(s, username), document_id, email=email, webhook_url=webhook,
                              webhook_secret=secret)
    typer.echo(new.id)


def _user(s: Service, username: str) -> Credentials:
    """The user the operator saves a search or a follow for."""
    from overleg.service import Credentials

    return s.accounts.acting_as(Credentials.operator(), username)


def register(app: typer.Typer) -> None:
    app.command()(stats)
    app.command()(vragen)
    app.add_typer(alerts_app, name="alerts")
