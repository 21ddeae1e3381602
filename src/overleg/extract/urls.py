"""Web addresses as printed in notes: with a scheme, with ``www.``, or a bare domain with a path.

>>> find_urls("NOS, 6 maart 2024 (nos.nl/artikel/2511721-yesilgoz-wil).")
('nos.nl/artikel/2511721-yesilgoz-wil',)
>>> find_urls("zie https://www.ad.nl/a~b/#:~:text=x,y%20z en www.vpro.nl/argos.html.")
('https://www.ad.nl/a~b/#:~:text=x,y%20z', 'www.vpro.nl/argos.html')
>>> find_urls("Kamerstuk 33047, nr. 25; e.g. muilkorven/aanlijnen")
()
"""

from __future__ import annotations

import re

# A bare domain only counts with a known top-level domain and a path: "vng.nl/sites/..." is an
# address, "e.g. muilkorven/aanlijnen" is not.
_TLD = r"(?:nl|com|org|net|eu|int|gov|be|de|fr|uk|info|io|edu|europa\.eu)"
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"”“]+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+" + _TLD + r"/[^\s<>\"”“]*",
    re.IGNORECASE,
)


def find_urls(text: str) -> tuple[str, ...]:
    """The addresses in the text as printed, without trailing punctuation, in order."""
    found: list[str] = []
    for m in URL_RE.finditer(text):
        url = m.group().rstrip(".,;:!?'’")
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(".,;:")
        if url and url not in found:
            found.append(url)
    return tuple(found)
