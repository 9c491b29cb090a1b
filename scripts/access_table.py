#!/usr/bin/env python3
"""Write README.md's access table from docs/access.md (the section between the markers).

python scripts/access_table.py          # rewrite README.md
python scripts/access_table.py --check  # exit 1 if README.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import access_table  # noqa: E402


def main(argv: list[str]) -> int:
    readme = access_table.README.read_text(encoding="utf-8")
    fresh = access_table.readme_with_table(readme, access_table.load())
    if "--check" in argv:
        if fresh != readme:
            print("README.md's access table is out of date: run python scripts/access_table.py")
            return 1
        return 0
    access_table.README.write_text(fresh, encoding="utf-8")
    print(f"README.md: access table written from {access_table.DOC.relative_to(access_table.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
