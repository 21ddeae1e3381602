"""``python -m overleg.procedure docs/procedure.md``: render the authorisation matrix into the page."""

import sys
from pathlib import Path

from overleg.procedure.access import update_doc

if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(update_doc(path.read_text(encoding="utf-8")), encoding="utf-8")
