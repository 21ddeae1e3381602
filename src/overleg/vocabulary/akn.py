"""The names of overleg's Akoma Ntoso 3.0 dialect that the AKN writer writes and reader reads.

The mapping itself (every model field and its one home in the XML) is the table in
docs/writers.md.
"""

from __future__ import annotations

NS_AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS_OV = "urn:overleg:akn:1"  # overleg's own elements and attributes: what AKN has no place for
OFFICIAL_ALIAS = "officielebekendmakingen"  # FRBRalias name of the officielebekendmakingen.nl id
UNKNOWN_DATE = "0001-01-01"  # FRBRdate is required; with name="onbekend" it stands for "no date"
TEXT_SEPARATOR = "\n\n"  # a model text's paragraphs, one <p> each
