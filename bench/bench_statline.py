"""Benchmark: a StatLine snapshot the size of the wijken-en-buurten table, offline.

Builds a synthetic OData v3 table of ``--regions`` regions (GeoDetail, padded keys) x
``--periods`` periods x ``--topics`` numeric topics (about 2 % null cells), served in
pages of 10,000 rows by a fake opener, and times

- ``fetch``: paging, writing the snapshot files, sha256 and the atomic rename;
- ``read_snapshot``: checksum verification, JSON loading and parsing to the long frame;
- ``to_published_rows``: one mapping record filtered to gemeenten.

Run: ``.venv/bin/python bench/bench_statline.py``. Aim: a 17,341 x 100 table (the size
of 84799NED) reads in under 10 seconds.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from analysis.inputs.statline.mapping import (
    StatlineMapping,
    StatlineMappingFile,
    to_published_rows,
)
from analysis.inputs.statline.snapshot import fetch, read_snapshot

FEED = "https://opendata.cbs.nl/ODataFeed/odata/"
TABLE = "00000BEN"
PAGE = 10_000


def build_pages(regions: int, periods: int, topics: int, seed: int = 2020) -> dict[str, list[bytes]]:
    """Every endpoint as a list of JSON pages, linked with odata.nextLink."""
    rng = np.random.default_rng(seed)
    codes = [f"GM{i:04d}    " if i % 10 == 0 else f"BU{i:08d}" for i in range(regions)]
    keys = [f"{2015 + p}JJ00" for p in range(periods)]
    props = [
        {"ID": 0, "Type": "GeoDetail", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
        {"ID": 1, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
    ] + [
        {"ID": 2 + t, "Type": "Topic", "Key": f"Topic_{t}", "Title": f"Onderwerp {t}",
         "Datatype": "Long", "Unit": "aantal", "Decimals": 0}
        for t in range(topics)
    ]
    values = rng.integers(0, 5000, size=(regions * periods, topics)).astype(object)
    values[rng.random(values.shape) < 0.02] = None
    rows = []
    for i, (r, p) in enumerate((r, p) for r in range(regions) for p in range(periods)):
        row = {"ID": i, "WijkenEnBuurten": codes[r], "Perioden": keys[p]}
        row.update({f"Topic_{t}": values[i, t] for t in range(topics)})
        rows.append(row)
    endpoints = {
        "TableInfos": [{"Identifier": TABLE, "Title": "Benchmark", "Modified": "2021-03-26T02:00:00"}],
        "DataProperties": props,
        "WijkenEnBuurten": [{"Key": c, "Title": f"Regio {c.strip()}", "Description": None} for c in codes],
        "Perioden": [{"Key": k, "Title": k[:4], "Description": None, "Status": "Definitief"} for k in keys],
        "TypedDataSet": rows,
    }
    pages: dict[str, list[bytes]] = {}
    for name, all_rows in endpoints.items():
        chunks = [all_rows[i : i + PAGE] for i in range(0, max(len(all_rows), 1), PAGE)]
        out = []
        for n, chunk in enumerate(chunks):
            page = {"odata.metadata": f"{FEED}{TABLE}/$metadata#{name}", "value": chunk}
            if n + 1 < len(chunks):
                page["odata.nextLink"] = f"{FEED}{TABLE}/{name}?$format=json&$skip={(n + 1) * PAGE}"
            out.append(json.dumps(page).encode())
        pages[name] = out
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=17_341)
    parser.add_argument("--periods", type=int, default=1)
    parser.add_argument("--topics", type=int, default=100)
    args = parser.parse_args()

    pages = build_pages(args.regions, args.periods, args.topics)

    def opener(url: str, timeout: float) -> bytes:
        name = url.split(f"{TABLE}/")[1].split("?")[0]
        skip = int(url.split("$skip=")[1]) if "$skip=" in url else 0
        return pages[name][skip // PAGE]

    mapping = StatlineMappingFile(
        cbs_units={"aantal": "count"},
        mappings=[StatlineMapping(id="bench", table=TABLE, topic="Topic_0", indicator_id="bench_aantal",
                                  unit="count", breakdown_from="WijkenEnBuurten",
                                  filters={"WijkenEnBuurten": "GM*"})],
    )
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        [snap] = fetch(TABLE, out_dir=Path(tmp), date="2021-03-26", opener=opener, sleep=lambda s: None)
        t1 = time.perf_counter()
        table = read_snapshot(TABLE, root=Path(tmp))
        t2 = time.perf_counter()
        rows = to_published_rows(table, mapping)
        t3 = time.perf_counter()
        size = sum(p.stat().st_size for p in snap.iterdir()) / 2**20
    print(f"table: {args.regions} regions x {args.periods} periods x {args.topics} topics "
          f"= {len(table.data):,} cells; snapshot {size:.1f} MiB")
    print(f"fetch (fake opener, {len(pages['TypedDataSet'])} data pages): {t1 - t0:.2f} s")
    print(f"read_snapshot (sha256 + parse):      {t2 - t1:.2f} s")
    print(f"to_published_rows ({len(rows):,} rows):      {t3 - t2:.2f} s")


if __name__ == "__main__":
    main()
