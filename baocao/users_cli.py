"""`baocao users`: who may use the review app (`baocao review`), and as what role."""

from __future__ import annotations

import sys

import typer

from pipeline.roles import ROLES

DEFAULT_DB = "baocao.duckdb"
ROLE_HELP = "; ".join(f"{role}: {what}" for role, what in ROLES.items())

users_app = typer.Typer(
    help=f"Users of the review app and their roles ({ROLE_HELP}).\n\n"
    "Example: baocao users add lan --role reviewer --db baocao.duckdb",
    no_args_is_help=True,
)


def _password(stdin: bool) -> str:
    """The password from one line of standard input, or asked for twice without echo."""
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


def _run(db: str, change, *args) -> object:
    """`change(con, *args)` on the dataset; its refusal is a message and exit status 1."""
    from pipeline.store import DatasetError, connect

    try:
        con = connect(db)
    except DatasetError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    try:
        return change(con, *args)
    except DatasetError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        con.close()


DB_OPTION = typer.Option(
    DEFAULT_DB, "--db", help="DuckDB file of the dataset, or a postgresql://user@host/db URL."
)
STDIN_OPTION = typer.Option(
    False, "--password-stdin", help="Read the password from one line of standard input."
)


@users_app.command("add")
def add(
    name: str,
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    password_stdin: bool = STDIN_OPTION,
    db: str = DB_OPTION,
) -> None:
    """Add a user (the password is asked for, or read with --password-stdin).

    Example: baocao users add lan --role reviewer --db baocao.duckdb
    """
    from pipeline import users

    _run(db, users.add_user, name, role, _password(password_stdin))
    typer.echo(f"added {name} ({role})")


@users_app.command("list")
def list_(db: str = DB_OPTION) -> None:
    """List the users and their roles.

    Example: baocao users list --db baocao.duckdb
    """
    from pipeline import users

    for row in _run(db, users.list_users):
        typer.echo(f"{row['name']}\t{row['role']}\t{row['created_at']:%Y-%m-%d %H:%M}")


@users_app.command("remove")
def remove(name: str, db: str = DB_OPTION) -> None:
    """Remove a user and end their sessions (their past decisions keep their name).

    Example: baocao users remove lan
    """
    from pipeline import users

    _run(db, users.remove_user, name)
    typer.echo(f"removed {name}")


@users_app.command("set-password")
def set_password_(name: str, password_stdin: bool = STDIN_OPTION, db: str = DB_OPTION) -> None:
    """Give a user a new password; their open sessions end.

    Example: printf '%s\\n' "$NEW_PASSWORD" | baocao users set-password lan --password-stdin
    """
    from pipeline import users

    _run(db, users.set_password, name, _password(password_stdin))
    typer.echo(f"new password for {name}")


@users_app.command("set-role")
def set_role_(name: str, role: str, db: str = DB_OPTION) -> None:
    """Give a user another role (the dataset always keeps one admin).

    Example: baocao users set-role lan auditor
    """
    from pipeline import users

    _run(db, users.set_role, name, role)
    typer.echo(f"{name} is now {role}")
