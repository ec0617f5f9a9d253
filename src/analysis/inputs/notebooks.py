"""Reading and validating the ``parameters`` cell of a notebook.

papermill only *logs a warning* for a parameter the notebook does not declare and
then silently runs with the default; a list passed on the command line arrives
as a string; and a derived value in the parameters cell (``y = x + 1``) is not
updated when ``x`` is overridden. We therefore parse the parameters cell
ourselves with :mod:`ast` (``papermill.inspect_notebook`` returns defaults as
source text and does not enforce literals), require it to hold literal
assignments only, and check every value a build passes against it *before* any
notebook runs.

:func:`read_notebook` reads a notebook as plain JSON: the build looks at cells and
outputs only, and importing :mod:`nbformat` (which imports jsonschema with its
format checkers) would cost about a second on every build.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from analysis.config import MAX_NOTEBOOK_BYTES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path, read_text, shorten

PARAMETERS_TAG = "parameters"
#: The major version of the notebook format this project reads and writes.
NBFORMAT = 4


def read_notebook(notebook: Path) -> dict[str, Any]:
    """A notebook file (nbformat 4) as its JSON document.

    Multi-line fields (``source``, output text and data) stay as the file stores
    them, a string or a list of lines: read them with :func:`joined_text`.

    Raises
    ------
    VoortgangError
        The file is missing, larger than :data:`analysis.config.MAX_NOTEBOOK_BYTES`,
        not UTF-8 JSON, or not a notebook of format 4 with a list of cells.
    """
    where = display_path(notebook)
    if not notebook.is_file():
        raise VoortgangError(f"{where}: notebook not found")
    try:
        nb = json.loads(read_text(notebook, MAX_NOTEBOOK_BYTES))
    except VoortgangError:
        raise
    except (ValueError, RecursionError) as exc:
        raise VoortgangError(f"{where}: not a readable notebook ({type(exc).__name__})") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != NBFORMAT or not isinstance(nb.get("cells"), list) \
            or not all(isinstance(c, dict) for c in nb["cells"]):
        raise VoortgangError(f"{where}: not a readable notebook (expected nbformat {NBFORMAT} with a list of cells)")
    return nb


def joined_text(value: str | list[str] | None) -> str:
    """A multi-line notebook field as one string (files store it as a string or a list of lines)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else "".join(value)


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """Parameters declared in the notebook's ``parameters`` cell, with defaults.

    Parameters
    ----------
    notebook : Path
        Path of an ``.ipynb`` file.

    Returns
    -------
    dict
        Parameter name -> default value (a Python literal), in cell order.

    Raises
    ------
    VoortgangError
        If the notebook is missing, has no or several ``parameters`` cells, or
        the cell holds anything but ``name = <literal>`` (optionally annotated).
    """
    where = display_path(notebook)
    nb = read_notebook(notebook)
    cells = [c for c in nb["cells"] if PARAMETERS_TAG in _tags(c)]
    if len(cells) != 1:
        raise VoortgangError(
            f"{where}: expected exactly one cell tagged 'parameters', found {len(cells)}"
        )
    source = cells[0].get("source", "")
    if not (isinstance(source, str) or isinstance(source, list) and all(isinstance(line, str) for line in source)):
        raise VoortgangError(f"{where}: not a readable notebook (the parameters cell has no source text)")
    source = joined_text(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise VoortgangError(f"{where}: parameters cell, line {exc.lineno}: {exc.msg}") from None
    params: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            raise VoortgangError(
                f"{where}: parameters cell, line {node.lineno}: only `name = <literal>` "
                "assignments are allowed (keep derived values out of the parameters cell)"
            )
        try:
            params[name] = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise VoortgangError(
                f"{where}: parameters cell, line {node.lineno}: the value of {name!r} is not a "
                "literal; compute derived values in a later cell"
            ) from None
    return params


def _tags(cell: dict[str, Any]) -> list[str]:
    metadata = cell.get("metadata")
    tags = metadata.get("tags", []) if isinstance(metadata, dict) else []
    return tags if isinstance(tags, list) else []


def _type_name(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def _compatible(default: Any, value: Any) -> bool:
    """Is ``value`` acceptable where the notebook's default is ``default``?"""
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        if not isinstance(value, (list, tuple)):
            return False
        kinds = {type(x) for x in default}
        if len(kinds) == 1 and default:
            (proto,) = default[:1]
            return all(_compatible(proto, v) for v in value)
        return True
    return isinstance(value, type(default))


def check_parameters(
    notebook: Path, values: dict[str, Any], context: str, declared: dict[str, Any] | None = None
) -> None:
    """Check values a build passes to a notebook against its parameters cell.

    Parameters
    ----------
    notebook : Path
        The target notebook.
    values : dict
        Parameter name -> value that will be injected.
    context : str
        Where the values come from, for the message (e.g.
        ``"params/editions/2020-H1.yaml: chapter '01-kernindicatoren'"``).
    declared : dict, optional
        The notebook's :func:`declared_parameters`, when the caller has them already.

    Raises
    ------
    VoortgangError
        For a name the notebook does not declare (listing the declared ones) or a
        value whose type does not match the declared default.
    """
    declared = declared_parameters(notebook) if declared is None else declared
    where = display_path(notebook)
    for name, value in values.items():
        if name not in declared:
            raise VoortgangError(
                f"{context}: parameter {shorten(name)} is not declared in the parameters cell of "
                f"{where} (declared: {', '.join(declared) or 'none'})"
            )
        default = declared[name]
        if not _compatible(default, value):
            raise VoortgangError(
                f"{context}: parameter {name!r} has type {_type_name(value)} "
                f"({shorten(value)}), but {where} declares it as {_type_name(default)} "
                f"(default {shorten(default)})"
            )
