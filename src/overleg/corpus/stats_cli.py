"""``overleg stats KIND`` and ``overleg alerts run|save-search|follow|list``.

``register(app)`` adds them to the main Typer app; the store is imported inside the commands.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from overleg.corpus.cli import Database, _date, _fail
from overleg.errors import OverlegError


class Kind(str, Enum):
    questions = "questions"
    answer_times = "answer-times"
    answer_kinds = "answer-kinds"
    commitments = "commitments"
    cited = "cited"
    open = "open"


class Format(str, Enum):
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


def stats_command(
    kind: Annotated[Kind, typer.Argument(help="questions, answer-times, answer-kinds, commitments, cited, open")],
    database: Database = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD (the date questions were put)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    period: Annotated[Period, typer.Option("--period", help="For questions: month, quarter, year")] = Period.month,
    by: Annotated[By | None, typer.Option("--by", help="For open: count per ministry, member or group")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Reference date for open/overdue (default today)")]
    = None,
) -> None:
    """Corpus statistics (docs/analytics.md) as a table, CSV or JSON."""
    from overleg.corpus.analytics.figures import compute
    from overleg.store import open_store

    try:
        start, end, day = _date(date_from, "--from"), _date(date_to, "--to"), _date(today, "--today")
        with open_store(database, require_migrated=True) as store:
            table = compute(store, kind.value, date_from=start, date_to=end, period=period.value,
                            by=by.value if by else None, today=day)
    except OverlegError as e:
        raise _fail(e) from None
    out = {Format.table: table.to_text, Format.csv: table.to_csv, Format.json: table.to_json}[format]()
    typer.echo(out, nl=format is not Format.csv)


alerts_app = typer.Typer(help="Saved searches, follows and their notifications (docs/alerts.md).",
                         no_args_is_help=True)


@alerts_app.command("run")
def alerts_run(
    database: Database = None,
    today: Annotated[str | None, typer.Option("--today", help="Reference date for overdue (default today)")] = None,
) -> None:
    """Send every notification not sent before (e-mail via OVERLEG_SMTP_*, webhooks); exit 1
    when a delivery failed (it is tried again next run)."""
    from overleg.corpus.alerts.notifications import SmtpSettings, run_alerts
    from overleg.store import open_store

    try:
        with open_store(database, require_migrated=True) as store:
            report = run_alerts(store, today=_date(today, "--today"), smtp=SmtpSettings.from_env())
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(report.summary(), err=bool(report.failures))
    if report.failures:
        raise typer.Exit(1)


def _user_id(store: object, username: str) -> str:
    from overleg.store import Store

    assert isinstance(store, Store)
    user = store.users.by_username(username)
    if user is None:
        typer.echo(f"overleg: no user {username!r}", err=True)
        raise typer.Exit(2)
    return user.id


@alerts_app.command("save-search")
def alerts_save_search(
    username: Annotated[str, typer.Argument()],
    query: Annotated[str, typer.Argument()],
    database: Database = None,
    name: Annotated[str | None, typer.Option("--name")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook")] = None,
    secret: Annotated[str | None, typer.Option("--secret", help="HMAC secret of the webhook")] = None,
) -> None:
    """Save a search for a user; new matches are notified by ``overleg alerts run``."""
    from overleg.corpus.alerts.notifications import save_search
    from overleg.store import open_store

    with open_store(database, require_migrated=True) as store:
        try:
            new = save_search(store, _user_id(store, username), name or query, query, email=email,
                              webhook_url=webhook, webhook_secret=secret)
        except OverlegError as e:
            raise _fail(e) from None
    typer.echo(new)


@alerts_app.command("follow")
def alerts_follow(
    username: Annotated[str, typer.Argument()],
    document_id: Annotated[str, typer.Argument(help="A consultation's document or written questions")],
    database: Database = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook")] = None,
    secret: Annotated[str | None, typer.Option("--secret")] = None,
) -> None:
    """Follow a document: its answer, its overdue term, its overdue commitments."""
    from overleg.corpus.alerts.notifications import follow
    from overleg.store import open_store

    with open_store(database, require_migrated=True) as store:
        try:
            new = follow(store, _user_id(store, username), document_id, email=email, webhook_url=webhook,
                         webhook_secret=secret)
        except OverlegError as e:
            raise _fail(e) from None
    typer.echo(new)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_command)
    app.add_typer(alerts_app, name="alerts")

