"""Official formats: OB XML and HTML read to the same model as the text; motions; unsafe input refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import pytest

from overleg.errors import NotAQuestionDocument, ReaderError, UnreadableInput
from overleg.model import Document, DocumentId
from overleg.readers import read
from overleg.readers.motion import read_motion
from overleg.readers.safe_xml import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests/fixtures"
SEED = ROOT / "src/overleg/examples/kst-21501-02-3349.txt"


def _without_problem_places(doc: Document) -> Document:
    return dataclasses.replace(doc, problems=tuple(dataclasses.replace(p, where=None) for p in doc.problems))


@pytest.mark.parametrize("rendering", ["kst-21501-02-3349.xml", "kst-21501-02-3349.html"])
def test_official_rendering_of_the_seed_reads_to_the_same_model_as_its_text(rendering: str) -> None:
    from_text = read(SEED)
    official = read(FIX / "official" / rendering)
    assert official.items == from_text.items
    assert official.factions == from_text.factions
    assert official.footnotes == from_text.footnotes
    assert (official.id, official.dossier, official.number, official.date, official.committee) == (
        from_text.id, from_text.dossier, from_text.number, from_text.date, from_text.committee)
    assert _without_problem_places(official) == _without_problem_places(from_text)


def test_official_xml_of_an_aanhangsel_reads_to_the_same_model_as_its_pdf() -> None:
    pdf = ROOT / "src/overleg/examples/ah-tk-20232024-1076.pdf"
    assert read(FIX / "official/ah-tk-20232024-1076.xml") == read(pdf)


def test_the_generator_still_writes_the_bundled_renderings(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_official", FIX / "make_official.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc, seed = read(SEED), SEED.read_text(encoding="utf-8")
    assert module.xml(doc, seed) == (FIX / "official/kst-21501-02-3349.xml").read_text(encoding="utf-8")
    assert module.html_page(doc, seed) == (FIX / "official/kst-21501-02-3349.html").read_text(encoding="utf-8")
    pdf = module.AANHANGSEL
    assert module.aanhangsel_xml(read(pdf), pdf) == (FIX / f"official/{pdf.stem}.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["kst-29924-272.xml", "kst-34104-439.xml"])
def test_official_xml_motions_are_not_read_as_question_documents(name: str) -> None:
    with pytest.raises(NotAQuestionDocument, match="motie"):
        read(FIX / "xml" / name)


def test_official_xml_motion_reads_to_a_motion_record_with_metadata() -> None:
    m = read_motion(FIX / "xml/kst-34104-439.xml")
    assert m.id == DocumentId("kst-34104-439")
    assert (m.dossier, m.number, m.date) == ("34104", "439", dt.date(2025, 4, 24))
    assert m.submitters == ("Rikkers-Oosterkamp",)
    assert m.title and m.title.startswith("Motie van het lid Rikkers-Oosterkamp")
    assert [c.split()[0] for c in m.considerations] == ["overwegende", "constaterende"]
    assert len(m.requests) == 1 and m.requests[0].startswith("verzoekt de regering")


def test_official_xml_motion_without_inline_metadata_reads_from_its_structure() -> None:
    m = read_motion(FIX / "xml/kst-29924-272.xml")
    assert (m.id, m.dossier, m.number) == (DocumentId("kst-29924-272"), "29924", "272")
    assert m.date == dt.date(2024, 11, 19) and m.submitters == ("Van Nispen",)
    assert m.title and "GEWIJZIGDE MOTIE" in m.title


def test_metadata_xml_given_alongside_fills_the_motion_title(tmp_path: Path) -> None:
    (tmp_path / "kst-29924-272.xml").write_bytes((FIX / "xml/kst-29924-272.xml").read_bytes())
    (tmp_path / "kst-29924-272.metadata.xml").write_text(
        '<?xml version="1.0"?><metadata>'
        '<meta name="OVERHEIDop.documenttitel" content="Gewijzigde motie over journalisten"/></metadata>',
        encoding="utf-8")
    assert read_motion(tmp_path / "kst-29924-272.xml").title == "Gewijzigde motie over journalisten"


@pytest.mark.parametrize(("name", "expected"), [
    ("d7a5dc6c-3636-4acd-8630-96c14e97dcce.pdf", ("kst-21501-02-3121", "Ceder", dt.date(2025, 4, 10))),
    ("0787ced2-629a-4d32-ab8f-4b97a7680248.docx", ("kst-36278-32", "Rikkers-Oosterkamp", dt.date(2025, 4, 24))),
    ("09b97518-8d7c-4a90-a090-28e45bc44920.docx", ("kst-36682-10", "Claassen", dt.date(2025, 4, 22))),
])
def test_pdf_and_word_motions_read_to_motion_records(name: str, expected: tuple[str, str, dt.date]) -> None:
    m = read_motion(FIX / "motions" / name)
    assert (str(m.id), m.submitters[0], m.date) == expected
    assert m.requests and all(r.lower().startswith("verzoekt") for r in m.requests)


def test_a_report_is_not_a_motion() -> None:
    with pytest.raises(NotAQuestionDocument):
        read_motion(SEED)


_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<officiele-publicatie><kamerstuk><stuk><al>&lol9;</al></stuk></kamerstuk></officiele-publicatie>"""
_EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<officiele-publicatie><kamerstuk><stuk><al>&xxe;</al></stuk></kamerstuk></officiele-publicatie>"""
_HTML_ENTITY = b"""<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<html><body><p class="al">&x;</p></body></html>"""


@pytest.mark.parametrize("data", [_LAUGHS, _EXTERNAL, _HTML_ENTITY], ids=["billion-laughs", "external-entity", "html"])
def test_entity_declarations_are_refused_quickly(data: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="refused"):
        read(data, "evil.xml")
    with pytest.raises(UnreadableInput, match="refused"):
        read_motion(data, "evil.xml")
    assert time.perf_counter() - started < 0.5


def test_oversized_official_xml_is_refused_before_parsing() -> None:
    data = b"<officiele-publicatie>" + b" " * MAX_BYTES + b"</officiele-publicatie>"
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="larger than"):
        read(data, "huge.xml")
    assert time.perf_counter() - started < 1.0


def test_official_xml_of_another_kind_is_reported_not_misread() -> None:
    data = ("<officiele-publicatie><kamerstuk><dossier><dossiernummer><dossiernr>36 800</dossiernr></dossiernummer>"
            "<titel>Begroting</titel></dossier><stuk><stuknr>Nr. 5</stuknr><titel>AMENDEMENT VAN HET LID X</titel>"
            "<al>Ondergetekende stelt het volgende amendement voor.</al></stuk></kamerstuk></officiele-publicatie>")
    with pytest.raises(NotAQuestionDocument, match="amendement"):
        read(data.encode(), "amendement.xml")


def test_aanhangsel_vraag_and_antwoord_elements_become_labelled_passages() -> None:
    from overleg.readers.official_xml import load
    from overleg.readers.source import Source

    data = ("<officiele-publicatie><handelingen><aanhangsel><vraag><nr>1</nr><al>Kent u het bericht?</al></vraag>"
            "<antwoord><nr>1</nr><al>Ja.</al></antwoord></aanhangsel></handelingen></officiele-publicatie>")
    lines = [line for line in load(Source("ah.xml", data.encode())).prepared.lines if line]
    assert lines == ["Vraag 1", "Kent u het bericht?", "Antwoord 1", "Ja."]


def test_broken_official_xml_names_the_line() -> None:
    with pytest.raises(ReaderError, match="line"):
        read(b"<officiele-publicatie><kamerstuk>\n<al>open</kamerstuk>", "broken.xml")


def test_an_official_publication_without_text_says_so() -> None:
    with pytest.raises(UnreadableInput, match="official publication without any text"):
        read(b"<?xml version='1.0'?><officiele-publicatie/>", "op.xml")


_HTML_MOTION = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<meta name="DC.identifier" content="kst-36600-12"><meta name="DC.type" content="Motie"></head>
<body><div class="stuk"><div class="dossier"><p class="dossiernr">36 600</p>
<h1 class="dossiertitel">Een dossier</h1></div><p class="stuknr">Nr. 12</p>
<h2 class="stuktitel">MOTIE VAN DE LEDEN A EN B</h2><p class="datumtekst">Voorgesteld 3 maart 2025</p>
<p class="al">De Kamer,</p><p class="al">gehoord de beraadslaging,</p>
<p class="al">constaterende dat iets zo is;</p><p class="al">verzoekt de regering iets te doen,</p>
<p class="al">en gaat over tot de orde van de dag.</p><p class="al">A</p><p class="al">B</p></div></body></html>"""


def test_an_html_motion_is_refused_as_a_question_document_and_reads_as_a_motion() -> None:
    with pytest.raises(NotAQuestionDocument, match="motie"):
        read(_HTML_MOTION.encode(), "motie.html")
    m = read_motion(_HTML_MOTION.encode(), "motie.html")
    assert (str(m.id), m.number, m.submitters, m.date) == ("kst-36600-12", "12", ("A", "B"), dt.date(2025, 3, 3))
    assert m.considerations == ("constaterende dat iets zo is;",)
