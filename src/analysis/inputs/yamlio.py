"""Reading parameter files: YAML into validated pydantic models, one clear message.

Every ``params/*.yaml`` loader goes through here, so a bad file always gives one
:class:`~analysis.errors.VoortgangError` that names the file and the key (the
first problem, with the count of further ones), never pydantic's multi-line dump.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from analysis.errors import VoortgangError
from analysis.inputs.files import display_path

M = TypeVar("M", bound=BaseModel)

#: libyaml's safe loader when PyYAML was built with it (about 8x faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a YAML file whose top level is a mapping.

    Raises
    ------
    VoortgangError
        Missing or unreadable file, invalid YAML, or another top-level type.
    """
    where = display_path(path)
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise VoortgangError(f"{where}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise VoortgangError(f"{where}: expected a mapping at the top level")
    return data


def validation_message(exc: ValidationError) -> str:
    """``key 'a.0.b': <message>`` for the first error, plus how many more there are."""
    first = exc.errors()[0]
    loc = ".".join(str(x) for x in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"key {loc!r}: {first['msg']}{more}"


def validate(model: type[M], data: dict[str, Any], where: str) -> M:
    """Validate ``data`` into ``model``; a problem becomes one VoortgangError naming ``where``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise VoortgangError(f"{where}: {validation_message(exc)}") from None


def load_model(path: Path, model: type[M]) -> M:
    """Read ``path`` and validate it into ``model`` (see :func:`validate`)."""
    return validate(model, read_yaml_mapping(path), display_path(path))
