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

import datetime as dt
import ipaddress
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
    default: str | None  # as the docs show it; None: the field's default in ``Settings``
    help: str
    secret: bool = False
    bounds: tuple[int, int] | None = None  # a whole number from ... to ...


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "OVERLEG_DATABASE_URL", "sqlite:///./overleg.db",
            "The store: a SQLite file or a PostgreSQL URL (`postgresql://user@host:5432/db`). "
            "`--database` overrides it per command."),
    Setting("patch_dirs", "OVERLEG_PATCHES", "(none)",
            "Folders of extra patch files for broken source documents, separated by `:` "
            "(the bundled ones always apply; docs/readers.md)."),
    Setting("smtp_host", "OVERLEG_SMTP_HOST", "(none: alert mails are not sent)",
            "Mail server for alert e-mails."),
    Setting("smtp_port", "OVERLEG_SMTP_PORT", None, "Its port.",
            bounds=(1, 65_535)),
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
    # the limits of docs/security.md
    Setting("max_request_bytes", "OVERLEG_MAX_REQUEST_BYTES", None,
            "The largest request body the server reads (bytes); a larger one is refused with 413 before "
            "it is read.",
            bounds=(1_024, 1 << 30)),
    Setting("max_field_chars", "OVERLEG_MAX_FIELD_CHARS", None,
            "The longest text field of a request or form (characters); longer is refused with 422 naming "
            "the field.",
            bounds=(100, 10_000_000)),
    Setting("max_items", "OVERLEG_MAX_ITEMS", None,
            "The most passages of one contribution, answers of one request, groups or addressees of one "
            "consultation.",
            bounds=(1, 100_000)),
    Setting("login_attempts_per_account", "OVERLEG_LOGIN_ATTEMPTS_PER_ACCOUNT", None,
            "Wrong passwords for one account within the window before logins to it are refused with 429.",
            bounds=(1, 10_000)),
    Setting("login_attempts_per_address", "OVERLEG_LOGIN_ATTEMPTS_PER_ADDRESS", None,
            "Wrong passwords from one client address within the window before its logins are refused with 429.",
            bounds=(1, 100_000)),
    Setting("login_window_seconds", "OVERLEG_LOGIN_WINDOW_SECONDS", None, "The window of the login limits.",
            bounds=(1, 86_400)),
    Setting("hashing_slots", "OVERLEG_HASHING_SLOTS", None,
            "Passwords hashed at once (argon2id takes 64 MiB each); more wait their turn.",
            bounds=(1, 64)),
    Setting("token_days", "OVERLEG_TOKEN_DAYS", None, "Days a bearer token lives before it expires.",
            bounds=(1, 3_650)),
    Setting("webhook_timeout_seconds", "OVERLEG_WEBHOOK_TIMEOUT_SECONDS", None,
            "How long an alert's webhook may take to answer.",
            bounds=(1, 300)),
    Setting("webhook_max_bytes", "OVERLEG_WEBHOOK_MAX_BYTES", None,
            "The most of a webhook's answer overleg reads.",
            bounds=(1_024, 10_485_760)),
    # users in the browser and notification mails (docs/notifications.md)
    Setting("public_url", "OVERLEG_PUBLIC_URL", "http://127.0.0.1:8000",
            "The address users reach the web UI at: the links in mails are built from it (never from a "
            "request's Host header)."),
    Setting("invitation_days", "OVERLEG_INVITATION_DAYS", None,
            "Days an invitation or password reset link stays valid.",
            bounds=(1, 90)),
    Setting("reminder_interval_seconds", "OVERLEG_REMINDER_INTERVAL_SECONDS", None,
            "How often `overleg serve` makes the deadline reminders and retries unsent mail (0: never; "
            "`overleg meldingen` does the same once).",
            bounds=(0, 86_400)),
    Setting("job_lease_seconds", "OVERLEG_JOB_LEASE_SECONDS", None,
            "How long a scheduled job's lease (and a mail's claim) holds without renewal: a running job "
            "renews it every third of this; a worker that dies leaves it, and another worker takes the job "
            "(and the mail) over after this many seconds.",
            bounds=(1, 86_400)),
    Setting("answer_days", "OVERLEG_ANSWER_DAYS", None,
            "Days after sending the questions that the clerk's send form proposes as the ministry's answer "
            "deadline (at 12.00 uur Dutch time; the clerk may change it).",
            bounds=(1, 365)),
    # the site's required pages (docs/web.md, "Required pages")
    Setting("site_operator", "OVERLEG_SITE_OPERATOR", "de beheerder van deze installatie",
            "Who runs this installation, as the privacy statement, the accessibility statement and the contact "
            "page name it (the controller under the AVG), e.g. `de Griffie van de Tweede Kamer`."),
    Setting("contact_email", "OVERLEG_CONTACT_EMAIL", "contact@localhost",
            "Where the public writes to: the contact page, accessibility problems, questions and requests "
            "about personal data."),
    Setting("security_email", "OVERLEG_SECURITY_EMAIL", "security@localhost",
            "Where vulnerabilities are reported: the `Contact` of `/.well-known/security.txt`."),
    Setting("source_url", "OVERLEG_SOURCE_URL", "(none: the page says to ask for it)",
            "Where this installation's source code can be had, as the page about the site links it (the "
            "EUPL asks that users of a network service can get the source)."),
    # running it for real (docs/operations.md)
    Setting("trusted_proxies", "OVERLEG_TRUSTED_PROXIES", "(none)",
            "Addresses or networks of the reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` "
            "`overleg serve` believes, separated by `,` (e.g. `10.0.0.5,10.0.1.0/24`); from anyone else they are "
            "ignored. `--forwarded-allow-ips` overrides it."),
    Setting("metrics_from", "OVERLEG_METRICS_FROM", "127.0.0.1,::1",
            "Addresses or networks that may read `/metrics` (Prometheus), separated by `,`; others get 404."),
    Setting("metrics_dir", "OVERLEG_METRICS_DIR", "(none: a new temporary folder when --workers is over 1)",
            "Where the workers of one `overleg serve --workers N` add up their metrics (emptied when it starts)."),
    Setting("db_pool_size", "OVERLEG_DB_POOL_SIZE", None,
            "Database connections each process keeps open (each worker of `overleg serve --workers N` is one).",
            bounds=(1, 200)),
    Setting("db_max_overflow", "OVERLEG_DB_MAX_OVERFLOW", None,
            "Connections a process may open beyond those at its busiest, closed again after. PostgreSQL's "
            "`max_connections` must exceed the sum of size and overflow over every process of every machine.",
            bounds=(0, 1_000)),
    # what a server process keeps of the search index in memory (docs/search.md, "Caches")
    Setting("search_pages", "OVERLEG_SEARCH_PAGES", None,
            "Search result pages each process keeps, the least recently asked dropped first (0: none). A page "
            "is ~10 kB; any ingest or merge makes every kept page stale at once.",
            bounds=(0, 1_000_000)),
    Setting("search_postings_mb", "OVERLEG_SEARCH_POSTINGS_MB", None,
            "Megabytes of decoded postings each process keeps (the common words that phrases, prefixes and "
            "sorts by date read whole); 0: none.",
            bounds=(0, 100_000)),
    Setting("sync_sources", "OVERLEG_SYNC_SOURCES", "(none: the worker does not sync)",
            "The public sources `overleg worker` fetches from as its job `sync`, separated by `,`: `tk` (Tweede "
            "Kamer Open Data), `ob` (officielebekendmakingen), e.g. `tk,ob`. Each keeps its cursor in the store "
            "(docs/connectors.md); a source that fails does not stop the other."),
    Setting("sync_since", "OVERLEG_SYNC_SINCE", "(none: 30 days before the first run)",
            "The first date (`YYYY-MM-DD`) the worker's `sync` fetches from on a source's first run; after it "
            "the cursor in the store wins."),
    Setting("log_format", "OVERLEG_LOG_FORMAT", "text",
            "`text`: warnings and errors as lines of text; `json`: every log record as one JSON object a line, "
            "and one for each request (with its request id, never its headers, cookies, query or body). "
            "`--log-format` overrides it."),
)

LOG_FORMATS = ("text", "json")
SYNC_SOURCES = ("tk", "ob")  # the names of connectors.names.SourceName (a test keeps them equal)


def _text(value: str | None) -> str | None:
    return value if value else None


def _paths(value: str | None) -> tuple[Path, ...]:
    return tuple(Path(part) for part in (value or "").split(":") if part)


def _networks(row: Setting, value: str | None) -> tuple[str, ...]:
    """Addresses and networks separated by commas, each checked (an unreadable one is refused
    naming the variable, rather than trusting or refusing nobody by surprise)."""
    found = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    for part in found:
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise InvalidInput(f"{row.env}={value!r}: {part!r} is no IP address or network") from None
    return found


def _sources(row: Setting, value: str | None) -> tuple[str, ...]:
    """Source names separated by commas, each one overleg can sync (an unknown one is refused
    naming the variable, rather than a worker that fails every run)."""
    found = tuple(dict.fromkeys(part.strip() for part in (value or "").split(",") if part.strip()))
    for part in found:
        if part not in SYNC_SOURCES:
            raise InvalidInput(f"{row.env}={value!r}: {part!r} is no source; use {' or '.join(SYNC_SOURCES)}")
    return found


def _date(row: Setting, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{row.env}={value!r}: expected a date as YYYY-MM-DD") from None


def _whole(row: Setting, default: int) -> Callable[[str | None], int]:
    """A parser of a whole number within the row's bounds."""
    assert row.bounds is not None
    low, high = row.bounds

    def parse(value: str | None) -> int:
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise InvalidInput(f"{row.env}={value!r}: expected a whole number from {low} to {high}")
        return number

    return parse


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
    max_request_bytes: int = 1_048_576
    max_field_chars: int = 100_000
    max_items: int = 500
    login_attempts_per_account: int = 5
    login_attempts_per_address: int = 20
    login_window_seconds: int = 900
    hashing_slots: int = 2
    token_days: int = 90
    webhook_timeout_seconds: int = 5
    webhook_max_bytes: int = 65_536
    public_url: str = "http://127.0.0.1:8000"
    invitation_days: int = 7
    reminder_interval_seconds: int = 900
    job_lease_seconds: int = 120
    answer_days: int = 21
    site_operator: str = "de beheerder van deze installatie"
    contact_email: str = "contact@localhost"
    security_email: str = "security@localhost"
    source_url: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    metrics_from: tuple[str, ...] = ("127.0.0.1", "::1")
    metrics_dir: Path | None = None
    db_pool_size: int = 10
    db_max_overflow: int = 30
    search_pages: int = 2_000
    search_postings_mb: int = 160
    sync_sources: tuple[str, ...] = ()
    sync_since: dt.date | None = None
    log_format: str = "text"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from ``environ`` (the process environment by default), read once."""
        env = os.environ if environ is None else environ
        defaults = cls()
        values: dict[str, object] = {}
        for row in SETTINGS:
            raw = env.get(row.env)
            if row.field == "patch_dirs":
                values[row.field] = _paths(raw)
            elif row.field in ("trusted_proxies", "metrics_from"):
                if raw is not None:
                    values[row.field] = _networks(row, raw)
            elif row.field == "metrics_dir":
                values[row.field] = Path(raw) if raw else None
            elif row.field == "sync_sources":
                values[row.field] = _sources(row, raw)
            elif row.field == "sync_since":
                values[row.field] = _date(row, raw)
            elif row.field == "log_format" and raw and raw not in LOG_FORMATS:
                raise InvalidInput(f"{row.env}={raw!r}: expected one of {', '.join(LOG_FORMATS)}")
            elif row.bounds is not None:
                values[row.field] = _whole(row, getattr(defaults, row.field))(raw)
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


def child_environ(**extra: str) -> dict[str, str]:
    """The environment a child process of overleg gets: this process's, with ``extra`` set (the
    benchmarks give their ``overleg serve`` the PYTHONPATH of the code they time)."""
    return {**os.environ, **extra}


def pass_to_workers(settings: Settings) -> None:
    """Put what the command line decided (``--database``, the metrics folder) into this process's
    environment, where the worker processes of ``overleg serve --workers N`` read their settings
    when they start (uvicorn starts them; nothing else can hand them an object). The Prometheus
    client finds its folder by its own variable, ``PROMETHEUS_MULTIPROC_DIR``."""
    if settings.database_url:
        os.environ["OVERLEG_DATABASE_URL"] = settings.database_url
    os.environ["OVERLEG_LOG_FORMAT"] = settings.log_format
    if settings.metrics_dir is not None:
        os.environ["OVERLEG_METRICS_DIR"] = os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(settings.metrics_dir)


BEGIN = "<!-- generated by overleg.settings.settings_table: begin -->"
END = "<!-- generated by overleg.settings.settings_table: end -->"


def settings_table() -> str:
    """The settings as a Markdown table, for docs/settings.md."""
    rows = ["| variable | default | what it is for |", "|---|---|---|"]
    for row in SETTINGS:
        secret = " Secret: never printed or logged." if row.secret else ""
        default = row.default if row.default is not None else str(getattr(Settings(), row.field))
        rows.append(f"| `{row.env}` | `{default}` | {row.help}{secret} |")
    return "\n".join(rows) + "\n"


__all__ = ["LOG_FORMATS", "SETTINGS", "SYNC_SOURCES", "Setting", "Settings", "pass_to_workers", "settings_table"]
