"""The wording of a minister's notice that the answers to written questions come later: what
the genre registry (``genres.py``) recognises it by and the notice's parser (``notice.py``)
finds its sentence by, in one place and without the parser's imports.

>>> bool(NOTICE_SIGN.search("De vragen ... kunnen niet binnen de gebruikelijke termijn worden beantwoord."))
True
>>> bool(NOTICE_SIGN.search("Mededeling van minister X (ontvangen 3 mei 2024)\\nVraag 1\\nWat?"))
False
"""

from __future__ import annotations

import re

# What a notice says, in the Kamer's set phrase and its variants: the answers do not come in time
DELAY = (r"niet\s+binnen\s+de\s+(?:gebruikelijke\s+|gestelde\s+|daarvoor\s+staande\s+)?termijn"
         r"|Uitstel\s+(?:van\s+de\s+)?beantwoording")
# The genre's sign: the wording of a delay, and no question or answer printed ("Vraag 1",
# "Antwoord 1", "Antwoord van ..."): an Aanhangsel page that prints the questions with a notice
# after them stays written questions (``answer-postponed``)
NOTICE_SIGN = re.compile(
    r"\A(?!.*^\s*(?:Vraag|Antwoord)\s*\d+\b)(?!.*^\s*Antwoord\s+van\b)(?!.*^\s*Antwoord\s*:?\s*$)"
    r"(?=.*(?:" + DELAY + r"|^\s*Mededeling\s+van\b.{0,300}?\(\s*ontvangen))",
    re.I | re.M | re.S,
)
