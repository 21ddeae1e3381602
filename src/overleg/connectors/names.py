"""The names the command line offers for the connectors, kept in a module that imports nothing
(``overleg --help`` lists them without loading an HTTP client or the store)."""

from __future__ import annotations

from enum import Enum


class SourceName(str, Enum):
    """A public source ``overleg sync`` fetches from."""

    TK = "tk"  # Tweede Kamer Open Data (OData v4)
    OB = "ob"  # officielebekendmakingen.nl (SRU)


class ExportFormat(str, Enum):
    """What ``overleg export`` writes: JSON Lines, CSV or XLSX (one row per item) or Akoma Ntoso per document."""

    JSONL = "jsonl"
    CSV = "csv"
    XLSX = "xlsx"
    AKN = "akn"
