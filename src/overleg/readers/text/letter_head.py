"""What a ministry's answer letter says about itself: askers, offices, subject, signers.

The pieces, as ministries print them:

- letterhead: "Datum" and "18 oktober 2023" (one line or two);
- cover letter: "In (het) antwoord op uw brief van 7 september 2023, nr. ..., deel ik u mede
  dat de vragen van het lid Wassenberg (PvdD) aan de ministers van ... over ... worden
  beantwoord ...";
- signature: "[Mede namens de minister van ...,] De minister van Justitie en Veiligheid,
  D. Yeşilgöz-Zegerius";
- the heading above the answers: "Antwoorden van de minister van ... op Kamervragen van de
  leden ... over ...".

>>> [(a.name, a.party) for a in parse_askers("Mutluer, Lahlah (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB)")]
[('Mutluer', 'GroenLinks-PvdA'), ('Lahlah', 'GroenLinks-PvdA'), ('Boswijk', 'CDA'), ('Helder', 'BBB')]
>>> [(a.name, a.party) for a in parse_askers("Temmink en Van Nispen (beiden SP)")]
[('Temmink', 'SP'), ('Van Nispen', 'SP')]
>>> parse_offices("de ministers van Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijkrelaties")
('Minister van Justitie en Veiligheid', 'Minister van Binnenlandse Zaken en Koninkrijksrelaties')
>>> parse_offices("de ministers van Landbouw, Natuur en Voedselkwaliteit en van Justitie en Veiligheid")
('Minister van Landbouw, Natuur en Voedselkwaliteit', 'Minister van Justitie en Veiligheid')
>>> parse_offices("de minister van Financiën en de staatssecretaris van Financiën")
('Minister van Financiën', 'Staatssecretaris van Financiën')
>>> parse_offices("de minister en de staatssecretaris van Volksgezondheid, Welzijn en Sport")
('Minister van Volksgezondheid, Welzijn en Sport', 'Staatssecretaris van Volksgezondheid, Welzijn en Sport')
>>> [a.name for a in parse_askers("Omtzigt (NSC) en de leden Dassen en Sneller (beiden Volt)")]
['Omtzigt', 'Dassen', 'Sneller']
>>> signer("De Minister van Justitie en Veiligheid,", "D.M. van Weel")
'Minister Van Weel (Justitie en Veiligheid)'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from overleg.model import Asker
from overleg.vocabulary.portfolios import PORTFOLIOS

# --- offices ---------------------------------------------------------------------------------

_KEYS = {name.lower(): name for name in PORTFOLIOS}


def known_portfolio(text: str) -> str | None:
    """The official spelling of a printed portfolio, tolerating a typo ("Koninkrijkrelaties")."""
    key = " ".join(text.split()).strip(" ,.").lower()
    if key in _KEYS:
        return _KEYS[key]
    close = difflib.get_close_matches(key, list(_KEYS), n=1, cutoff=0.92)
    return _KEYS[close[0]] if close else None


def split_portfolios(text: str) -> list[str]:
    """"Justitie en Veiligheid en Binnenlandse Zaken en X" -> the known portfolios it is made
    of, or the text itself when it cannot be read as a sequence of known ones."""
    pieces = re.split(r"(,\s*|\s+en\s+)", text.strip(" ,."))
    words, seps = pieces[0::2], pieces[1::2]
    # best[i]: a segmentation of words[:i] into known portfolios, or None
    best: list[list[str] | None] = [[]] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(end):
            head = best[start]
            if head is None:
                continue
            candidate = "".join(w + (seps[k] if k < end - 1 else "") for k, w in enumerate(words[start:end], start))
            known = known_portfolio(candidate)
            if known and (best[end] is None or len(head) + 1 < len(best[end] or [])):
                best[end] = [*head, known]
    found = best[len(words)]
    return found if found else [known_portfolio(text) or " ".join(text.split()).strip(" ,.")]


_ROLE = re.compile(r"\b(minister|staatssecretaris)(?:s|sen)?\s+(van|voor)\s+", re.I)


_SHARED = re.compile(
    r"^\s*(?:de\s+)?(minister|staatssecretaris)\s+en\s+(?:de\s+)?(minister|staatssecretaris)\s+((?:van|voor)\s+.+)$",
    re.I | re.S,
)


def parse_offices(text: str) -> tuple[str, ...]:
    """The offices in "de ministers van A en (van) B (en de staatssecretaris van C)"; "de
    minister en de staatssecretaris van A" are two offices of one portfolio."""
    shared = _SHARED.match(text)
    if shared:
        portfolio = shared.group(3)
        return (*parse_offices(f"{shared.group(1)} {portfolio}"), *parse_offices(f"{shared.group(2)} {portfolio}"))
    offices: list[str] = []
    roles = list(_ROLE.finditer(text))
    for k, m in enumerate(roles):
        end = roles[k + 1].start() if k + 1 < len(roles) else len(text)
        rest = re.sub(r"(?:,|\s+en)?\s+(?:de|het)?\s*$", "", text[m.end():end])
        role = m.group(1).capitalize()
        for part in re.split(r"(?:,\s*|\s+en\s+)(?:van|voor)\s+", rest):
            for portfolio in split_portfolios(part):
                prep = PORTFOLIOS.get(portfolio, m.group(2).lower())
                office = f"{role} {prep} {portfolio}"
                if office not in offices:
                    offices.append(office)
    return tuple(offices)


# --- people ----------------------------------------------------------------------------------


def parse_askers(text: str) -> tuple[Asker, ...]:
    """Members with their parties: a bracketed party applies to every name since the last one."""
    chunks = re.split(r"\(([^()]*)\)", text)
    askers: list[Asker] = []
    for k in range(0, len(chunks), 2):
        party = chunks[k + 1] if k + 1 < len(chunks) else None
        if party is not None:
            party = re.sub(r"^(?:beiden|beide|allen|alle\s+\w+)\s+", "", party.strip(), flags=re.I) or None
        names = [re.sub(r"^(?:het\s+(?:Kamer)?lid|de\s+(?:Kamer)?leden)\s+", "", n.strip(" ,.;"))
                 for n in re.split(r",|\s+en\s+|^en\s+", chunks[k])]
        askers.extend(Asker(name, party) for name in names if name and re.search(r"[A-Z]", name))
    return tuple(askers)


_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.\s*)+")


def signer(role_line: str, name_line: str) -> str | None:
    """"De minister van X," + "D. Name" -> "Minister Name (X)" (the Aanhangsel's form)."""
    m = _ROLE.search(role_line)
    if not m:
        return None
    portfolio = split_portfolios(role_line[m.end():].strip(" ,."))[0]
    name = _INITIALS.sub("", name_line.strip(" ,.")).strip()
    if not name:
        return None
    name = name[0].upper() + name[1:]
    return f"{m.group(1).capitalize()} {name} ({portfolio})"


_SIGNER_ROLE = re.compile(r"^(?:de\s+)?(?:minister|staatssecretaris)\s+(?:van|voor)\s+\S.*$", re.I)
_NAME_LINE = re.compile(r"^(?:[A-Z][a-z]?\.\s*)+\S.{0,60}$|^[A-Z][\w'’-]+(?:\s+[\w'’-]+){0,4}$")


def signers(lines: Sequence[str]) -> tuple[str, ...]:
    """The signers in a signature block: each role line followed (within a few lines) by a
    name; lines that sign on another's behalf ("mede namens de minister van ...") are skipped."""
    found: list[str] = []
    for k, line in enumerate(lines):
        if not _SIGNER_ROLE.match(line.strip()):
            continue
        following = [x.strip() for x in lines[k + 1:k + 6] if x.strip()]
        name = next((x for x in following[:2] if _NAME_LINE.match(x) and not _ROLE.search(x)), None)
        made = signer(line, name) if name else None
        if made and made not in found:
            found.append(made)
    return tuple(found)
