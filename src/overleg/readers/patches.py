"""Documented fixes for broken source documents, applied before parsing.

A source with an error no reader should be taught to accept (a paragraph printed twice, a lost
label) is fixed by a patch file, never by a branch in a parser. A patch file is a unified diff
against the source's extracted lines (what ``overleg.readers.prepare`` returns, one line per
diff line), preceded by a header that says which source it fixes and why:

    # sha256: <sha256 of the source file's bytes>
    # why: the label "Antwoord 4" is missing in the printed PDF
    @@ -120,2 +120,3 @@
     context line
    +Antwoord 4
     context line

Patches live in ``src/overleg/patches/*.patch`` (bundled) and in the folders the caller names
(``read(..., patches=...)``; the command line passes the settings' ``patch_dirs``, from the
``OVERLEG_PATCHES`` environment variable). A patch that no longer applies is
an error naming the patch file, never a silent skip.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from overleg.errors import UnreadableInput
from overleg.readers.text.prepared import PreparedText

BUNDLED = Path(__file__).resolve().parent.parent / "patches"

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_SHA = re.compile(r"^#\s*sha256:\s*([0-9a-f]{64})\s*$", re.I)


@dataclass(frozen=True)
class Patch:
    path: Path
    sha256: str
    lines: tuple[str, ...]  # the diff body, header removed


def load_patches(extra: Sequence[Path] = ()) -> dict[str, Patch]:
    """Every patch file of the bundled folder and of the ``extra`` folders, by the sha256 of the
    source it fixes."""
    found: dict[str, Patch] = {}
    for folder in (BUNDLED, *extra):
        for path in sorted(folder.glob("*.patch")) if folder.is_dir() else ():
            text = path.read_text(encoding="utf-8").splitlines()
            sha = next((m.group(1).lower() for line in text if (m := _SHA.match(line))), None)
            if sha is None:
                raise UnreadableInput(str(path), "a patch file without a '# sha256: ...' header")
            body = tuple(line for line in text if not line.startswith("#"))
            found[sha] = Patch(path, sha, body)
    return found


def apply_diff(lines: tuple[str, ...], patch: Patch) -> tuple[str, ...]:
    """Apply a unified diff to lines; UnreadableInput names the patch when it does not fit."""
    out: list[str] = []
    pos = 0  # index in `lines` of the next line not yet copied
    body = [line for line in patch.lines if not line.startswith(("---", "+++"))]
    i = 0
    while i < len(body):
        m = _HUNK.match(body[i])
        if not m:
            i += 1
            continue
        start = int(m.group(1)) - 1 if int(m.group(2) or 1) else int(m.group(1))
        if start < pos:
            raise UnreadableInput(str(patch.path), f"hunks overlap or are out of order at line {i + 1}")
        out.extend(lines[pos:start])
        pos = start
        i += 1
        while i < len(body) and not _HUNK.match(body[i]):
            tag, text = body[i][:1], body[i][1:]
            if tag in (" ", "-"):
                if pos >= len(lines) or lines[pos] != text:
                    raise UnreadableInput(
                        str(patch.path), f"does not apply: expected {text!r} at source line {pos + 1}"
                    )
                if tag == " ":
                    out.append(text)
                pos += 1
            elif tag == "+":
                out.append(text)
            i += 1
    out.extend(lines[pos:])
    return tuple(out)


def patch_prepared(prepared: PreparedText, data: bytes, extra: Sequence[Path] = ()) -> PreparedText:
    """The prepared text with the patch for this source applied, if there is one."""
    patch = load_patches(extra).get(hashlib.sha256(data).hexdigest())
    if patch is None:
        return prepared
    return replace(prepared, lines=apply_diff(prepared.lines, patch))
