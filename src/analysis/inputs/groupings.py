"""Regions a report can be made for: the 42 jeugdregio's and the groupings an edition names.

Region levels
-------------
- *jeugdregio*: the 42 ``JZxx`` regions of :mod:`analysis.inputs.regions`;
- a *grouping* of jeugdregio's that the edition file names under
  ``regions.groupings`` (``landsdelen``, or e.g. the bovenregionale
  expertisenetwerken) as a CSV with its source (:func:`load_grouping`);
- *gemeente*: every gemeente of 1 January of the edition's year
  (:mod:`analysis.inputs.gemeenten`), when the edition file has a
  ``regions.gemeenten`` section (its reports come from a StatLine gemeente table,
  not from person-level data); with the user's "Gebieden in Nederland" file each
  gemeente knows its jeugdregio, without it none (never invented);
- *Nederland*: the national report itself.

:func:`select_regions` turns a ``--regions`` value into regions, with the
nearest valid codes for a typo. A gemeente code is refused with the reason when
the edition has no gemeente reports, and a gemeente that no longer exists in the
edition's year is refused naming its successor (or the gemeenten it was divided over)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.config import HERINDELINGEN_CSV, MAX_TEXT_BYTES, PROJECT_ROOT
from analysis.errors import VoortgangError
from analysis.inputs.editions import Edition, RegionGrouping, edition_year
from analysis.inputs.files import PLAIN_TEXT, display_path, read_csv_table
from analysis.inputs.gemeenten import indeling, merged_away_reason, missing_members
from analysis.inputs.regions import GEMEENTE_CODE, jeugdregios, load_gemeente_mapping

# The statistics (analysis.measures.patterns, analysis.stats, analysis.measures.cohorts) are imported
# inside the functions that compute a report: the build only needs the region
# catalogue here, and importing statsmodels would cost it a second.

#: Level name of the 42 jeugdregio's (groupings use their own name as level).
JEUGDREGIO_LEVEL = "jeugdregio"
#: Source line of the jeugdregio list (see data/reference/README.md).
JEUGDREGIO_SOURCE = "CBS-indeling in 42 jeugdregio's (data/reference/jeugdregios.csv)"
#: ``--regions`` value for every jeugdregio.
ALL_JEUGDREGIOS = "all"
#: Level name of a gemeente, and the ``--regions`` value for every gemeente of the edition's year.
GEMEENTE_LEVEL = "gemeente"
ALL_GEMEENTEN = "gemeenten"
#: Region codes become folder and file names: letters, digits, '-' and '_'.
REGION_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
#: Values of a grouping's assumption column (``aanname_kolom``): ``ja`` = no source confirms the membership.
YES_NO = re.compile(r"(?i)ja|nee")
#: How many near codes an unknown-code message lists.
NEAREST = 5


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class Region:
    """One region a report can be made for.

    Attributes
    ----------
    code : str
        ``JZxx`` for a jeugdregio, the grouping's code (e.g. ``LD03``) otherwise.
    naam : str
        Name (Dutch).
    niveau : str
        :data:`JEUGDREGIO_LEVEL` or the name of the grouping (``landsdelen``).
    jeugdregios : tuple of str
        The jeugdregio codes it consists of.
    bron : str
        Source of the region definition (or the assumption it rests on).
    aannames : tuple of str
        Member jeugdregio's whose membership no source confirms (the grouping
        file's ``aanname`` column); a report on the region says so.
    bronnen : tuple of (str, str)
        Per member, the source of its membership (the grouping file's source
        column), when the grouping has one.
    """

    code: str
    naam: str
    niveau: str
    jeugdregios: tuple[str, ...]
    bron: str
    aannames: tuple[str, ...] = ()
    bronnen: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """``"Twente (JZ14)"``."""
        return f"{self.naam} ({self.code})"


@dataclass(frozen=True)
class Catalogue:
    """Every region an edition can report on: the jeugdregio's and its groupings."""

    jeugdregios: tuple[Region, ...]
    groupings: Mapping[str, tuple[Region, ...]] = field(default_factory=dict)
    gemeenten: tuple[Region, ...] = ()
    #: The year of the gemeenten (1 January), or None without gemeente reports.
    gemeente_year: int | None = None

    @property
    def regions(self) -> dict[str, Region]:
        """Code -> region, jeugdregio's first, gemeenten last."""
        out = {r.code: r for r in self.jeugdregios}
        for regions in self.groupings.values():
            out.update({r.code: r for r in regions})
        out.update({r.code: r for r in self.gemeenten})
        return out

    def level(self, niveau: str) -> tuple[Region, ...]:
        """The regions of one level (the units of a funnel plot)."""
        if niveau == GEMEENTE_LEVEL:
            return self.gemeenten
        return self.jeugdregios if niveau == JEUGDREGIO_LEVEL else tuple(self.groupings.get(niveau, ()))

    def grouping(self, name: str, argument: str = "strata") -> tuple[Region, ...]:
        """The regions of a grouping; an unknown name is a VoortgangError naming ``argument``."""
        if name not in self.groupings:
            known = ", ".join(self.groupings) or "none (add them under regions.groupings in the edition file)"
            raise VoortgangError(f"argument {argument!r}: unknown grouping {name!r}; groupings: {known}")
        return tuple(self.groupings[name])

    @property
    def names(self) -> dict[str, str]:
        """Code -> name of every region."""
        return {code: r.naam for code, r in self.regions.items()}


def edition_reads(edition: Edition) -> list[Path]:
    """The grouping files and the gemeente mapping the edition names (for the cache key of their chapters)."""
    if edition.regions is None:
        return []
    gemeenten = edition.regions.gemeenten
    mapping = [PROJECT_ROOT / gemeenten.indeling] if gemeenten is not None and gemeenten.indeling else []
    return [PROJECT_ROOT / spec.pad for spec in edition.regions.groupings.values()] + mapping


def text_stem(region: Region) -> str:
    """Stem of a region's own researchers' text: ``gemeente-<code>`` for a gemeente, else ``regio-<code>``."""
    return f"{GEMEENTE_LEVEL if region.niveau == GEMEENTE_LEVEL else 'regio'}-{region.code}"


def gemeente_regions(edition: Edition, root: Path = PROJECT_ROOT) -> tuple[Region, ...]:
    """Every gemeente of 1 January of the edition's year, with its jeugdregio when the edition names a mapping.

    Returns
    -------
    tuple of Region
        In code order; empty when the edition has no ``regions.gemeenten``.

    Raises
    ------
    VoortgangError
        The edition's year has no gemeente list (naming the herindelingen file),
        or the mapping file is bad or misses gemeenten of that year (naming the
        file and the first missing gemeente: is it of another year?).
    """
    spec = edition.regions.gemeenten if edition.regions is not None else None
    if spec is None:
        return ()
    year = edition_year(edition)
    members = indeling().gemeenten(year)
    source = f"CBS-gemeentelijke indeling op 1 januari {year} ({display_path(HERINDELINGEN_CSV)})"
    regio: dict[str, str] = {}
    if spec.indeling:
        path = root / spec.indeling
        mapping = load_gemeente_mapping(path)
        regio = dict(zip(mapping["gemeente"], mapping["jeugdregio"], strict=True))
        if missing := missing_members(members, set(regio)):
            raise VoortgangError(
                f"{display_path(path)}: no jeugdregio for {missing} of 1 January {year} "
                f"(key 'regions.gemeenten.indeling'): use the 'Gebieden in Nederland' table of {year}")
        source += f"; jeugdregio uit {display_path(path)}"
    return tuple(Region(code=c, naam=n, niveau=GEMEENTE_LEVEL, jeugdregios=(regio[c],) if c in regio else (),
                        bron=source) for c, n in members.items())


def jeugdregio_regions() -> tuple[Region, ...]:
    """The 42 jeugdregio's as regions of one jeugdregio each."""
    return tuple(
        Region(code=c, naam=n, niveau=JEUGDREGIO_LEVEL, jeugdregios=(c,), bron=JEUGDREGIO_SOURCE)
        for c, n in zip(jeugdregios()["code"], jeugdregios()["naam"], strict=True)
    )


def load_grouping(name: str, spec: RegionGrouping, root: Path = PROJECT_ROOT) -> tuple[Region, ...]:
    """Read a grouping of jeugdregio's from its CSV (one row per jeugdregio).

    Parameters
    ----------
    name : str
        Name of the grouping in the edition file (its level name).
    spec : RegionGrouping
        File, column names and source.
    root : Path
        Directory ``spec.pad`` is relative to.

    Returns
    -------
    tuple of Region
        One per group code, in code order.

    Raises
    ------
    VoortgangError
        A missing file or column, an unknown jeugdregio code, a jeugdregio in
        two groups, a group code that cannot be a folder name or a code with
        two names (naming the file, the column and the number of rows).
    """
    path = root / spec.pad
    where = display_path(path)
    if not path.is_file():
        raise VoortgangError(f"{where}: file of grouping {name!r} not found")
    try:
        columns = {spec.jeugdregio: None, spec.code: None, spec.naam: PLAIN_TEXT}
        if spec.bron_kolom:
            columns[spec.bron_kolom] = PLAIN_TEXT
        if spec.aanname_kolom:
            columns[spec.aanname_kolom] = YES_NO
        frame = read_csv_table(path, columns, MAX_TEXT_BYTES)
    except VoortgangError as exc:
        raise VoortgangError(f"{exc} (grouping {name!r})") from None
    jz, code, naam = (frame[c].str.strip() for c in (spec.jeugdregio, spec.code, spec.naam))
    known = {r.code for r in jeugdregio_regions()}
    problems = []
    if (bad := ~jz.isin(known)).any():
        problems.append(f"column {spec.jeugdregio!r}: {int(bad.sum())} row(s) without one of the 42 jeugdregio codes")
    if (dup := jz.duplicated()).any():
        problems.append(f"column {spec.jeugdregio!r}: {int(dup.sum())} jeugdregio('s) listed twice")
    if (badcode := ~code.str.fullmatch(REGION_CODE)).any():
        problems.append(f"column {spec.code!r}: {int(badcode.sum())} code(s) not of letters, digits, '-' or '_'")
    if (clash := code.isin(known)).any():
        problems.append(f"column {spec.code!r}: {int(clash.sum())} group code(s) equal to a jeugdregio code")
    names = pd.DataFrame({"code": code, "naam": naam}).drop_duplicates()
    if (two := names["code"].duplicated()).any():
        problems.append(f"column {spec.naam!r}: {int(two.sum())} group code(s) with more than one name")
    if problems:
        raise VoortgangError(f"{where} (grouping {name!r}): " + "; ".join(problems))
    assumed = (frame[spec.aanname_kolom].str.strip().str.lower() == "ja") if spec.aanname_kolom else code.eq("\0")
    out = []
    for c in sorted(set(code)):
        members = tuple(sorted(jz[code == c]))
        aannames = tuple(sorted(jz[(code == c) & assumed]))
        bronnen = (tuple(sorted(zip(jz[code == c], frame.loc[code == c, spec.bron_kolom].str.strip(), strict=True)))
                   if spec.bron_kolom else ())
        out.append(Region(code=c, naam=str(naam[code == c].iloc[0]), niveau=name, jeugdregios=members, bron=spec.bron,
                          aannames=aannames, bronnen=bronnen))
    return tuple(out)


def region_catalogue(edition: Edition | None = None, root: Path = PROJECT_ROOT) -> Catalogue:
    """The jeugdregio's plus the groupings the edition file names."""
    groupings = {}
    if edition is not None and edition.regions is not None:
        groupings = {name: load_grouping(name, spec, root) for name, spec in edition.regions.groupings.items()}
    gemeenten = gemeente_regions(edition, root) if edition is not None else ()
    year = edition_year(edition) if edition is not None and gemeenten else None
    catalogue = Catalogue(jeugdregios=jeugdregio_regions(), groupings=groupings, gemeenten=gemeenten,
                          gemeente_year=year)
    seen: dict[str, str] = {}
    for name, regions in groupings.items():
        for r in regions:
            if r.code in seen:
                raise VoortgangError(
                    f"regions.groupings: code {r.code!r} is in both {seen[r.code]!r} and {name!r}; codes must be unique"
                )
            seen[r.code] = name
    return catalogue


def nearest_codes(text: str, catalogue: Catalogue, n: int = NEAREST) -> list[str]:
    """Valid region codes nearest to ``text`` (by code, and by name for names typed as codes)."""
    regions = catalogue.regions
    wanted = text.strip().upper()
    # "jz8", "JR08", "8": the jeugdregio with that number first
    number = re.search(r"(\d{1,2})$", wanted)
    by_number = [f"JZ{int(number[1]):02d}"] if number and f"JZ{int(number[1]):02d}" in regions else []
    by_code = difflib.get_close_matches(wanted, list(regions), n=n, cutoff=0.5)
    names = {r.naam.upper(): r.code for r in regions.values()}
    by_name = [names[m] for m in difflib.get_close_matches(wanted, list(names), n=n, cutoff=0.6)]
    return list(dict.fromkeys(by_number + by_name + by_code))[:n]


def find_region(code: str, catalogue: Catalogue, argument: str = "region") -> Region:
    """The region with this code.

    Raises
    ------
    VoortgangError
        For a gemeente code (not computable from the data at hand) or an
        unknown code; the message lists the nearest valid codes.
    """
    regions = catalogue.regions
    text = str(code).strip()
    if text in regions:
        return regions[text]
    if text.upper() in regions:
        return regions[text.upper()]
    if GEMEENTE_CODE.match(text.upper()):
        if catalogue.gemeente_year is None:
            raise VoortgangError(
                f"argument {argument!r}: {text!r} is a gemeente code; this edition has no gemeente reports (add a "
                "'regions.gemeenten' section with the StatLine gemeente table to the edition file); choose a "
                "jeugdregio (JZxx) or a grouping"
            )
        reason = merged_away_reason(text.upper(), catalogue.gemeente_year)
        if reason:
            raise VoortgangError(f"argument {argument!r}: {text!r} is no gemeente on 1 January "
                                 f"{catalogue.gemeente_year}: {reason}")
    near = nearest_codes(text, catalogue)
    groups = ", ".join(catalogue.groupings) or "none"
    hint = f"; nearest valid codes: {', '.join(near)}" if near else ""
    raise VoortgangError(
        f"argument {argument!r}: unknown region code {text!r} (jeugdregio's JZ01-JZ43, groupings: {groups})" + hint
    )


def select_regions(spec: str, catalogue: Catalogue) -> list[Region]:
    """The regions a ``--regions`` value names.

    Parameters
    ----------
    spec : str
        Comma-separated parts, each ``all`` (the 42 jeugdregio's), ``gemeenten``
        (every gemeente of the edition's year), the name of a grouping
        (``landsdelen``: one report per landsdeel) or a code (``JZ08``; grouping
        and gemeente codes allowed: ``GM0363``): ``all,landsdelen,expertisenetwerken``
        is the regional set of a half-yearly build.
    catalogue : Catalogue

    Returns
    -------
    list of Region
        In the order given, without repeats.

    Raises
    ------
    VoortgangError
        Empty spec, or an unknown code (naming ``--regions`` and the nearest codes).
    """
    text = (spec or "").strip()
    if not text:
        raise VoortgangError("argument '--regions': give 'all', 'gemeenten', a grouping name or codes such as "
                             "JZ08,JZ12")
    out: dict[str, Region] = {}
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for part in parts:
        if part.lower() == ALL_JEUGDREGIOS:
            out.update((r.code, r) for r in catalogue.jeugdregios)
            continue
        if part.lower() == ALL_GEMEENTEN:
            if not catalogue.gemeenten:
                raise VoortgangError("argument '--regions': 'gemeenten': this edition has no gemeente reports (add a "
                                     "'regions.gemeenten' section to the edition file)")
            out.update((r.code, r) for r in catalogue.gemeenten)
            continue
        if part.lower() in catalogue.groupings:
            out.update((r.code, r) for r in catalogue.groupings[part.lower()])
            continue
        try:
            region = find_region(part, catalogue, argument="--regions")
        except VoortgangError as exc:
            specs = difflib.get_close_matches(part.lower(), [ALL_JEUGDREGIOS, ALL_GEMEENTEN, *catalogue.groupings], n=2,
                                              cutoff=0.6)
            if specs:
                raise VoortgangError(f"{exc}; or did you mean {' or '.join(repr(s) for s in specs)}?") from None
            raise
        out[region.code] = region
    if not out:
        raise VoortgangError("argument '--regions': no region codes given")
    return list(out.values())
