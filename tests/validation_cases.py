"""Malformed inputs made from the project's valid files, and a driver that runs them in one process.

Used by ``tests/test_validate_fuzz.py``: the table of cases is generated here
from the real files (every YAML registry and the edition, the reference CSVs,
the published figures, a notebook, a researcher's text, the command-line
arguments); :func:`main` runs ``voortgang build`` on each in one interpreter
(``VOORTGANG_ROOT`` points at a copy of the project) and writes what happened
as JSON. A case that passes validation is stopped before any kernel starts.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import sys
from pathlib import Path

#: Every YAML file that an edition's build reads.
YAML_FILES = (
    "params/analysis.yaml", "params/disclosure.yaml", "params/evaluatieagenda.yaml",
    "params/inhoud/zorg-voor-de-jeugd/factsheets.yaml", "params/inhoud/zorg-voor-de-jeugd/in_cijfers.yaml",
    "params/inhoud/zorg-voor-de-jeugd/programma.yaml", "params/inhoud/zorg-voor-de-jeugd/kernindicatoren.yaml",
    "params/tekst/2020-H1/kanttekeningen.yaml", "data/published/sources.yaml",
    "params/glossary.yaml", "params/indicators.yaml", "params/microdata_mapping.yaml",
    "params/mijlpalen.yaml", "params/statline.yaml", "params/synth.yaml", "params/editions/2020-H1.yaml",
    "params/maatregelen.yaml", "params/implementatieagenda.yaml", "params/aanbevelingen.yaml", "params/leercycli.yaml",
)
BUILD = ["build", "--edition", "2020-H1", "--formats", "html"]
_BOMB = "\n".join(["zz0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                  + [f"zz{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]) + "\n"


def _yaml_cases(rel: str, text: str) -> list[tuple[str, bytes]]:
    return [
        ("duplicate-keys", (text + "\n" + text).encode()),
        ("not-utf8", b"\xff\xfe" + text.encode()),
        ("top-level-list", b"- 1\n- 2\n"),
        ("empty", b""),
        ("alias-bomb", (text + "\n" + _BOMB).encode()),
        ("recursive-alias", (text + "\nzz_rec: &r [1, *r]\n").encode()),
        ("too-large", (text + "\n#" + "x" * (3 * 1024 * 1024) + "\n").encode()),
        ("unclosed-bracket", (text + "\nzz_open: [1, 2\n").encode()),
        ("tab-indent", (text + "\nzz_tab:\n\t- 1\n").encode()),
    ]


def _replace(text: str, old: str, new: str) -> bytes:
    assert old in text, old
    return text.replace(old, new, 1).encode()


def cases(root: Path) -> list[dict]:
    """The malformed inputs: ``id``, ``file`` (relative) and ``content`` (bytes), or ``argv``."""
    out: list[dict] = []

    def add(case_id: str, rel: str | None, content: bytes | None, argv: list[str] = BUILD) -> None:
        out.append({"id": case_id, "file": rel, "content": content, "argv": argv})

    for rel in YAML_FILES:
        text = (root / rel).read_text(encoding="utf-8")
        for name, content in _yaml_cases(rel, text):
            add(f"{rel}:{name}", rel, content)
    edition = (root / "params/editions/2020-H1.yaml").read_text(encoding="utf-8")
    ed = "params/editions/2020-H1.yaml"
    add("edition:years-empty", ed, _replace(edition, "years: [2015, 2016, 2017, 2018, 2019]", "years: []"))
    add("edition:synthetic-outside-data", ed, _replace(edition, "pad: &synthetic data/synthetic/2020-H1",
                                                       "pad: &synthetic ../outside"))
    add("edition:notebook-path", ed, _replace(edition, "- notebook: 01-kernindicatoren",
                                              "- notebook: ../../evilnb\n    id: kern"))
    add("edition:subtitle-markup", ed, _replace(edition, "subtitle: ", "subtitle: <script>alert(1)</script> "))
    add("edition:source-missing", ed, _replace(edition, "pad: data/published/vgr4_2020-05.csv",
                                               "pad: data/published/bestaat-niet.csv"))
    add("edition:unknown-key", ed, (edition + "\nonbekend: 1\n").encode())
    add("edition:grouping-bron-markup", ed, _replace(edition, 'bron: "', 'bron: "<img src=x onerror=alert(1)> '))
    disclosure = (root / "params/disclosure.yaml").read_text(encoding="utf-8")
    add("disclosure:below-floor", "params/disclosure.yaml",
        _replace(_replace(disclosure, "min_count: 10", "min_count: 1").decode(), "rounding_base: 5", "rounding_base: 1"))
    add("disclosure:akkoord-incomplete", "params/disclosure.yaml",
        _replace(disclosure, "min_count: 10", "min_count: 5\ncbs_akkoord: {door: iemand}"))
    agenda = (root / "params/evaluatieagenda.yaml").read_text(encoding="utf-8")
    add("evaluatieagenda:werkt-without-implementatieagenda", "params/evaluatieagenda.yaml",
        _replace(agenda, "    implementatie: IA-002\n", ""))
    maatregelen = (root / "params/maatregelen.yaml").read_text(encoding="utf-8")
    add("maatregelen:unknown-cluster", "params/maatregelen.yaml", _replace(maatregelen, "cluster: 4", "cluster: 5"))
    advice = (root / "params/aanbevelingen.yaml").read_text(encoding="utf-8")
    add("aanbevelingen:wrong-status", "params/aanbevelingen.yaml", _replace(advice, "status: open", "status: klaar"))
    cycles = (root / "params/leercycli.yaml").read_text(encoding="utf-8")
    add("leercycli:dangling-terug_van", "params/leercycli.yaml", _replace(cycles, "terug_van: null", "terug_van: KP-777"))
    mapping = (root / "params/microdata_mapping.yaml").read_text(encoding="utf-8")
    add("microdata-mapping:unknown-key", "params/microdata_mapping.yaml", (mapping + "\nextra_sleutel: 1\n").encode())

    regios = (root / "data/reference/jeugdregios.csv").read_text(encoding="utf-8")
    lines = regios.splitlines()
    for name, content in [
        ("empty", b""), ("header-only", b"code,naam\n"), ("no-naam-column", "\n".join(line.split(",")[0] for line in lines).encode()),
        ("jz40-added", (regios + "JZ40,Nergens\n").encode()), ("duplicate-row", (regios + lines[1] + "\n").encode()),
        ("bad-code", (regios.replace("JZ01", "XX01", 1)).encode()), ("not-utf8", b"\xff" + regios.encode()),
        ("row-missing", "\n".join(lines[:-1]).encode()),
    ]:
        add(f"jeugdregios.csv:{name}", "data/reference/jeugdregios.csv", content)
    gemeenten = (root / "data/reference/gemeenten_2020.csv").read_text(encoding="utf-8")
    for name, content in [("garbage", bytes(range(256)) * 4), ("empty", b""),
                          ("bad-code", gemeenten.replace("GM", "XX", 1).encode()),
                          ("duplicate", (gemeenten + gemeenten.splitlines()[1] + "\n").encode())]:
        add(f"gemeenten.csv:{name}", "data/reference/gemeenten_2020.csv", content)
    landsdeel = (root / "data/reference/jeugdregio_landsdeel.csv").read_text(encoding="utf-8")
    add("landsdeel.csv:without-JZ01", "data/reference/jeugdregio_landsdeel.csv",
        "\n".join(x for x in landsdeel.splitlines() if not x.startswith("JZ01")).encode())
    add("landsdeel.csv:name-markup", "data/reference/jeugdregio_landsdeel.csv",
        landsdeel.replace("Noord-Nederland", "<script>alert(1)</script>", 1).encode())
    add("landsdeel.csv:bad-landsdeel", "data/reference/jeugdregio_landsdeel.csv", landsdeel.replace("LD01", "LD09", 1).encode())
    published = (root / "data/published/vgr4_2020-05.csv").read_text(encoding="utf-8")
    plines = published.splitlines()
    for name, content in [("empty", b""), ("not-utf8", b"\xff" + published.encode()),
                          ("column-dropped", "\n".join(",".join(x.split(",")[1:]) for x in plines).encode()),
                          ("garbage", b"a;b\n\x00\x01;2\n")]:
        add(f"published.csv:{name}", "data/published/vgr4_2020-05.csv", content)

    notebook = "notebooks/01-kernindicatoren.ipynb"
    nb = json.loads((root / notebook).read_text(encoding="utf-8"))
    params = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    bad = json.loads(json.dumps(nb))
    next(c for c in bad["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))["source"] = "x = {[1]: 2}\n"
    untagged = json.loads(json.dumps(nb))
    for cell in untagged["cells"]:
        cell.get("metadata", {}).pop("tags", None)
    assert params is not None
    for name, content in [("empty", b""), ("not-json", b"{not json"), ("unhashable-literal", json.dumps(bad).encode()),
                          ("no-parameters-cell", json.dumps(untagged).encode())]:
        add(f"notebook:{name}", notebook, content)
    text = "params/tekst/2020-H1/factsheet-al2.md"
    add("tekst:not-utf8", text, b"Onze tekst \xff\xfe")
    add("tekst:too-large", text, b"x" * (2 * 1024 * 1024))

    for name, argv in [
        ("edition-5000", ["build", "--edition", "x" * 5000]), ("edition-path", ["build", "--edition", "../../etc"]),
        ("edition-unknown", ["build", "--edition", "2099-H1"]), ("regions-markup", [*BUILD, "--regions", "<script>"]),
        ("regions-long", [*BUILD, "--regions", "JZ01," * 1000]), ("regions-unknown", [*BUILD, "--regions", "JZ40"]),
        ("formats-unknown", ["build", "--formats", "html,epub"]), ("renderer-long", [*BUILD, "--renderer", "q" * 1000]),
        ("validate-edition-5000", ["validate", "--edition", "y" * 5000]),
    ]:
        add(f"argument:{name}", None, None, argv)
    return out


def _tree(root: Path, skip: Path | None) -> dict[str, tuple[int, int]]:
    """Every file below ``root`` (links not followed) with size and mtime: what a failed build must not change."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path == skip or not (path.is_file() or path.is_symlink()):
            continue
        st = path.lstat()
        out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


class _Passed(Exception):
    """Validation passed: the build would start a kernel now."""


def main(case_file: Path, result_file: Path) -> None:
    """Run every case of ``case_file`` through ``voortgang build`` in this process; write the results."""
    import analysis.pipeline.build as build_module
    from analysis.pipeline.cli import main as cli_main
    from analysis.pipeline.execution.kernel_state import _clear_package_caches

    def stop(*_args: object, **_kwargs: object) -> None:
        raise _Passed

    build_module.check_kernelspec = stop  # a case that passes validation never starts a kernel
    root = Path(os.environ["VOORTGANG_ROOT"])
    results = []
    for case in json.loads(case_file.read_text()):
        target = root / case["file"] if case["file"] else None
        original = target.read_bytes() if target is not None and target.exists() else None
        before = _tree(root, target)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(case["content"]))
        _clear_package_caches("analysis")
        stderr, stdout = io.StringIO(), io.StringIO()
        sys.argv = ["voortgang", *case["argv"]]
        try:
            with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
                cli_main()
            code: int | str = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except _Passed:
            code = "validation passed"
        except Exception as exc:  # a traceback is a failure of the case
            code = f"traceback: {type(exc).__name__}"
        finally:
            if target is not None:
                if original is None:
                    target.unlink()
                else:
                    target.write_bytes(original)
        after = _tree(root, target)
        changed = sorted(set(before.items()) ^ set(after.items()))
        results.append({"id": case["id"], "code": code, "stderr": stderr.getvalue(), "stdout": stdout.getvalue(),
                        "changed": [name for name, _ in changed][:5]})
    result_file.write_text(json.dumps(results), encoding="utf-8")


def write_cases(root: Path, path: Path) -> int:
    """Write the cases of ``root`` as JSON (contents base64) to ``path``; returns their number."""
    table = [{**c, "content": base64.b64encode(c["content"]).decode() if c["content"] is not None else None}
             for c in cases(root)]
    path.write_text(json.dumps(table), encoding="utf-8")
    return len(table)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
