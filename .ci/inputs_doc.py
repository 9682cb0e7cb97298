"""Rewrite the tables of docs/inputs.md that wesley_gen/load/constructs.py states (``make docs``).

tests/test_constructs.py fails while the document and the code disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wesley_gen.load.constructs import rewrite  # noqa: E402

DOCUMENT = ROOT / "docs" / "inputs.md"


def main() -> None:
    DOCUMENT.write_text(rewrite(DOCUMENT.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
