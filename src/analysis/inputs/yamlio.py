"""Reading parameter files: YAML into validated pydantic models, one clear message.

Every YAML file the project reads goes through :func:`read_yaml` (registries,
editions, settings, mappings, the Quarto template), so every one gets the same
hardening, and a bad file always gives one :class:`~analysis.errors.VoortgangError`
that names the file and the key (the first problem, with the count of further
ones), never pydantic's multi-line dump:

- at most :data:`analysis.config.MAX_YAML_BYTES` bytes, strictly UTF-8;
- a key twice in one mapping is refused (PyYAML silently keeps the last one);
- anchors and aliases are allowed (editions share a path with ``&synthetic``),
  but a recursive alias is refused and the document, with every alias expanded,
  may hold at most :data:`analysis.config.MAX_YAML_NODES` values (the "billion
  laughs" of nested anchors: a few KB that expand to gigabytes);
- messages never quote a whole value (:func:`analysis.inputs.files.shorten`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from analysis.config import MAX_YAML_BYTES, MAX_YAML_NODES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path, read_text, shorten

M = TypeVar("M", bound=BaseModel)

#: libyaml's safe loader when PyYAML was built with it (about 8x faster), else the pure-Python one.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(f"key {shorten(key)} appears twice in one mapping (line {line})")


class _StrictLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader that refuses a key repeated in one mapping.

    PyYAML has no option for this (it keeps the last value); the constructor is
    Python code even in the libyaml loader, so this override works for both.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: SafeConstructor says so below
                continue
            if duplicate:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _expanded_size(data: Any, limit: int) -> int:
    """Number of values in ``data`` with every alias expanded, without expanding it.

    Aliases are shared objects after loading; the size of each container is
    computed once (memoised by identity), so a document of nested anchors costs
    linear time. Stops at ``limit + 1``.

    Raises
    ------
    ValueError
        For a recursive alias (a container that holds itself).
    """
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(obj: Any) -> int:
        if not isinstance(obj, (dict, list)):
            return 1
        key = id(obj)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise ValueError("a recursive alias (an anchor used inside itself)")
        busy.add(key)
        children = [*obj.keys(), *obj.values()] if isinstance(obj, dict) else obj
        total = 1
        for child in children:
            total += size(child)
            if total > limit:
                break
        busy.discard(key)
        sizes[key] = min(total, limit + 1)
        return sizes[key]

    return size(data)


def read_yaml(path: Path) -> Any:
    """Read one YAML document with the checks of this module (see the module docstring).

    Raises
    ------
    VoortgangError
        Missing, unreadable, too large or non-UTF-8 file; invalid YAML (with the
        line); a duplicate key; a recursive alias or one that expands too far.
    """
    where = display_path(path)
    text = read_text(path, MAX_YAML_BYTES)
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise VoortgangError(f"{where}: not valid YAML{at}: {shorten(problem, 120, quote=False)}") from None
    except RecursionError:
        raise VoortgangError(f"{where}: not valid YAML: nested too deeply") from None
    try:
        nodes = _expanded_size(data, MAX_YAML_NODES)
    except ValueError as exc:
        raise VoortgangError(f"{where}: {exc}") from None
    except RecursionError:
        raise VoortgangError(f"{where}: not valid YAML: nested too deeply") from None
    if nodes > MAX_YAML_NODES:
        raise VoortgangError(
            f"{where}: with its aliases expanded the file holds more than {MAX_YAML_NODES:,} values "
            "(nested anchors?); write the values out"
        )
    return data


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a YAML file whose top level is a mapping (see :func:`read_yaml`).

    Raises
    ------
    VoortgangError
        As :func:`read_yaml`, or when the top level is not a mapping.
    """
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise VoortgangError(f"{display_path(path)}: expected a mapping at the top level")
    return data


def validation_message(exc: ValidationError) -> str:
    """``key 'a.0.b': <message>`` for the first error, plus how many more there are.

    pydantic's own message may quote the offending value; it is shortened so
    that a message never holds a whole value of unbounded size.
    """
    first = exc.errors()[0]
    loc = ".".join(str(x) for x in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    message = shorten(first["msg"].removeprefix("Value error, "), 200, quote=False)
    return f"key {loc!r}: {message}{more}" if loc else f"{message}{more}"


def validate(model: type[M], data: Any, where: str) -> M:
    """Validate ``data`` into ``model``; a problem becomes one VoortgangError naming ``where``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise VoortgangError(f"{where}: {validation_message(exc)}") from None


def load_model(path: Path, model: type[M]) -> M:
    """Read ``path`` and validate it into ``model`` (see :func:`validate`)."""
    return validate(model, read_yaml_mapping(path), display_path(path))
