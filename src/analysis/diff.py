"""What changed between two editions or versions: ``voortgang diff`` and the chapter "Wijzigingen".

A version directory (:mod:`analysis.versions`) keeps in ``data/`` the figures and
registries its edition used. Comparing two of them (or a version with the
current inputs, as the chapters do while an edition is being built) gives, per
indicator and breakdown:

- new periods (a key ``indicator_id / breakdown / period`` only in the new data)
  and periods that disappeared;
- revised values: old, new, the absolute revision ``new - old`` in the unit of
  the row (for percentages that is *procentpunt*), the relative revision
  ``(new - old) / |old| * 100`` in percent of the old value, and the CBS status
  before and after (``became_final``: ``voorlopig``/``nader voorlopig`` ->
  ``definitief``); a row whose status changed with the same value counts too;
- indicators added to or removed from the registry;
- changes in the evaluatieagenda and the mijlpalen
  (:func:`analysis.agenda.agenda_changes`, :func:`analysis.agenda.mijlpalen_changes`),
  each registry taken as it stood in its edition (questions added and steps made
  in later editions left out), so rebuilding an old edition with a newer
  registry does not report the future as a change.

Frames are tidy with English column names; :func:`display_tables` turns them
into Dutch tables of formatted strings for the terminal and the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer
import yaml

from analysis.agenda import (
    Evaluatieagenda,
    Mijlpalen,
    agenda_changes,
    edition_index,
    load_evaluatieagenda,
    load_mijlpalen,
    mijlpalen_changes,
)
from analysis.config import EVALUATIEAGENDA, INDICATOR_REGISTRY, MIJLPALEN, REPORTS_DIR
from analysis.dutch import decimals_of, format_change_pct, format_number, format_value, join_dutch, round_half_away
from analysis.editions import EDITION_PATTERN
from analysis.errors import VoortgangError
from analysis.published import KEY
from analysis.versions import (
    DATA_SUBDIR,
    FIGURES_NAME,
    LATEST,
    MANIFEST_NAME,
    latest_version,
    read_manifest,
    versions,
)
from analysis.yamlio import display_path

#: Columns a stored ``figures.csv`` must have (``status`` and ``note`` are optional).
FIGURE_COLUMNS: tuple[str, ...] = (*KEY, "value", "unit")
#: Statuses that are not final yet (CBS "voorlopig", "nader voorlopig").
PROVISIONAL: frozenset[str] = frozenset({"voorlopig", "nader voorlopig"})
FINAL = "definitief"
#: Two values closer than this (relative) are equal: CSV round trips never differ more.
_RTOL = 1e-9
#: Units whose difference is in procentpunt.
_PP_UNITS = frozenset({"percent", "percentage_point", "percent_change"})


@dataclass(frozen=True)
class EditionData:
    """What an edition used: figures and registries.

    Attributes
    ----------
    label : str
        For headings: ``"2020-H1/v2"``, or ``"2020-H2 (huidige invoer)"``.
    edition : str or None
        Edition name; the registries are compared as they stood in it.
    figures : pandas.DataFrame
        At least :data:`FIGURE_COLUMNS` and ``status`` (``""`` when unknown);
        ``value`` float (NaN when missing), in the row's ``unit``.
    indicators : dict of str to str
        Registry indicator id -> label.
    agenda : Evaluatieagenda
    mijlpalen : Mijlpalen
    """

    label: str
    edition: str | None
    figures: pd.DataFrame
    indicators: dict[str, str]
    agenda: Evaluatieagenda
    mijlpalen: Mijlpalen


@dataclass(frozen=True)
class EditionDiff:
    """Changes from ``old`` to ``new`` (see the module docstring for the columns' meaning).

    Attributes
    ----------
    old, new : str
        Labels of the two sides.
    new_periods, removed_periods : pandas.DataFrame
        indicator_id, breakdown, period, value, unit, status.
    revisions : pandas.DataFrame
        indicator_id, breakdown, period, unit, old, new, revision (new - old, in
        the unit; procentpunt for percentages), revision_pct (percent of old;
        NaN when old is 0 or missing), status_old, status_new, became_final.
    indicators : pandas.DataFrame
        id, wijziging (``toegevoegd``/``verwijderd``), label.
    agenda, mijlpalen : pandas.DataFrame
        :func:`analysis.agenda.agenda_changes`, :func:`analysis.agenda.mijlpalen_changes`.
    """

    old: str
    new: str
    new_periods: pd.DataFrame
    removed_periods: pd.DataFrame
    revisions: pd.DataFrame
    indicators: pd.DataFrame
    agenda: pd.DataFrame
    mijlpalen: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return all(
            f.empty
            for f in (self.new_periods, self.removed_periods, self.revisions, self.indicators, self.agenda, self.mijlpalen)
        )


# ---------------------------------------------------------------- reading the two sides


def read_figures(path: Path) -> pd.DataFrame:
    """Read a stored ``figures.csv``.

    Raises
    ------
    VoortgangError
        Missing file, a missing column, a value that is not a number, or a
        duplicate key (the message names the file and the column or key).
    """
    where = display_path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise VoortgangError(f"{where}: figures of the version not found") from None
    missing = [c for c in FIGURE_COLUMNS if c not in raw.columns]
    if missing:
        raise VoortgangError(f"{where}: missing column(s) {', '.join(map(repr, missing))}")
    value = pd.to_numeric(raw["value"].str.strip().replace("", None), errors="coerce")
    bad = value.isna() & raw["value"].str.strip().ne("")
    if bad.any():
        raise VoortgangError(f"{where}: column 'value': not a number in {int(bad.sum())} row(s), "
                             f"first at file line {int(np.flatnonzero(bad.to_numpy())[0]) + 2}")
    frame = raw.assign(value=value.astype("float64"))
    if "status" not in frame.columns:
        frame["status"] = ""
    dup = frame.duplicated(list(KEY), keep=False)
    if dup.any():
        first = frame[dup].iloc[0]
        raise VoortgangError(f"{where}: duplicate key {' / '.join(str(first[c]) for c in KEY)} "
                             f"in {int(dup.sum())} rows (columns {', '.join(KEY)})")
    return frame


def read_indicator_labels(path: Path) -> dict[str, str]:
    """``id -> label`` of a stored indicator registry.

    Read loosely (only ``indicators[].id`` and ``label``), so a registry stored
    by an older version of the code still compares after the schema grew.
    """
    where = display_path(path)
    try:
        # libyaml's safe loader when built in (as analysis.registry does): same result, 8x faster
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise VoortgangError(f"{where}: cannot read the indicator registry: {exc}") from None
    items = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) and "id" in i for i in items):
        raise VoortgangError(f"{where}: key 'indicators': expected a list of records with an 'id'")
    return {str(i["id"]): str(i.get("label", i["id"])) for i in items}


def load_version(version_dir: Path) -> EditionData:
    """The figures and registries a version stored in ``data/``.

    Raises
    ------
    VoortgangError
        No manifest, or a missing or invalid data file (named in the message).
    """
    version_dir = Path(version_dir)
    manifest = read_manifest(version_dir)
    data = version_dir / DATA_SUBDIR
    edition = manifest.get("edition")
    label = f"{edition}/v{manifest['version']}" if edition and "version" in manifest else str(version_dir)
    return EditionData(
        label=label,
        edition=edition,
        figures=read_figures(data / FIGURES_NAME),
        indicators=read_indicator_labels(data / INDICATOR_REGISTRY.name),
        agenda=load_evaluatieagenda(data / EVALUATIEAGENDA.name),
        mijlpalen=load_mijlpalen(data / MIJLPALEN.name),
    )


def current_data(edition: str, published: Sequence[Path], statline: dict[str, str] | None = None) -> EditionData:
    """The figures and registries as they are now (for a chapter of the edition being built).

    Parameters
    ----------
    edition : str
        The edition being built.
    published : sequence of Path
        Published-figures CSV files (the chapter's ``published`` parameter).
    statline : dict, optional
        StatLine snapshots ``{table: date}`` (:func:`analysis.versions.statline_snapshots`).
    """
    from analysis.registry import load_registry
    from analysis.versions import edition_figures

    return EditionData(
        label=f"{edition} (huidige invoer)",
        edition=edition,
        figures=edition_figures(published, statline),
        indicators={i.id: i.label for i in load_registry().indicators},
        agenda=load_evaluatieagenda(),
        mijlpalen=load_mijlpalen(),
    )


def resolve(spec: str, reports_dir: Path = REPORTS_DIR, argument: str = "edition") -> Path:
    """The version directory that ``spec`` names.

    Parameters
    ----------
    spec : str
        ``2020-H1`` or ``2020-H1/latest`` (the version ``latest`` points at),
        ``2020-H1/v2``; or the path of a version directory (with ``manifest.json``).
    reports_dir : Path
        Where the editions' report directories are.
    argument : str
        Name of the argument, for messages.

    Raises
    ------
    VoortgangError
        A malformed spec, an edition without versions (listing the editions that
        have some), or a version that does not exist (listing the versions).
    """
    text = spec.strip().rstrip("/")
    edition, _, version = text.partition("/")
    if not EDITION_PATTERN.match(edition) or (version and version != LATEST and not _is_version(version)):
        path = Path(spec)
        if path.is_dir() and (path / MANIFEST_NAME).is_file():
            return path
        raise VoortgangError(
            f"argument {argument!r}: {spec!r} is not an edition or version like 2020-H1, 2020-H1/v2 or "
            f"2020-H1/latest, nor a version directory with {MANIFEST_NAME}"
        )
    edition_dir = Path(reports_dir) / edition
    have = versions(edition_dir)
    if not have:
        built = sorted(p.name for p in Path(reports_dir).iterdir() if versions(p)) if Path(reports_dir).is_dir() else []
        raise VoortgangError(
            f"argument {argument!r}: edition {edition} has no built versions in {display_path(Path(reports_dir))}; "
            f"editions with versions: {', '.join(built) or 'none'}"
        )
    latest = latest_version(edition_dir)
    listed = ", ".join(f"v{n}" for n in have) + (f" (latest: v{latest})" if latest else " (no latest)")
    if version in ("", LATEST):
        if latest is None:
            raise VoortgangError(f"argument {argument!r}: {edition} has no '{LATEST}'; versions: {listed}")
        return edition_dir / f"v{latest}"
    number = int(version[1:])
    if number not in have:
        raise VoortgangError(f"argument {argument!r}: {edition} has no version v{number}; versions: {listed}")
    return edition_dir / f"v{number}"


def previous_inputs(parameters: dict[str, Any], reports_dir: Path = REPORTS_DIR) -> list[Path]:
    """Files a chapter reads through its ``previous`` parameter (for the build's cache key).

    Parameters
    ----------
    parameters : dict
        The parameters injected into a chapter (``ChapterRun.parameters``).
    reports_dir : Path
        Where the chapters look for the previous edition (they use
        :data:`analysis.config.REPORTS_DIR`).

    Returns
    -------
    list of Path
        ``[<version>/data, <version>/manifest.json]`` of the version ``previous``
        names; empty when the chapter has no (or an empty) ``previous``.

    Raises
    ------
    VoortgangError
        ``previous`` names no built version (call this before executing, so the
        build stops with the list of what exists instead of a failed notebook).
    """
    spec = parameters.get("previous") or ""
    if not spec:
        return []
    version = resolve(str(spec), reports_dir, argument="previous")
    return [version / DATA_SUBDIR, version / MANIFEST_NAME]


def _is_version(text: str) -> bool:
    return text.startswith("v") and text[1:].isdigit() and not text[1:].startswith("0")


# ---------------------------------------------------------------- comparing


def diff_figures(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """New periods, removed periods and revisions between two figure frames.

    Parameters
    ----------
    old, new : pandas.DataFrame
        :data:`FIGURE_COLUMNS` plus ``status``; one row per key.

    Returns
    -------
    new_periods, removed_periods, revisions : pandas.DataFrame
        See :class:`EditionDiff`. A revision is a key in both whose value
        differs (relative tolerance 1e-9; a value that appears or disappears
        counts, with ``revision`` NaN) or whose status differs. Sorted by key.
    """
    cols = [*KEY, "value", "unit", "status"]
    merged = old[cols].merge(new[cols], on=list(KEY), how="outer", suffixes=("_old", "_new"), indicator=True)
    merged = merged.sort_values(list(KEY), kind="stable")

    def side(which: str, suffix: str) -> pd.DataFrame:
        part = merged[merged["_merge"] == which]
        return (part[[*KEY, f"value{suffix}", f"unit{suffix}", f"status{suffix}"]]
                .set_axis([*KEY, "value", "unit", "status"], axis=1).reset_index(drop=True))

    added, removed = side("right_only", "_new"), side("left_only", "_old")
    both = merged[merged["_merge"] == "both"]
    o, n = both["value_old"].to_numpy(float), both["value_new"].to_numpy(float)
    same_value = (np.isnan(o) & np.isnan(n)) | np.isclose(o, n, rtol=_RTOL, atol=0.0)
    status_old, status_new = both["status_old"].fillna("").astype(str), both["status_new"].fillna("").astype(str)
    changed = ~same_value | (status_old != status_new).to_numpy()
    both = both[changed]
    o, n = o[changed], n[changed]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(o != 0, (n - o) / np.abs(o) * 100.0, np.nan)
    revisions = pd.DataFrame({
        **{k: both[k].to_numpy() for k in KEY},
        "unit": both["unit_new"].to_numpy(),
        "old": o,
        "new": n,
        "revision": n - o,
        "revision_pct": pct,
        "status_old": status_old[changed].to_numpy(),
        "status_new": status_new[changed].to_numpy(),
    })
    revisions["became_final"] = revisions["status_old"].isin(PROVISIONAL) & revisions["status_new"].eq(FINAL)
    return added, removed, revisions


def registry_changes(old: dict[str, str], new: dict[str, str]) -> pd.DataFrame:
    """Indicators added to or removed from the registry: id, wijziging, label (sorted by id)."""
    rows = [(i, "toegevoegd", new[i]) for i in new.keys() - old.keys()]
    rows += [(i, "verwijderd", old[i]) for i in old.keys() - new.keys()]
    return pd.DataFrame(sorted(rows), columns=["id", "wijziging", "label"])


def agenda_as_of(agenda: Evaluatieagenda, editie: str | None) -> Evaluatieagenda:
    """The evaluatieagenda without the questions added after ``editie`` (None: all)."""
    if editie is None:
        return agenda
    keep = [v for v in agenda.vragen if edition_index(v.editie_toegevoegd) <= edition_index(editie)]
    return agenda.model_copy(update={"vragen": keep})


def mijlpalen_as_of(mijlpalen: Mijlpalen, editie: str | None) -> Mijlpalen:
    """The Mijlpalenoverzicht without the steps made after ``editie`` (None: all).

    A milestone whose first step is after ``editie`` is left out.
    """
    if editie is None:
        return mijlpalen
    limit = edition_index(editie)
    kept = []
    for m in mijlpalen.overzicht:
        steps = [s for s in m.stappen if edition_index(s.editie) <= limit]
        if steps:
            kept.append(m.model_copy(update={"stappen": steps}))
    return mijlpalen.model_copy(update={"overzicht": kept})


def diff_data(old: EditionData, new: EditionData) -> EditionDiff:
    """Everything that changed from ``old`` to ``new`` (see :class:`EditionDiff`)."""
    added, removed, revisions = diff_figures(old.figures, new.figures)
    return EditionDiff(
        old=old.label,
        new=new.label,
        new_periods=added,
        removed_periods=removed,
        revisions=revisions,
        indicators=registry_changes(old.indicators, new.indicators),
        agenda=agenda_changes(agenda_as_of(old.agenda, old.edition), agenda_as_of(new.agenda, new.edition)),
        mijlpalen=mijlpalen_changes(mijlpalen_as_of(old.mijlpalen, old.edition),
                                    mijlpalen_as_of(new.mijlpalen, new.edition)),
    )


def diff_versions(a: Path, b: Path) -> EditionDiff:
    """Changes from version directory ``a`` (old) to ``b`` (new); see :func:`resolve`."""
    return diff_data(load_version(a), load_version(b))


# ---------------------------------------------------------------- Dutch tables and text


def _signed(x: float, decimals: int) -> str:
    text = format_number(x, decimals)
    return f"+{text}" if round_half_away(x, decimals) > 0 else text


def format_revision(x: float, unit: str, decimals: int) -> str:
    """An absolute revision in its unit, signed: ``+0,3 procentpunt``, ``+250``, ``.`` when missing.

    For ``percent`` (and the other percentage units) the difference is in
    procentpunt; never written with ``%``.
    """
    if pd.isna(x):
        return "."
    text = _signed(x, decimals)
    if unit in _PP_UNITS:
        return f"{text} procentpunt"
    if unit == "eur":
        return f"{text} euro"
    if unit == "eur_million":
        return f"{text} miljoen euro"
    return text


def _decimals(*values: float) -> int:
    return max((decimals_of(v) for v in values if not pd.isna(v)), default=0)


def _label(indicator_id: str, labels: dict[str, str]) -> str:
    return labels.get(indicator_id, indicator_id)


def _status_text(old: str, new: str) -> str:
    if old != new:
        return f"{old or 'onbekend'} → {new or 'onbekend'}"
    return new


def _or_dot(value: Any) -> str:
    return "." if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else str(value)


def new_periods_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Nieuwe perioden per indicator en uitsplitsing (periods joined with ", ")."""
    if frame.empty:
        return pd.DataFrame(columns=["Uitsplitsing", "Perioden"], index=pd.Index([], name="Indicator"))
    grouped = frame.groupby(["indicator_id", "breakdown"], sort=True)["period"].agg(lambda s: ", ".join(sorted(s)))
    out = grouped.reset_index()
    return pd.DataFrame(
        {"Uitsplitsing": out["breakdown"].to_numpy(), "Perioden": out["period"].to_numpy()},
        index=pd.Index([_label(i, labels) for i in out["indicator_id"]], name="Indicator"),
    )


def revisions_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Herziene cijfers: oud, nieuw, absolute en relatieve revisie, status (Dutch strings)."""
    rows = []
    for r in frame.itertuples(index=False):
        d = _decimals(r.old, r.new)
        rows.append({
            "Indicator": _label(r.indicator_id, labels),
            "Uitsplitsing": r.breakdown,
            "Periode": r.period,
            "Oud": format_value(r.old, r.unit, d),
            "Nieuw": format_value(r.new, r.unit, d),
            "Revisie": format_revision(r.revision, r.unit, d),
            "Revisie (relatief)": "." if pd.isna(r.revision_pct) else format_change_pct(r.revision_pct, 1),
            "Status": _or_dot(_status_text(r.status_old, r.status_new)),
        })
    columns = ["Indicator", "Uitsplitsing", "Periode", "Oud", "Nieuw", "Revisie", "Revisie (relatief)", "Status"]
    return pd.DataFrame(rows, columns=columns).set_index("Indicator")


def removed_periods_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Vervallen perioden: in the old data, not in the new."""
    return pd.DataFrame(
        {"Uitsplitsing": frame["breakdown"].to_numpy(), "Periode": frame["period"].to_numpy(),
         "Waarde (oud)": [format_value(v, u) for v, u in zip(frame["value"], frame["unit"], strict=True)]},
        index=pd.Index([_label(i, labels) for i in frame["indicator_id"]], name="Indicator"),
    )


def indicators_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Indicatoren toegevoegd aan of verwijderd uit het register."""
    return pd.DataFrame({"Naam": frame["label"].to_numpy(), "Wijziging": frame["wijziging"].to_numpy()},
                        index=pd.Index(frame["id"].to_numpy(), name="Indicator"))


def agenda_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Wijzigingen in de evaluatieagenda (from :func:`analysis.agenda.agenda_changes`)."""
    return pd.DataFrame(
        {"Kennisvraag": frame["vraag"].to_numpy(), "Wijziging": frame["wijziging"].to_numpy(),
         "Status (oud)": [_or_dot(v) for v in frame["status_oud"]],
         "Status (nieuw)": [_or_dot(v) for v in frame["status_nieuw"]]},
        index=pd.Index(frame["id"].to_numpy(), name="Nr."),
    )


def mijlpalen_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Wijzigingen in de mijlpalen (from :func:`analysis.agenda.mijlpalen_changes`)."""
    def state(status: Any, editie: Any) -> str:
        return "." if _or_dot(status) == "." else f"{status} ({editie})"

    return pd.DataFrame(
        {"Mijlpaal": frame["mijlpaal"].to_numpy(), "Wijziging": frame["wijziging"].to_numpy(),
         "Oud": [state(s, e) for s, e in zip(frame["status_oud"], frame["editie_oud"], strict=True)],
         "Nieuw": [state(s, e) for s, e in zip(frame["status_nieuw"], frame["editie_nieuw"], strict=True)]},
        index=pd.Index(frame["id"].to_numpy(), name="Nr."),
    )


def display_tables(diff: EditionDiff, labels: dict[str, str]) -> list[tuple[str, pd.DataFrame]]:
    """The non-empty changes as ``(Dutch caption, table of strings)``, in report order.

    Parameters
    ----------
    diff : EditionDiff
    labels : dict
        Indicator id -> label (the new registry's, falling back to the old one's).
    """
    parts = [
        ("Nieuwe perioden per indicator en uitsplitsing", diff.new_periods, new_periods_table),
        ("Herziene cijfers (revisie = nieuw - oud; bij percentages in procentpunt)", diff.revisions,
         revisions_table),
        ("Vervallen perioden (alleen in de vorige editie)", diff.removed_periods, removed_periods_table),
    ]
    out = [(caption, make(frame, labels)) for caption, frame, make in parts if not frame.empty]
    if not diff.indicators.empty:
        out.append(("Indicatoren toegevoegd aan of verwijderd uit het register", indicators_table(diff.indicators)))
    if not diff.agenda.empty:
        out.append(("Wijzigingen in de evaluatieagenda", agenda_table(diff.agenda)))
    if not diff.mijlpalen.empty:
        out.append(("Wijzigingen in de mijlpalen", mijlpalen_table(diff.mijlpalen)))
    return out


def _count(n: int, one: str, many: str) -> str:
    return f"{format_number(n)} {one if n == 1 else many}"


def summary_markdown(diff: EditionDiff) -> str:
    """One Dutch sentence with the count of every kind of change that occurred."""
    if diff.empty:
        return f"Ten opzichte van {diff.old} is er niets gewijzigd."
    series = diff.new_periods.groupby(["indicator_id", "breakdown"]).ngroups if not diff.new_periods.empty else 0
    revised = diff.revisions
    value_revised = int((revised["revision"].fillna(1.0) != 0).sum())
    final = int(revised["became_final"].sum())
    added = int((diff.indicators["wijziging"] == "toegevoegd").sum())
    dropped = int((diff.indicators["wijziging"] == "verwijderd").sum())
    # only the kinds of change that occurred, in report order
    parts = [
        text
        for n, text in (
            (len(diff.new_periods), f"{_count(len(diff.new_periods), 'nieuw cijfer', 'nieuwe cijfers')} in "
                                    f"{_count(series, 'reeks', 'reeksen')}"),
            (value_revised, _count(value_revised, "herzien cijfer", "herziene cijfers")),
            (final, f"{_count(final, 'cijfer', 'cijfers')} van voorlopig naar definitief"),
            (len(diff.removed_periods), _count(len(diff.removed_periods), "vervallen cijfer", "vervallen cijfers")),
            (added, f"{_count(added, 'indicator', 'indicatoren')} toegevoegd aan het register"),
            (dropped, f"{_count(dropped, 'indicator', 'indicatoren')} verwijderd uit het register"),
            (len(diff.agenda), f"{_count(len(diff.agenda), 'wijziging', 'wijzigingen')} in de evaluatieagenda"),
            (len(diff.mijlpalen), f"{_count(len(diff.mijlpalen), 'wijziging', 'wijzigingen')} in de mijlpalen"),
        )
        if n
    ]
    return f"Ten opzichte van {diff.old}: {join_dutch(parts)}."


def labels_of(old: EditionData, new: EditionData) -> dict[str, str]:
    """Indicator labels for display: the new registry's, else the old one's."""
    return {**old.indicators, **new.indicators}


# ---------------------------------------------------------------- the command


def diff_command(
    old: Annotated[str, typer.Argument(help="Older edition or version: 2020-H1, 2020-H1/v2, 2020-H1/latest.")],
    new: Annotated[str, typer.Argument(help="Newer edition or version, e.g. 2020-H2.")],
    reports_dir: Annotated[Path, typer.Option(help="Folder with the built editions.")] = REPORTS_DIR,
) -> None:
    """Show what changed between two editions or versions: periods, revisions, registries."""
    from rich.console import Console
    from rich.table import Table

    a = resolve(old, reports_dir, argument="old")
    b = resolve(new, reports_dir, argument="new")
    before, after = load_version(a), load_version(b)
    diff = diff_data(before, after)
    out = Console()
    out.print(f"[bold]Wijzigingen {diff.old} → {diff.new}[/]", highlight=False)
    out.print(summary_markdown(diff), highlight=False, soft_wrap=True)
    for caption, table in display_tables(diff, labels_of(before, after)):
        shown = Table(title=caption, title_justify="left", show_lines=False)
        shown.add_column(table.index.name or "")
        for column in table.columns:
            shown.add_column(str(column), overflow="fold")
        for label, row in table.iterrows():
            shown.add_row(str(label), *(str(v) for v in row))
        out.print(shown)
