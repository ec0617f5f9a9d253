"""What one execution reads: the dependency part of its cache key.

A chapter is executed again only when something it can read changed, and only
that. For one run (a notebook with its parameters) that is:

- **code**: every module of ``analysis`` that the notebook imports, directly or
  through other modules (the import graph, built with grimp, the library behind
  import-linter), with the parent packages they execute on import. A change in
  ``analysis/chapters/regio.py`` therefore re-executes the regional chapters
  only, not the national ones.
- **files**: all reading of files happens in :mod:`analysis.inputs`, and each
  module there names the files it reads (``READS``, ``edition_reads(edition)``
  for the files an edition names: its published figures, StatLine snapshots and
  grouping files, and ``run_reads(edition, parameters)`` for files found from a
  run's parameters: the count tables of its ``microdata``). A run depends on the files of the inputs modules in its
  import closure, on the files and folders its parameters name (a path under
  the project, such as ``microdata``), on the released version its ``previous``
  parameter compares with, and on its own researchers' text
  ``params/tekst/<edition>/<text name>.md``.
- **edition**: the parts of the edition file a chapter can read, which is
  everything except the execution plan (``chapters``, ``regions.chapters``,
  ``regions.formats``): adding a regional chapter to the edition file does not
  touch the national chapters.

Not tracked: a notebook that reads a file by itself (not through
:mod:`analysis.inputs` and not through a parameter). Run ``voortgang build
--force`` after changing such a file, or pass the file as a parameter.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grimp

from analysis.config import PROJECT_ROOT, TEKST_DIR
from analysis.inputs.editions import ChapterRun, Edition
from analysis.inputs.notebooks import joined_text, read_notebook
from analysis.inputs.releases import previous_inputs
from analysis.pipeline.execution.cache import canonical_json, sha256_bytes

#: The package whose modules are followed.
PACKAGE = "analysis"
PACKAGE_DIR: Path = Path(__file__).resolve().parents[1]
#: Layer of the modules that read files (and declare them in ``READS`` / ``edition_reads``).
INPUTS_LAYER = f"{PACKAGE}.inputs"
#: The module whose presence in a closure means "reads its own researchers' text".
TEXTS_MODULE = f"{PACKAGE}.inputs.texts"
#: Edition keys that are the execution plan, not content a chapter reads.
PLAN_KEYS: dict[str, Any] = {"chapters": True,
                              "regions": {"chapters": True, "formats": True, "gemeenten": {"chapters": True}}}


@dataclass(frozen=True)
class RunDependencies:
    """What one run can read.

    Attributes
    ----------
    imports : tuple of str
        The ``analysis`` modules the notebook itself imports, sorted (what a
        warm kernel imports before its first notebook).
    modules : tuple of str
        The ``analysis`` modules in the run's import closure, sorted.
    code : str
        SHA-256 over the names and bytes of those modules' files.
    files : tuple of Path
        Input files and folders (a folder counts as every file below it).
    """

    imports: tuple[str, ...]
    modules: tuple[str, ...]
    code: str
    files: tuple[Path, ...]


@functools.cache
def import_graph() -> grimp.ImportGraph:
    """The import graph of the package, external packages as leaves (built once per process)."""
    return grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)


def module_file(module: str) -> Path:
    """The source file of an ``analysis`` module (``__init__.py`` for a package)."""
    path = PACKAGE_DIR.joinpath(*module.split(".")[1:])
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def notebook_imports(notebook: Path) -> set[str]:
    """The ``analysis`` modules a notebook's code cells import (``import x`` and ``from x import y``)."""
    modules = import_graph().modules
    found: set[str] = set()
    for cell in read_notebook(notebook)["cells"]:
        if cell.get("cell_type") != "code":
            continue
        tree = _python(joined_text(cell.get("source")))
        if tree is None:  # not Python: such a cell imports nothing we could follow
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from analysis.chapters import regio`` imports the module analysis.chapters.regio
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            found.update(n for n in names if n.split(".")[0] == PACKAGE and n in modules)
    return found


def _python(source: str) -> ast.Module | None:
    """The syntax tree of a code cell, or None when it is not Python.

    A cell with magics (``%matplotlib``, ``!pip``) is first turned into Python
    by IPython's own transformer, imported only then (IPython is slow to import).
    """
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def closure(modules: Iterable[str]) -> set[str]:
    """The ``analysis`` modules that importing ``modules`` executes: their imports and parent packages."""
    graph = import_graph()
    todo = set(modules)
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        parts = module.split(".")
        todo.update(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.update(m for m in graph.find_modules_directly_imported_by(module) if m.split(".")[0] == PACKAGE)
    return {m for m in seen if m.split(".")[0] == PACKAGE}


@functools.cache
def _source_hash(path: Path, size: int, mtime_ns: int) -> str:
    """SHA-256 of a source file, once per process for each (path, size, mtime)."""
    return sha256_bytes(path.read_bytes())


def code_hash(modules: Iterable[str]) -> str:
    """SHA-256 over the name and source of each module, in name order."""
    digest = hashlib.sha256()
    for module in sorted(modules):
        path = module_file(module)
        st = path.stat()
        digest.update(f"{module}\0{_source_hash(path, st.st_size, st.st_mtime_ns)}\0".encode())
    return digest.hexdigest()


def module_reads(module: str, edition: Edition, parameters: dict[str, Any] | None = None) -> list[Path]:
    """The files an inputs module declares it reads.

    ``READS``, ``edition_reads(edition)`` and, for one run,
    ``run_reads(edition, parameters)`` (files found from the run's parameters,
    such as the count tables made from its ``microdata``).
    """
    loaded = importlib.import_module(module)
    reads = list(getattr(loaded, "READS", ()))
    if hasattr(loaded, "edition_reads"):
        reads += loaded.edition_reads(edition)
    if parameters is not None and hasattr(loaded, "run_reads"):
        reads += loaded.run_reads(edition, parameters)
    return reads


def parameter_paths(parameters: dict[str, Any], root: Path = PROJECT_ROOT) -> list[Path]:
    """Files and folders the parameters name: string values that are a relative path existing under ``root``."""
    out = []
    for name, value in parameters.items():
        if name == "edition" or not isinstance(value, str) or not value or Path(value).is_absolute():
            continue
        path = root / value
        if path.exists() and path.resolve().is_relative_to(root.resolve()):
            out.append(path)
    return out


def edition_digest(edition: Edition) -> str:
    """SHA-256 of the edition's content that chapters can read (the execution plan left out)."""
    return sha256_bytes(canonical_json(edition.model_dump(mode="json", exclude=PLAN_KEYS)).encode("utf-8"))


def run_dependencies(run: ChapterRun, edition: Edition, text_names: str | Sequence[str],
                     releases_dir: Path) -> RunDependencies:
    """Everything one run can read (see the module docstring).

    Parameters
    ----------
    run : ChapterRun
    edition : Edition
    text_names : str or sequence of str
        Stem(s) of the run's own researchers' texts: the chapter id for a
        national chapter, the region's texts for a regional one
        (:meth:`analysis.pipeline.plan.BuildPlan.text_names`).
    releases_dir : Path
        Where the ``previous`` parameter's releases are.

    Raises
    ------
    VoortgangError
        ``previous`` names no released version.
    """
    imports = notebook_imports(run.notebook)
    modules = closure(imports)
    files: list[Path] = []
    for module in sorted(m for m in modules if m.startswith(INPUTS_LAYER)):
        files += module_reads(module, edition, run.parameters)
    files += parameter_paths(run.parameters)
    files += previous_inputs(run.parameters, releases_dir)
    if TEXTS_MODULE in modules:
        names = [text_names] if isinstance(text_names, str) else list(text_names)
        files += [p for p in (TEKST_DIR / edition.edition / f"{name}.md" for name in names) if p.is_file()]
    return RunDependencies(
        imports=tuple(sorted(imports)),
        modules=tuple(sorted(modules)),
        code=code_hash(modules),
        files=tuple(sorted({p for p in files if p.exists()})),
    )
