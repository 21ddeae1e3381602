"""overleg: read, run and serve parliamentary written consultations.

    >>> import overleg
    >>> doc = overleg.read("report.pdf")            # doctest: +SKIP
    >>> print(overleg.to_json(doc))                 # doctest: +SKIP

The names below are loaded on first use, so that importing a part of overleg (the command
line, the store) does not load every reader and writer first.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from overleg.errors import OverlegError, ReaderError
    from overleg.exchange import from_dict, from_json, to_dict, to_json
    from overleg.model import Document, DocumentId, DocumentType
    from overleg.readers import read, read_all
    from overleg.writers import write

EXAMPLES = Path(__file__).resolve().parent / "examples"
"""The bundled real documents (``SOURCES.md`` there says where each comes from)."""

_WHERE = {
    "OverlegError": "overleg.errors", "ReaderError": "overleg.errors",
    "from_dict": "overleg.exchange", "from_json": "overleg.exchange", "to_dict": "overleg.exchange",
    "to_json": "overleg.exchange",
    "Document": "overleg.model", "DocumentId": "overleg.model", "DocumentType": "overleg.model",
    "read": "overleg.readers", "read_all": "overleg.readers",
    "write": "overleg.writers",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'overleg' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "EXAMPLES",
    "Document",
    "DocumentId",
    "DocumentType",
    "OverlegError",
    "ReaderError",
    "from_dict",
    "from_json",
    "read",
    "read_all",
    "to_dict",
    "to_json",
    "write",
]
__version__ = "0.1.0"
