"""Settings: everything overleg takes from its environment, read once into one frozen object.

This is the only module that reads ``os.environ``. The command line reads the settings when it
starts (``Settings.from_environ()``) and passes them down; a test builds its own
``Settings(...)`` and passes that. Nothing below the interfaces looks at the environment, so
what a function does depends only on its arguments.

    >>> s = Settings.from_environ({"OVERLEG_DATABASE_URL": "postgresql://u@h/db",
    ...                            "OVERLEG_PATCHES": "/a:/b", "OVERLEG_SMTP_PORT": "2525"})
    >>> s.database_url, s.patch_dirs, s.smtp_port
    ('postgresql://u@h/db', (PosixPath('/a'), PosixPath('/b')), 2525)
    >>> Settings.from_environ({}).smtp_host is None
    True

Each setting is one ``Setting`` row of ``SETTINGS`` below: its environment variable, its
default and what it is for; docs/settings.md is that table (a test keeps the two equal).
Secrets (passwords, tokens) are marked, and ``Settings.shown()`` masks them, so they never
reach a log or a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from overleg.errors import InvalidInput


@dataclass(frozen=True)
class Setting:
    """One row of the settings table: an environment variable and the field it fills."""

    field: str
    env: str
    default: str
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "OVERLEG_DATABASE_URL", "sqlite:///./overleg.db",
            "The store: a SQLite file or a PostgreSQL URL (`postgresql://user@host:5432/db`). "
            "`--database` overrides it per command."),
    Setting("patch_dirs", "OVERLEG_PATCHES", "(none)",
            "Folders of extra patch files for broken source documents, separated by `:` "
            "(the bundled ones always apply; docs/readers.md)."),
    Setting("smtp_host", "OVERLEG_SMTP_HOST", "(none: alert mails are not sent)",
            "Mail server for alert e-mails."),
    Setting("smtp_port", "OVERLEG_SMTP_PORT", "25", "Its port."),
    Setting("smtp_user", "OVERLEG_SMTP_USER", "(none)", "Login at the mail server."),
    Setting("smtp_password", "OVERLEG_SMTP_PASSWORD", "(none)", "Password at the mail server.", secret=True),
    Setting("smtp_sender", "OVERLEG_SMTP_FROM", "overleg@localhost", "The From address of alert mails."),
    Setting("tk_base_url", "OVERLEG_TK_BASE_URL", "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0",
            "Root of Tweede Kamer Open Data for `overleg sync --source tk` (`--base-url` overrides it)."),
    Setting("ob_base_url", "OVERLEG_OB_BASE_URL", "https://repository.overheid.nl/sru",
            "Root of the officielebekendmakingen SRU service for `overleg sync --source ob`."),
    Setting("token", "OVERLEG_TOKEN", "(none)", "An admin's bearer token for `overleg replay`.", secret=True),
    Setting("password", "OVERLEG_PASSWORD", "(none)", "An admin's password for `overleg replay --user`.",
            secret=True),
)


def _text(value: str | None) -> str | None:
    return value if value else None


def _paths(value: str | None) -> tuple[Path, ...]:
    return tuple(Path(part) for part in (value or "").split(":") if part)


def _port(value: str | None) -> int:
    if not value:
        return 25
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise InvalidInput(f"OVERLEG_SMTP_PORT={value!r}: expected a port number 1-65535")
    return port


_PARSERS: dict[str, Callable[[str | None], object]] = {"patch_dirs": _paths, "smtp_port": _port}


@dataclass(frozen=True)
class Settings:
    """What overleg runs with; every field has the default of its row in ``SETTINGS``."""

    database_url: str | None = None  # None: sqlite:///./overleg.db in the working directory
    patch_dirs: tuple[Path, ...] = ()
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_sender: str = "overleg@localhost"
    tk_base_url: str | None = None  # None: the connector's own default, the real service
    ob_base_url: str | None = None
    token: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from ``environ`` (the process environment by default), read once."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for row in SETTINGS:
            raw = env.get(row.env)
            if row.field in _PARSERS:
                values[row.field] = _PARSERS[row.field](raw)
            elif raw:
                values[row.field] = raw
        return cls(**values)  # type: ignore[arg-type]

    def with_database(self, url: str | None) -> Settings:
        """These settings with ``url`` as the store, when given (a ``--database`` option)."""
        return replace(self, database_url=url) if url else self

    def shown(self) -> dict[str, str]:
        """Every setting as text for a message or a log, secrets masked."""
        secret = {row.field for row in SETTINGS if row.secret}
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = "***" if f.name in secret and value else str(value)
        return out


BEGIN = "<!-- generated by overleg.settings.settings_table: begin -->"
END = "<!-- generated by overleg.settings.settings_table: end -->"


def settings_table() -> str:
    """The settings as a Markdown table, for docs/settings.md."""
    rows = ["| variable | default | what it is for |", "|---|---|---|"]
    for row in SETTINGS:
        secret = " Secret: never printed or logged." if row.secret else ""
        rows.append(f"| `{row.env}` | `{row.default}` | {row.help}{secret} |")
    return "\n".join(rows) + "\n"


__all__ = ["SETTINGS", "Setting", "Settings", "settings_table"]
