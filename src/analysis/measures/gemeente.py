"""A gemeente against Nederland and its jeugdregio, from the published StatLine gemeente table (frames -> frames).

The input is :attr:`analysis.inputs.statline.gemeenten.GemeenteTable.values`:
percentages as CBS publishes them (one decimal, ``NaN`` where CBS printed ``.``).
Nothing is estimated: a difference is the difference of two published
percentages in procentpunt (``NaN`` when either is missing), and the jeugdregio
is described by the median of its gemeenten's published percentages, with how
many gemeenten had one. The median of gemeenten is not the jeugdregio's own
percentage (that would need the counts, which the table does not give); it says
where the middle gemeente of the jeugdregio lies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: Columns of :func:`gemeente_comparison`.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "topic", "year", "status", "gemeente", "nederland", "verschil", "regio_mediaan", "regio_n")


def gemeente_comparison(
    values: pd.DataFrame,
    code: str,
    national: str,
    topics: Sequence[str],
    years: Sequence[int],
    peers: Mapping[int, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Per topic and year: the gemeente, Nederland, their difference and the jeugdregio's median.

    Parameters
    ----------
    values : pandas.DataFrame
        Columns ``code``, ``year``, ``status``, ``topic``, ``value`` (%).
    code : str
        The gemeente.
    national : str
        The code of Nederland (``NL01``).
    topics : sequence of str
        Topic keys, in the order of the result.
    years : sequence of int
    peers : mapping of int to sequence of str, optional
        Per year, the gemeenten of that year that make up the gemeente's
        jeugdregio (the gemeente itself included); None: no jeugdregio.

    Returns
    -------
    pandas.DataFrame
        :data:`COMPARISON_COLUMNS`: ``gemeente`` and ``nederland`` in %,
        ``verschil`` = gemeente - Nederland in procentpunt (rounded to the
        decimals of the inputs, one; NaN when either is missing),
        ``regio_mediaan`` in % and ``regio_n`` (gemeenten with a value; 0 and
        NaN without a jeugdregio). ``status`` is Nederland's status of the year.
        A year in which the gemeente has no row gives NaN for it.
    """
    indexed = values.set_index(["code", "year", "topic"])["value"]
    status = values[values["code"] == national].drop_duplicates("year").set_index("year")["status"]
    rows = []
    for topic in topics:
        for year in years:
            mine = indexed.get((code, year, topic), np.nan)
            nl = indexed.get((national, year, topic), np.nan)
            peer_values = pd.Series([indexed.get((p, year, topic), np.nan) for p in (peers or {}).get(year, ())],
                                    dtype=float).dropna()
            rows.append({
                "topic": topic, "year": int(year), "status": str(status.get(year, "")),
                "gemeente": float(mine), "nederland": float(nl),
                "verschil": round(float(mine) - float(nl), 1) if pd.notna(mine) and pd.notna(nl) else np.nan,
                "regio_mediaan": float(peer_values.median()) if len(peer_values) else np.nan,
                "regio_n": int(len(peer_values)),
            })
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
