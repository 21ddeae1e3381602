"""overleg: read, run and serve parliamentary written consultations.

    >>> import overleg
    >>> doc = overleg.read("report.pdf")            # doctest: +SKIP
    >>> print(overleg.to_json(doc))                 # doctest: +SKIP
"""

from overleg.errors import OverlegError, ReadError
from overleg.exchange import from_dict, from_json, to_dict, to_json
from overleg.model import Document, DocumentId, DocumentType
from overleg.readers import read, read_all
from overleg.writers import write

__all__ = [
    "Document",
    "DocumentId",
    "DocumentType",
    "OverlegError",
    "ReadError",
    "from_dict",
    "from_json",
    "read",
    "read_all",
    "to_dict",
    "to_json",
    "write",
]
__version__ = "0.1.0"
