"""Source.text(): the quick count of control characters is the Unicode category Cc."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.readers.source import CONTROLS


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x2FF) | st.characters(), max_size=300))
def test_control_pattern_counts_exactly_the_category_cc_except_text_breaks(text: str) -> None:
    expected = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    assert len(CONTROLS.findall(text)) == expected


def test_every_code_point_of_the_latin_blocks_is_judged_alike() -> None:
    for code in range(0x300):
        ch = chr(code)
        assert bool(CONTROLS.fullmatch(ch)) == (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"), hex(code)
