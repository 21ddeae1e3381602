"""``overleg db ...`` and ``overleg user ...``: migrate and inspect the store, create the first clerk.

Every command takes ``--database URL`` (default: $OVERLEG_DATABASE_URL, else ./overleg.db). The
store is imported inside the commands so that ``overleg parse`` does not pay for SQLAlchemy.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from overleg.errors import OverlegError

db_app = typer.Typer(help="Migrate and check the store (SQLite file or PostgreSQL).", no_args_is_help=True)
user_app = typer.Typer(help="Users of the store.", no_args_is_help=True)

Database = Annotated[
    str | None,
    typer.Option("--database", help="Database URL; default $OVERLEG_DATABASE_URL, else sqlite:///./overleg.db"),
]


def _fail(e: OverlegError) -> typer.Exit:
    typer.echo(f"overleg: {e.one_line()}", err=True)
    return typer.Exit(2)


@db_app.command("upgrade")
def db_upgrade(database: Database = None) -> None:
    """Migrate the store to the schema this overleg needs (creates a new SQLite file)."""
    from overleg.store import migrate
    from overleg.store.engine import display_url, resolve_url

    url = resolve_url(database)
    try:
        before = migrate.current_revision(url)
        after = migrate.upgrade(url)
    except OverlegError as e:
        raise _fail(e) from None
    change = "already at" if before == after else f"upgraded from {before or '(empty)'} to"
    typer.echo(f"{display_url(url)}: {change} revision {after}")


@db_app.command("status")
def db_status(database: Database = None) -> None:
    """Show the store's schema revision; exit 1 when it needs `overleg db upgrade`."""
    from overleg.store import migrate
    from overleg.store.engine import display_url, resolve_url

    url = resolve_url(database)
    try:
        current, head = migrate.current_revision(url), migrate.head_revision()
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(f"database: {display_url(url)}\nrevision: {current or '(none)'}\nexpected: {head}")
    if current != head:
        typer.echo("the store needs `overleg db upgrade`", err=True)
        raise typer.Exit(1)
    typer.echo("up to date")


@db_app.command("check")
def db_check(database: Database = None) -> None:
    """Run the integrity check (storage, schema, event sequences); exit 1 on any problem."""
    from overleg.store import open_store

    try:
        with open_store(database) as store:
            report = store.integrity_check()
    except OverlegError as e:
        raise _fail(e) from None
    for problem in report.problems:
        typer.echo(f"{store.display_url}: {problem}")
    typer.echo(f"{store.display_url}: checked {', '.join(report.checked)}: "
               f"{'ok' if report.ok else f'{len(report.problems)} problems'}")
    if not report.ok:
        raise typer.Exit(1)


@user_app.command("create-clerk")
def create_clerk(
    username: Annotated[str, typer.Argument(help="Login name of the new clerk.")],
    committee: Annotated[str, typer.Option("--committee", help="The committee the user is clerk of.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    display_name: Annotated[str | None, typer.Option("--display-name", help="Name shown to others.")] = None,
    database: Database = None,
) -> None:
    """Create a user who is clerk of a committee: the first user of a new store."""
    from overleg.store import Role, open_store

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        typer.echo("overleg: the password is empty", err=True)
        raise typer.Exit(2)
    try:
        with open_store(database, require_migrated=True) as store:
            user = store.users.create_user(username, password, display_name)
            store.users.add_membership(user.id, Role.CLERK, committee)
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(f"created {user.username} (id {user.id}), clerk of {committee}")


@user_app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Argument(help="Login name of the new admin.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    display_name: Annotated[str | None, typer.Option("--display-name", help="Name shown to others.")] = None,
    database: Database = None,
) -> None:
    """Create an admin, who creates users and gives them roles (also over the REST API)."""
    from overleg.store import Role, open_store

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        typer.echo("overleg: the password is empty", err=True)
        raise typer.Exit(2)
    try:
        with open_store(database, require_migrated=True) as store:
            user = store.users.create_user(username, password, display_name)
            store.users.add_membership(user.id, Role.ADMIN, "*")
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(f"created {user.username} (id {user.id}), admin")
