"""``overleg db ...`` and ``overleg user ...``: migrate and check the store, create the first users.

Every command takes ``--database URL`` (default: $OVERLEG_DATABASE_URL, else ./overleg.db) and
acts as the operator (``Credentials.operator()``): whoever runs it holds the database anyway.
"""

from __future__ import annotations

from typing import Annotated

import typer

from overleg.cli.common import DatabaseOption, password_from, service

db_app = typer.Typer(help="Migrate and check the store (SQLite file or PostgreSQL).", no_args_is_help=True)
user_app = typer.Typer(help="Users of the store.", no_args_is_help=True)
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")]
DisplayName = Annotated[str | None, typer.Option("--display-name", help="Name shown to others.")]


@db_app.command("upgrade")
def db_upgrade(database: DatabaseOption = None) -> None:
    """Migrate the store to the schema this overleg needs (creates a new SQLite file)."""
    from overleg.service import Credentials

    with service(database, migrated=False) as s:
        before, after = s.database.upgrade(Credentials.operator())
    change = "already at" if before.current == after.current else f"upgraded from {before.current or '(empty)'} to"
    typer.echo(f"{after.display_url}: {change} revision {after.current}")


@db_app.command("status")
def db_status(database: DatabaseOption = None) -> None:
    """Show the store's schema revision; exit 1 when it needs `overleg db upgrade`."""
    from overleg.service import Credentials

    with service(database, migrated=False) as s:
        status = s.database.status(Credentials.operator())
    typer.echo(f"database: {status.display_url}\nrevision: {status.current or '(none)'}\nexpected: {status.head}")
    if not status.up_to_date:
        typer.echo("the store needs `overleg db upgrade`", err=True)
        raise typer.Exit(1)
    typer.echo("up to date")


@db_app.command("check")
def db_check(database: DatabaseOption = None) -> None:
    """Find every inconsistency the store holds, one line each; exit 1 on any problem.

    Storage and schema, dangling references, event logs and snapshots, published reports and
    their documents, report numbers and documents' owners, document items, the search index and
    facts (docs/store.md, "Durability")."""
    from overleg.service import Credentials

    with service(database, migrated=False) as s:
        report = s.database.check(Credentials.operator())
        where = s.database.display_url
    for problem in report.problems:
        typer.echo(f"{where}: {problem}")
    typer.echo(f"{where}: checked {', '.join(report.checked)}: "
               f"{'ok' if report.ok else f'{len(report.problems)} problems'}")
    if not report.ok:
        raise typer.Exit(1)


@user_app.command("create-clerk")
def create_clerk(
    username: Annotated[str, typer.Argument(help="Login name of the new clerk.")],
    committee: Annotated[str, typer.Option("--committee", help="The committee the user is clerk of.")],
    password_stdin: PasswordStdin = False,
    display_name: DisplayName = None,
    database: DatabaseOption = None,
) -> None:
    """Create a user who is clerk of a committee: the first user of a new store."""
    _create(username, "clerk", committee, password_stdin, display_name, database)


@user_app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Argument(help="Login name of the new admin.")],
    password_stdin: PasswordStdin = False,
    display_name: DisplayName = None,
    database: DatabaseOption = None,
) -> None:
    """Create an admin, who creates users and gives them roles (also over the REST API)."""
    from overleg.service import ADMIN_SCOPE

    _create(username, "admin", ADMIN_SCOPE, password_stdin, display_name, database)


def _create(username: str, role: str, scope: str, password_stdin: bool, display_name: str | None,
            database: str | None) -> None:
    """A user with one role, made by the operator; the line that says so."""
    from overleg.service import ADMIN_SCOPE, Credentials

    password = password_from(password_stdin)
    with service(database) as s:
        user, _ = s.accounts.create_user(Credentials.operator(), username, password, display_name, ((role, scope),))
    typer.echo(f"created {user.username} (id {user.id}), {role}" + ("" if scope == ADMIN_SCOPE else f" of {scope}"))


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")
