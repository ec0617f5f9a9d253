"""Do two releases show the same report? Compare their manifests chapter by chapter.

Usage::

    python scripts/compare_outputs.py releases/2020-H1/v1/manifest.json releases/2020-H1/v4/manifest.json

For each chapter the hashes of its tables and figures are compared in order
(so a manifest whose keys name cells, format 1, compares with one whose keys
count outputs, format 2), then the hash of its text and the stored data files.
Prints every difference and exits 1 when there is one; use it to show that a
refactoring left the report as it was.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path


def outputs_by_chapter(hashes: dict[str, str]) -> dict[str, list[str]]:
    """Chapter -> its table and figure hashes in report order (cell and output numbers, numerically)."""
    chapters: dict[str, list[tuple[list[int], str]]] = defaultdict(list)
    for key, value in hashes.items():
        chapter, _, rest = key.partition("/")
        chapters[chapter].append(([int(n) for n in re.findall(r"\d+", rest)], value))
    return {chapter: [value for _, value in sorted(items)] for chapter, items in chapters.items()}


def differences(old: dict, new: dict) -> list[str]:
    """Every way the two manifests' reports differ (empty when they show the same)."""
    out = []
    a, b = outputs_by_chapter(old["output_hashes"]), outputs_by_chapter(new["output_hashes"])
    for chapter in sorted(set(a) | set(b)):
        if a.get(chapter) != b.get(chapter):
            out.append(f"tables/figures of {chapter}: {len(a.get(chapter, []))} -> {len(b.get(chapter, []))}, "
                       "not the same")
    for part in ("text_hashes", "data_hashes"):
        for key in sorted(set(old[part]) | set(new[part])):
            if old[part].get(key) != new[part].get(key):
                out.append(f"{part}: {key} differs")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    old, new = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv)
    found = differences(old, new)
    print("\n".join(found) if found else "the same tables, figures, text and data")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
