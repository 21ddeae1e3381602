"""Web addresses as printed in notes: with a scheme, with ``www.``, or a bare domain with a path.

>>> find_urls("NOS, 6 maart 2024 (nos.nl/artikel/2511721-yesilgoz-wil).")
('nos.nl/artikel/2511721-yesilgoz-wil',)
>>> find_urls("zie https://www.ad.nl/a~b/#:~:text=x,y%20z en www.vpro.nl/argos.html.")
('https://www.ad.nl/a~b/#:~:text=x,y%20z', 'www.vpro.nl/argos.html')
>>> find_urls("Kamerstuk 33047, nr. 25; e.g. muilkorven/aanlijnen")
()

``link_target`` says what an address may link to: only ``http``, ``https`` and ``mailto``
addresses become links anywhere overleg writes them (an address as printed, ``www.x.nl/a`` or
``nos.nl/artikel/1``, links to its ``https://`` form); anything else (``javascript:``, ``data:``,
``vbscript:``, a relative or protocol-relative path, an address with a space or a control
character in it, wherever) is shown as text.

>>> link_target("nos.nl/artikel/2511721"), link_target("HTTPS://Example.org/a?b=c")
('https://nos.nl/artikel/2511721', 'HTTPS://Example.org/a?b=c')
>>> [link_target(a) for a in ("javascript:alert(1)", " https://x.nl", "//evil.example/", "java\tscript:x")]
[None, None, None, None]
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


# A whole address that may be a link: a web address with a host, or a mail address. Nothing in
# it that a browser would strip or split on (whitespace, controls), or that ends an attribute.
_LINKABLE = re.compile(r"(?:https?://[^\s/\\?#\x00-\x1f\x7f<>\"'`]|mailto:[^\s@:/\x00-\x1f\x7f<>\"'`]+@)"
                       r"[^\s\x00-\x1f\x7f-\x9f<>\"'`]*", re.IGNORECASE)


def link_target(address: str) -> str | None:
    """The URL ``address`` may link to (see the module docstring), or None: show it as text."""
    if _LINKABLE.fullmatch(address):
        return address
    if URL_RE.fullmatch(address) and _LINKABLE.fullmatch("https://" + address):
        return "https://" + address
    return None
