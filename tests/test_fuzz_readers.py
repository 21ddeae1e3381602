"""Fuzzing ``overleg.read``: any input gives a Document or a ReaderError, never anything else.

Inputs: arbitrary bytes and text, text that looks like the genre, and damaged versions of every
real document bundled in src/overleg/examples (byte flips, truncation, chunks cut or repeated;
for text also lines deleted, repeated and shuffled; for Word files also damaged XML parts and
missing parts). A Document a reader returns must also survive the exchange JSON unchanged.

The default budget keeps this file well under a minute. Raise it for a long run:

    OVERLEG_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_readers.py
    OVERLEG_SLOW=1 pytest -m slow tests/test_fuzz_readers.py     # adds the slow tests below
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import overleg
from overleg import exchange
from overleg.errors import ReaderError
from overleg.model import Document

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "overleg" / "examples"
BUDGET = int(os.environ.get("OVERLEG_FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=BUDGET,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
SLOW = pytest.mark.skipif(not os.environ.get("OVERLEG_SLOW"), reason="set OVERLEG_SLOW=1 for long fuzzing runs")


def _examples(*suffixes: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(EXAMPLES.iterdir()) if p.suffix in suffixes}


TEXTS = _examples(".txt", ".md")
PDFS = _examples(".pdf")
DOCXS = _examples(".docx")
ALL = TEXTS | PDFS | DOCXS


def reads_or_refuses(data: bytes, name: str) -> Document | None:
    """The property under test: a Document (that the exchange JSON keeps intact) or a ReaderError."""
    try:
        doc = overleg.read(data, name=name)
    except ReaderError as e:
        assert name in e.one_line(), f"the error does not name the input {name!r}: {e.one_line()}"
        return None
    assert isinstance(doc, Document)
    assert exchange.from_json(exchange.to_json(doc)) == doc
    return doc


def test_the_bundled_examples_are_there() -> None:
    assert TEXTS and PDFS and DOCXS, f"no examples in {EXAMPLES}"


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_bundled_example_reads_or_is_refused_with_a_read_error(name: str) -> None:
    reads_or_refuses(ALL[name], name)


# --- mutations ----------------------------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes with one to three kinds of damage a download, a disk or an editor can do."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "cut", "repeat", "insert"]))
        size = len(out)
        at = draw(st.integers(0, max(size - 1, 0)))
        if kind == "flip" and size:
            for _ in range(draw(st.integers(1, 16))):
                pos = draw(st.integers(0, size - 1))
                out[pos] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del out[at:]
        elif kind == "cut":
            del out[at : at + draw(st.integers(1, 4096))]
        elif kind == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 4096))]
        else:
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
    return bytes(out)


@st.composite
def reshuffled_text(draw: st.DrawFn, data: bytes) -> bytes:
    """The text with lines deleted, repeated, swapped or shuffled, or cut at a random point."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))  # one draw: thousands of lines stay fast
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "repeat", "swap", "shuffle-window", "shuffle-all", "cut", "blank"]))
        if not lines:
            break
        at = rnd.randrange(len(lines))
        span = rnd.randint(1, 40)
        if kind == "delete":
            del lines[at : at + span]
        elif kind == "repeat":
            lines[at:at] = lines[at : at + span]
        elif kind == "swap":
            other = rnd.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "shuffle-window":
            window = lines[at : at + span * 5]
            rnd.shuffle(window)
            lines[at : at + span * 5] = window
        elif kind == "shuffle-all":
            rnd.shuffle(lines)
        elif kind == "cut":
            text = "\n".join(lines)
            lines = text[: rnd.randrange(len(text) + 1)].split("\n")
        else:
            lines[at : at + span] = [""] * len(lines[at : at + span])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return "\n".join(lines).encode(encoding, errors="replace")


_PARTS = ("word/document.xml", "word/footnotes.xml", "word/numbering.xml", "word/styles.xml", "[Content_Types].xml")


@st.composite
def damaged_docx(draw: st.DrawFn, data: bytes) -> bytes:
    """A Word file whose zip is intact but whose XML parts are damaged or missing."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    present = [p for p in _PARTS if p in parts]
    part = draw(st.sampled_from(present))
    kind = draw(st.sampled_from(["bytes", "paragraphs", "drop", "empty", "not-xml"]))
    if kind == "bytes":
        parts[part] = draw(damaged(parts[part]))
    elif kind == "paragraphs":
        xml = parts[part].decode("utf-8", errors="replace")
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
        rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
        for para in rnd.sample(paragraphs, min(len(paragraphs), rnd.randint(1, 10))):
            xml = xml.replace(para, rnd.choice(["", para + para, para[: len(para) // 2]]), 1)
        parts[part] = xml.encode("utf-8")
    elif kind == "drop":
        del parts[part]
    elif kind == "empty":
        parts[part] = b""
    else:
        parts[part] = draw(st.binary(max_size=200))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buffer.getvalue()


def _example_and(
    mutate: Callable[[bytes], st.SearchStrategy[bytes]], examples: dict[str, bytes]
) -> st.SearchStrategy[tuple[str, bytes]]:
    """A (name, damaged bytes) pair for one of ``examples``."""
    names = st.sampled_from(sorted(examples))
    return names.flatmap(lambda name: st.tuples(st.just(name), mutate(examples[name])))


# --- properties ---------------------------------------------------------------------------

NAMES = st.sampled_from(["input", "input.txt", "input.md", "input.json", "input.pdf", "input.docx", "input.html"])


@FUZZ
@given(st.binary(max_size=4096), NAMES)
def test_arbitrary_bytes_give_a_document_or_a_read_error(data: bytes, name: str) -> None:
    reads_or_refuses(data, name)


@FUZZ
@given(st.text(max_size=2000), NAMES)
def test_arbitrary_text_gives_a_document_or_a_read_error(text: str, name: str) -> None:
    reads_or_refuses(text.encode("utf-8", errors="surrogatepass"), name)


# Lines of the genre, so that the classifier hands the text on to the parsers.
_GENRE_LINES = [
    "21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken",
    "Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    "Nr. 12 VERSLAG VAN EEN NADER SCHRIFTELIJK OVERLEG",
    "INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    "LIJST VAN VRAGEN EN ANTWOORDEN",
    "Vastgesteld, 20 februari 2026",
    "De vaste commissie voor Buitenlandse Zaken heeft een aantal vragen en opmerkingen voorgelegd",
    "De vragen zijn op 17 februari 2026 aan de minister van Buitenlandse Zaken voorgelegd.",
    "Bij brief van 20 februari 2026 zijn de vragen beantwoord.",
    "De voorzitter van de commissie,",
    "Adjunct-griffier van de commissie,",
    "Vragen en opmerkingen van de leden van de D66-fractie",
    "De leden van de D66-fractie vragen of het kabinet bereid is (Kamerstuk 36 800-V, nr. 86).",
    "Tevens vragen zij of Bamenga1 zie Kamerstuk 21501-02 nr. 3273",
    "1. Antwoord van het kabinet",
    "Antwoord van het kabinet",
    "Zie het antwoord op vraag 14 en 15.",
    "Vragen van het lid Van Haga (Groep Van Haga) aan de Minister van Financiën over iets "
    "(ingezonden 20 november 2023).",
    "Antwoord van Minister De Jonge (Binnenlandse Zaken) (ontvangen 20 februari 2024).",
    "Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.",
    "In antwoord op uw brief van 7 september 2023, nr. 2023Z14759, deel ik u mede",
    "Vraag 1",
    "Vraag 2 en 3",
    "Antwoord 1",
    "Antwoord 7, 8, 9 10 en 11",
    "Antwoord op vraag 3 en 8",
    "1 Kamerstuk 36 180 nr. 190",
    "2 https://www.nos.nl/artikel/123",
    "III Volledige agenda",
    "ah-tk-20232024-1076",
    "Tweede Kamer, vergaderjaar 2025–2026, 21 501-02, nr. 3349 2",
    "",
    "-----",
]


@FUZZ
@given(st.lists(st.sampled_from(_GENRE_LINES) | st.text(max_size=80), max_size=60), st.sampled_from(["x.txt", "x.md"]))
def test_text_made_of_the_genre_s_lines_gives_a_document_or_a_read_error(lines: list[str], name: str) -> None:
    reads_or_refuses("\n".join(lines).encode("utf-8", errors="surrogatepass"), name)


@FUZZ
@given(_example_and(damaged, TEXTS))
def test_damaged_bytes_of_a_real_text_give_a_document_or_a_read_error(example: tuple[str, bytes]) -> None:
    reads_or_refuses(example[1], example[0])


@FUZZ
@given(_example_and(reshuffled_text, TEXTS))
def test_a_real_text_with_lines_cut_repeated_or_shuffled_gives_a_document_or_a_read_error(
    example: tuple[str, bytes],
) -> None:
    reads_or_refuses(example[1], example[0])


@FUZZ
@given(_example_and(damaged, PDFS))
def test_a_damaged_real_pdf_gives_a_document_or_a_read_error(example: tuple[str, bytes]) -> None:
    reads_or_refuses(example[1], example[0])


@FUZZ
@given(_example_and(damaged, DOCXS))
def test_damaged_bytes_of_a_real_word_file_give_a_document_or_a_read_error(example: tuple[str, bytes]) -> None:
    reads_or_refuses(example[1], example[0])


@FUZZ
@given(_example_and(damaged_docx, DOCXS))
def test_a_real_word_file_with_damaged_or_missing_parts_gives_a_document_or_a_read_error(
    example: tuple[str, bytes],
) -> None:
    reads_or_refuses(example[1], example[0])


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_real_document_cut_short_gives_a_document_or_a_read_error(name: str) -> None:
    data = ALL[name]
    for fraction in (0.0, 0.01, 0.1, 0.5, 0.9, 0.999):
        reads_or_refuses(data[: int(len(data) * fraction)], name)


@pytest.mark.slow
@SLOW
@settings(max_examples=max(BUDGET, 1000), deadline=None, suppress_health_check=list(HealthCheck))
@given(_example_and(damaged, ALL) | _example_and(reshuffled_text, TEXTS) | _example_and(damaged_docx, DOCXS))
def test_long_run_over_every_mutation_of_every_real_document(example: tuple[str, bytes]) -> None:
    reads_or_refuses(example[1], example[0])
