"""Refuse person-level data in git: the pre-commit hook and the test of every tracked file.

    python scripts/check_person_data.py FILE...      # the staged files (pre-commit passes them)
    python scripts/check_person_data.py --tracked    # every file git tracks

Prints one line per refused file (path and reason, never its content) and exits
with 1 when there is any; the rules are in :mod:`analysis.inputs.microdata.guard`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis.inputs.microdata.guard import person_level_reason

#: Bytes read from each file: enough for a header row, the first records and the magic bytes.
HEAD_BYTES = 1024 * 1024


def check(root: Path, paths: list[str]) -> list[str]:
    """``"<path>: <reason>"`` for every file of ``paths`` (relative to ``root``) that is person-level."""
    problems = []
    for rel in paths:
        file = root / rel
        if not file.is_file() or file.is_symlink():
            continue
        with open(file, "rb") as fh:
            head = fh.read(HEAD_BYTES)
        reason = person_level_reason(Path(rel).as_posix(), head)
        if reason:
            problems.append(f"{rel}: {reason}")
    return problems


def main(argv: list[str]) -> int:
    root = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                               check=True).stdout.strip())
    if argv == ["--tracked"]:
        paths = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True,
                               check=True).stdout.split("\0")
    else:
        paths = [str(Path(p).resolve().relative_to(root)) for p in argv]
    problems = check(root, [p for p in paths if p])
    for line in problems:
        print(f"person-level data must not enter git: {line}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} file(s) refused; keep person-level data in data/ (see README, 'Data and privacy')",
              file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
