"""The house style's colours (``templates/house_style.yaml``), shared by the
renderers (HTML, DOCX, PDF) and the charts (:mod:`analysis.present.charts`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.config import TEMPLATES_DIR
from analysis.inputs.yamlio import read_yaml_mapping

HOUSE_STYLE_FILE: Path = TEMPLATES_DIR / "house_style.yaml"

#: Files this module reads: part of the cache key of every chapter that imports it
#: (:mod:`analysis.pipeline.dependencies`).
READS: tuple[Path, ...] = (HOUSE_STYLE_FILE,)


@dataclass(frozen=True)
class HouseStyle:
    """Colours of the house style (``templates/house_style.yaml``), as ``#rrggbb``."""

    judgement_colours: dict[str, str]
    text_colour: str
    accent_colour: str
    rule_colour: str

    def style_name(self, judgement: str) -> str:
        """DOCX character style of a judgement class: ``"gunstig" -> "Gunstig"``."""
        return judgement[:1].upper() + judgement[1:]


def load_house_style(path: Path = HOUSE_STYLE_FILE) -> HouseStyle:
    """Read the house-style colours."""
    data = read_yaml_mapping(path)
    return HouseStyle(
        judgement_colours=dict(data["judgement_colours"]),
        text_colour=data["text_colour"],
        accent_colour=data["accent_colour"],
        rule_colour=data["rule_colour"],
    )
