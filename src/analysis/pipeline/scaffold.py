"""Scaffolding: ``voortgang edition new`` and ``voortgang region init``.

**A new edition** (:func:`new_edition`) starts from the files of an existing one
that :func:`analysis.inputs.editions.edition_owned_paths` declares:

- the edition file is copied and names the new edition: ``edition``, a ``date``
  half a year later per half-year, an empty ``subtitle`` (the ordinal of the
  report, "Vierde voortgangsrapportage", must be written anew), every path
  segment that names the old edition (its synthetic population,
  ``data/synthetic/2020-H1``) renamed, and ``previous`` set to the old edition
  for the chapters that report what changed (when the old edition has a
  released version to compare with). Comments, anchors and layout stay
  (ruamel.yaml round trip);
- other copied entries are copied as they are; entries that must be new (the
  researchers' texts) start empty.

Everything is written into a staging folder first and validated there
(:func:`~analysis.inputs.editions.load_edition`,
:func:`~analysis.inputs.editions.plan_chapters`); only then moved into place. A
bad name, an unknown source or an existing target writes nothing.

**A region's own text** (:func:`init_region`) is
``params/tekst/<edition>/regio-<code>.md`` with a Dutch guidance note as an
HTML comment (never shown in a report), for the kenniswerkplaats to write under.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT, RELEASES_DIR, TEKST_DIR
from analysis.errors import VoortgangError
from analysis.inputs.editions import (
    EDITION_PATTERN,
    Edition,
    edition_owned_paths,
    load_edition,
    plan_chapters,
)
from analysis.inputs.files import display_path
from analysis.inputs.groupings import GEMEENTE_LEVEL, Region, find_region, region_catalogue, text_stem
from analysis.inputs.notebooks import declared_parameters
from analysis.inputs.releases import latest_version

#: The chapter parameter that names the edition a chapter compares with (chapters 80 and 95).
PREVIOUS = "previous"
#: Months between two half-yearly editions.
HALF_YEAR_MONTHS = 6


@dataclass(frozen=True)
class NewEdition:
    """What :func:`new_edition` wrote, and what is left to the user.

    Attributes
    ----------
    written : tuple of Path
        The new files and folders, in the order of ``edition_owned_paths``.
    previous : str or None
        The edition that the new one compares with, or ``None`` when the source
        has no released version yet.
    texts_left_out : int
        Files of the source edition's texts (own texts, kanttekeningen) that were not copied.
    """

    written: tuple[Path, ...]
    previous: str | None
    texts_left_out: int


def half_years_between(source: str, target: str) -> int:
    """Number of half-years from ``source`` to ``target``: ``2020-H1 -> 2021-H1`` is 2."""
    (y1, h1), (y2, h2) = ((int(e[:4]), int(e[-1])) for e in (source, target))
    return (y2 - y1) * 2 + (h2 - h1)


def shifted_date(date: str, half_years: int) -> str:
    """``YYYY-MM`` moved by ``half_years`` half-years: ``shifted_date("2020-05", 1) == "2020-11"``."""
    year, month = (int(part) for part in date.split("-"))
    months = year * 12 + month - 1 + HALF_YEAR_MONTHS * half_years
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def _check_name(name: str, argument: str) -> None:
    if len(name) > 16 or not EDITION_PATTERN.match(name):
        shown = name if len(name) <= 16 else f"{name[:16]}... ({len(name)} characters)"
        raise VoortgangError(f"argument {argument!r}: {shown!r} is not an edition name like 2024-H1 or 2024-H2")


def _yaml() -> Any:
    from ruamel.yaml import YAML  # round trip: keeps comments, anchors, quotes and layout

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _renamed(value: Any, pattern: re.Pattern[str], target: str, memo: dict[int, Any]) -> Any:
    """``value`` with every path segment that names the source edition renamed (aliases kept)."""
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _renamed(value[key], pattern, target, memo)
        new = value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = _renamed(item, pattern, target, memo)
        new = value
    elif isinstance(value, str) and pattern.search(value):
        text = pattern.sub(target, value)
        anchor = getattr(value, "anchor", None)
        if anchor is not None and anchor.value is not None:  # an anchored scalar: a new one, same anchor
            new = type(value)(text, anchor=anchor.value)
        else:
            new = type(value)(text) if type(value) is not str else text
    else:
        new = value
    memo[id(value)] = new
    return new


def edition_text(text: str, source: str, target: str, previous: str | None, declares_previous: set[str]) -> str:
    """The edition file of ``target`` made from that of ``source`` (pure).

    Parameters
    ----------
    text : str
        The source edition file.
    source, target : str
        Edition names; ``target`` comes after ``source``.
    previous : str or None
        What ``previous`` becomes (the source, when it has a released version);
        ``None`` leaves ``previous`` out.
    declares_previous : set of str
        Notebook stems whose parameters cell declares ``previous``.

    Returns
    -------
    str
        The new file: ``edition``, ``date``, an empty ``subtitle``, ``status: concept``
        (when the source had a status), renamed paths and ``previous``, with a header that
        says what to fill in.
    """
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = _yaml()
    data = yaml.load(text)
    data["edition"] = target
    data["date"] = DoubleQuotedScalarString(shifted_date(str(data["date"]), half_years_between(source, target)))
    data["subtitle"] = DoubleQuotedScalarString("")
    if "status" in data:  # a new edition starts as a concept: its texts are not written yet
        data["status"] = "concept"
    _renamed(data, re.compile(rf"(?<=/){re.escape(source)}(?=/|$)"), target, {})
    chapters = [*data.get("chapters", []), *((data.get("regions") or {}).get("chapters", []))]
    holders = [c["parameters"] for c in chapters if PREVIOUS in (c.get("parameters") or {})]
    if PREVIOUS in (data.get("parameters") or {}):
        holders.append(data["parameters"])
    for parameters in holders:  # the old edition's own comparison is not the new one's
        if previous is None:
            del parameters[PREVIOUS]
        else:
            parameters[PREVIOUS] = previous
    if previous is not None and not holders and any(c.get("notebook") in declares_previous for c in chapters):
        if "parameters" not in data:  # edition-level: it reaches only the chapters that declare it
            data.insert(list(data).index("chapters"), "parameters", CommentedMap())
        data["parameters"][PREVIOUS] = previous
    data.yaml_set_start_comment(
        f"Edition {target}, made from {source} by `voortgang edition new {target} --from {source}`.\n"
        "To do by hand: the subtitle (empty), and check title, date, years and sources.\n"
        "Validated before anything runs (analysis.inputs.editions): unknown keys, wrong types and\n"
        "parameters a notebook does not declare are errors."
    )
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def new_edition(target: str, source: str, root: Path = PROJECT_ROOT,
                releases_dir: Path = RELEASES_DIR, notebooks_dir: Path = NOTEBOOKS_DIR) -> NewEdition:
    """Make edition ``target`` from ``source`` (see the module docstring).

    Raises
    ------
    VoortgangError
        A bad name, an unknown source, a target that does not come after the
        source, any of the target's files already there, or a new edition file
        that does not validate. Nothing is written then.
    """
    _check_name(target, "NAME")
    _check_name(source, "--from")
    owned, owned_source = edition_owned_paths(target), edition_owned_paths(source)
    editions_dir = root / owned_source[0].path.parent
    load_edition(source, editions_dir)  # the source must be a valid edition
    if half_years_between(source, target) <= 0:
        raise VoortgangError(f"argument 'NAME': {target} does not come after {source} (--from)")
    for entry in owned:
        if (root / entry.path).exists():
            raise VoortgangError(f"{display_path(root / entry.path)}: already exists; {target} is not made again")
    previous = source if latest_version(Path(releases_dir) / source) is not None else None
    declares = {p.stem for p in Path(notebooks_dir).glob("*.ipynb") if PREVIOUS in declared_parameters(p)}
    staging = Path(tempfile.mkdtemp(prefix=".edition-new-", dir=root / "params"))
    written: list[Path] = []
    try:
        staged: list[tuple[Path, Path]] = []
        for number, (new, old) in enumerate(zip(owned, owned_source, strict=True)):
            dest, src = staging / str(number), root / old.path
            if number == 0:  # the edition file
                dest.write_text(edition_text(src.read_text(encoding="utf-8"), source, target, previous, declares),
                                encoding="utf-8")
            elif not new.copied:  # must be new: starts empty
                dest.mkdir()
            elif src.is_dir():
                shutil.copytree(src, dest)
            elif src.is_file():
                shutil.copy2(src, dest)
            else:  # the source edition has none: nothing to copy
                continue
            staged.append((dest, root / new.path))
        _validate(staged[0][0], target, notebooks_dir)
        try:
            for dest, final in staged:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(dest, final)
                written.append(final)
        except BaseException:  # all or nothing
            for final in written:
                shutil.rmtree(final) if final.is_dir() else final.unlink()
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    texts = [root / o.path for o in owned_source if not o.copied]
    left_out = sum(1 for folder in texts if folder.is_dir() for p in folder.iterdir() if p.is_file())
    return NewEdition(written=tuple(written), previous=previous, texts_left_out=left_out)


def _validate(edition_file: Path, target: str, notebooks_dir: Path) -> Edition:
    """Load and plan the staged edition file as ``params/editions/<target>.yaml`` would be."""
    with tempfile.TemporaryDirectory(prefix=".check-", dir=edition_file.parent) as tmp:
        shutil.copy2(edition_file, Path(tmp) / f"{target}.yaml")
        edition = load_edition(target, Path(tmp))
        plan_chapters(edition, notebooks_dir, Path(tmp))
    return edition


# ------------------------------------------------------------------ region text


def region_template(region: Region, edition: str) -> str:
    """The Dutch starting text of a region's own text file (only a note that no report shows)."""
    gemeente = region.niveau == GEMEENTE_LEVEL
    kind = "gemeenterapportage" if gemeente else "regiorapportage"
    where = "onder de tabellen" if gemeente else "boven de berekende bevindingen"
    return (
        "<!--\n"
        f"Eigen tekst voor de {kind} van {region.naam} ({region.code}), editie {edition}.\n"
        "\n"
        f"Wat u onder deze notitie schrijft, staat in het rapport {where}\n"
        f"(\"Wat zegt deze {kind} ons?\"). Schrijf in markdown: alinea's gescheiden door een\n"
        "witregel, **vet**, *cursief*, lijstjes met \"- \". Deze notitie zelf komt niet in het rapport.\n"
        "\n"
        f"Bouwen:  voortgang build --edition {edition} --regions {region.code}\n"
        f"Rapport: reports/{edition}/regio/{region.code}/index.html\n"
        "-->\n"
    )


def init_region(code: str, edition: str, tekst_dir: Path = TEKST_DIR) -> tuple[Region, Path]:
    """Write ``params/tekst/<edition>/regio-<code>.md`` (a gemeente: ``gemeente-<code>.md``) with a note.

    Returns
    -------
    (Region, Path)
        The region and the written file.

    Raises
    ------
    VoortgangError
        An unknown edition or region (with the nearest codes), or a file that
        already exists (it holds the region's own words: never overwritten).
    """
    spec = load_edition(edition)
    region = find_region(code, region_catalogue(spec), argument="CODE")
    path = tekst_dir / edition / f"{text_stem(region)}.md"
    if path.exists():
        raise VoortgangError(f"{display_path(path)}: already exists; the region's own text is never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never over a file made in the meantime
        fh.write(region_template(region, edition))
    return region, path
