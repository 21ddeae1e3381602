"""``overleg db ...`` and ``overleg user ...``: migrate, back up, restore and check the store,
create the first users.

Every command takes ``--database URL`` (default: $OVERLEG_DATABASE_URL, else ./overleg.db) and
acts as the operator (``Credentials.operator()``): whoever runs it holds the database anyway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from overleg.cli.common import DatabaseOption, password_from, service

db_app = typer.Typer(help="Migrate, back up, restore and check the store (SQLite file or PostgreSQL).",
                     no_args_is_help=True)
user_app = typer.Typer(help="Users of the store.", no_args_is_help=True)
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")]
DisplayName = Annotated[str | None, typer.Option("--display-name", help="Name shown to others.")]


@db_app.command("upgrade")
def db_upgrade(
    database: DatabaseOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the migrations to come; change nothing.")]
    = False,
) -> None:
    """Migrate the store to the schema this overleg needs (creates a new SQLite file); refuses a
    store a newer overleg migrated."""
    from overleg.service import Credentials

    with service(database, migrated=False) as s:
        if dry_run:
            status = s.database.status(Credentials.operator())
            to_come = s.database.pending(Credentials.operator())
            for migration in to_come:
                typer.echo(f"{migration.revision}  {migration.message}")
            typer.echo(f"{status.display_url}: at revision {status.current or '(empty)'}; "
                       + (f"{len(to_come)} migrations to {status.head} (nothing changed)" if to_come
                          else "up to date"))
            return
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
    if status.newer:
        typer.echo("the store was migrated by a newer overleg; run that version (this one will not write to it)",
                   err=True)
        raise typer.Exit(1)
    if not status.up_to_date:
        typer.echo("the store needs `overleg db upgrade`", err=True)
        raise typer.Exit(1)
    typer.echo("up to date")


@db_app.command("backup")
def db_backup(
    file: Annotated[Path, typer.Argument(help="The backup to write (must not exist).")],
    database: DatabaseOption = None,
) -> None:
    """Copy the whole store to FILE while it keeps serving (SQLite: its online backup; PostgreSQL:
    pg_dump, custom format)."""
    from overleg.service import Credentials

    with service(database, migrated=False) as s:
        made = s.database.backup(Credentials.operator(), file)
        where = s.database.display_url
    typer.echo(f"{where}: backed up to {made.path} ({made.bytes} bytes, revision {made.revision or '(none)'})")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `overleg db backup`.")],
    force: Annotated[bool, typer.Option("--force", help="Replace a store that is not empty.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Make the store a copy of the backup FILE (stop every server and worker first); a store that
    holds tables is replaced only with --force."""
    from overleg.service import Credentials

    with service(database, migrated=False) as s:
        done = s.database.restore(Credentials.operator(), file, force=force)
        status = s.database.status(Credentials.operator())
    replaced = " (replacing what it held)" if done.replaced else ""
    typer.echo(f"{status.display_url}: restored from {done.path}{replaced}, at revision {done.revision or '(none)'}")
    if not status.up_to_date:
        typer.echo("the restored store needs `overleg db upgrade` before this overleg serves it", err=True)


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
