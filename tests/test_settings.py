"""The settings: read once from an environment, documented in one table, secrets never shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from overleg.connectors import opendata, sru
from overleg.connectors.names import SourceName
from overleg.errors import InvalidInput
from overleg.settings import BEGIN, END, SETTINGS, SYNC_SOURCES, Settings, settings_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_docs_settings_md_is_the_table_of_the_settings() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.split(BEGIN, 1)[1].split(END, 1)[0].strip() == settings_table().strip()


def test_every_field_has_one_row_and_every_row_one_field() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert {row.field for row in SETTINGS} == fields
    assert len({row.env for row in SETTINGS}) == len(SETTINGS)


def test_the_documented_service_roots_are_the_connectors_defaults() -> None:
    defaults = {row.field: row.default for row in SETTINGS}
    assert defaults["tk_base_url"] == opendata.BASE_URL and defaults["ob_base_url"] == sru.BASE_URL


def test_an_empty_environment_gives_the_defaults() -> None:
    assert Settings.from_environ({}) == Settings()


def test_a_port_that_is_no_port_is_refused_naming_the_variable() -> None:
    with pytest.raises(InvalidInput, match="OVERLEG_SMTP_PORT"):
        Settings.from_environ({"OVERLEG_SMTP_PORT": "mail"})


def test_secrets_are_never_shown() -> None:
    found = Settings.from_environ({"OVERLEG_TOKEN": "ovl_secret", "OVERLEG_PASSWORD": "hunter22",
                                   "OVERLEG_SMTP_PASSWORD": "smtp-geheim"})
    shown = found.shown()
    assert "ovl_secret" not in repr(found) and "hunter22" not in repr(found)
    assert {shown["token"], shown["password"], shown["smtp_password"]} == {"***"}


def test_a_database_option_wins_over_the_environment() -> None:
    base = Settings.from_environ({"OVERLEG_DATABASE_URL": "postgresql://u@h/db"})
    assert base.with_database("sqlite:///x.db").database_url == "sqlite:///x.db"
    assert base.with_database(None).database_url == "postgresql://u@h/db"


def test_the_sources_to_sync_and_their_first_date_are_read_and_checked() -> None:
    found = Settings.from_environ({"OVERLEG_SYNC_SOURCES": " tk, ob ,tk", "OVERLEG_SYNC_SINCE": "2025-08-12"})
    assert (found.sync_sources, found.sync_since) == (("tk", "ob"), dt.date(2025, 8, 12))
    assert (Settings.from_environ({}).sync_sources, Settings.from_environ({}).sync_since) == ((), None)
    with pytest.raises(InvalidInput, match=r"OVERLEG_SYNC_SOURCES.*'tweedekamer' is no source"):
        Settings.from_environ({"OVERLEG_SYNC_SOURCES": "tweedekamer"})
    with pytest.raises(InvalidInput, match=r"OVERLEG_SYNC_SINCE.*YYYY-MM-DD"):
        Settings.from_environ({"OVERLEG_SYNC_SINCE": "12-08-2025"})


def test_the_sources_to_sync_are_the_connectors_sources() -> None:
    assert tuple(s.value for s in SourceName) == SYNC_SOURCES
