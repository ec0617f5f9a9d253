"""What changed between two editions, in Dutch: tables of strings and one summary sentence.

For the terminal (``voortgang diff``) and the chapter "Wijzigingen"; the
changes themselves are :mod:`analysis.measures.revisions`. A revision of a
percentage is in procentpunt, a relative revision in %."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.inputs.releases import EditionData
from analysis.measures.revisions import EditionDiff
from analysis.present.numbers import (
    count_text,
    decimals_of,
    format_change_pct,
    format_revision,
    format_value,
)
from analysis.present.wording import join_dutch


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
    """Indicatoren toegevoegd of verwijderd (in het register of in de cijfers van de editie)."""
    return pd.DataFrame({"Naam": frame["label"].to_numpy(), "Wijziging": frame["wijziging"].to_numpy()},
                        index=pd.Index(frame["id"].to_numpy(), name="Indicator"))


def agenda_changes_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Wijzigingen in de evaluatieagenda (from :func:`analysis.measures.agenda.agenda_changes`)."""
    return pd.DataFrame(
        {"Kennisvraag": frame["vraag"].to_numpy(), "Wijziging": frame["wijziging"].to_numpy(),
         "Status (oud)": [_or_dot(v) for v in frame["status_oud"]],
         "Status (nieuw)": [_or_dot(v) for v in frame["status_nieuw"]]},
        index=pd.Index(frame["id"].to_numpy(), name="Nr."),
    )


def mijlpalen_changes_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Wijzigingen in de mijlpalen (from :func:`analysis.measures.agenda.mijlpalen_changes`)."""
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
        out.append(("Indicatoren toegevoegd of verwijderd", indicators_table(diff.indicators)))
    if not diff.agenda.empty:
        out.append(("Wijzigingen in de evaluatieagenda", agenda_changes_table(diff.agenda)))
    if not diff.mijlpalen.empty:
        out.append(("Wijzigingen in de mijlpalen", mijlpalen_changes_table(diff.mijlpalen)))
    return out


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
            (len(diff.new_periods), f"{count_text(len(diff.new_periods), 'nieuw cijfer', 'nieuwe cijfers')} in "
                                    f"{count_text(series, 'reeks', 'reeksen')}"),
            (value_revised, count_text(value_revised, "herzien cijfer", "herziene cijfers")),
            (final, f"{count_text(final, 'cijfer', 'cijfers')} van voorlopig naar definitief"),
            (len(diff.removed_periods), count_text(len(diff.removed_periods), "vervallen cijfer", "vervallen cijfers")),
            (added, f"{count_text(added, 'indicator', 'indicatoren')} toegevoegd"),
            (dropped, f"{count_text(dropped, 'indicator', 'indicatoren')} verwijderd"),
            (len(diff.agenda), f"{count_text(len(diff.agenda), 'wijziging', 'wijzigingen')} in de evaluatieagenda"),
            (len(diff.mijlpalen), f"{count_text(len(diff.mijlpalen), 'wijziging', 'wijzigingen')} in de mijlpalen"),
        )
        if n
    ]
    rounded = (f" {count_text(len(diff.rounding), 'cijfer is', 'cijfers zijn')} alleen anders afgerond "
               "(geen herziening)." if len(diff.rounding) else "")
    return f"Ten opzichte van {diff.old}: {join_dutch(parts)}.{rounded}"


def labels_of(old: EditionData, new: EditionData) -> dict[str, str]:
    """Indicator labels for display: the new registry's, else the old one's."""
    return {**old.indicators, **new.indicators}
