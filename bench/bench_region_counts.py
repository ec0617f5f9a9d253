"""Benchmark: the national pass and the cost of one regional chapter, by population size.

For each population size: generate a synthetic population into a temporary folder (not
timed), run the national pass (load with validation, count every region: wall, CPU,
peak RSS of this process), then build the regional chapters of five regions of
different size in this process (CPU seconds of ``build()`` each: reading the count
tables, the statistics, the disclosure gate, drawing the figures; and for the regional
chapter the data part alone, everything but the figures). Since the regional
chapters read count tables, never person records, their cost should not grow with the
population.

Usage (figures go into BENCHMARKS.md by hand)::

    .venv/bin/python bench/bench_region_counts.py --persons 200000 5000000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import warnings
from pathlib import Path

from analysis.chapters import patronen, regio, uitkomsten
from analysis.inputs.analysis_settings import load_analysis_settings
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.groupings import find_region, region_catalogue
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.region_counts import counts_dir, read_region_counts, write_region_counts
from analysis.inputs.synthetic.write import generate
from analysis.measures.region_counts import region_counts

EDITION = "2020-H1"
#: A large and a small jeugdregio, a landsdeel and two expertisenetwerken.
REGIONS = ("JZ29", "JZ42", "LD03", "BEN07", "BEN05")


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # kB on Linux


def one_size(persons: int, root: Path) -> None:
    edition = load_edition(EDITION)
    spec = edition.synthetic
    data = root / f"pop-{persons}"
    years = tuple(int(y) for y in spec.years.split("-"))
    generate(persons, years, spec.seed, data)
    regional = {c.output_id: c.parameters for c in edition.regions.chapters}
    t0, c0 = time.perf_counter(), cpu()
    tables = load_microdata(data)
    t1, c1 = time.perf_counter(), cpu()
    counts = region_counts(tables, edition.years, source=str(data))
    write_region_counts(counts_dir(EDITION, str(data)), counts, key="bench")
    t2, c2 = time.perf_counter(), cpu()
    del tables
    print(f"\n{persons:,} persons: national pass load+validate {t1 - t0:.1f} s wall / {c1 - c0:.1f} CPU s, "
          f"count every region {t2 - t1:.1f} s / {c2 - c1:.1f} CPU s; peak RSS so far {peak_gb():.2f} GB")
    print("| region | regio: data (read, statistics, gate) | regio | patronen | uitkomsten |\n"
          "|---|---:|---:|---:|---:|")
    catalogue = region_catalogue(edition)
    settings, analysis = load_disclosure_settings(), load_analysis_settings()
    a = regional["regio"]
    with warnings.catch_warnings():  # first use: imports, font cache (not timed)
        warnings.simplefilter("ignore")
        regio.build(EDITION, REGIONS[0], str(data), a["cohort_a_years"], a["cohort_b_years"])
    for code in REGIONS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cd = cpu()
            report = regio.region_report(read_region_counts(EDITION, str(data)), find_region(code, catalogue),
                                         catalogue, edition.years, a["cohort_a_years"], a["cohort_b_years"],
                                         settings, analysis)
            c0 = cpu()
            assert report.has_persons
            regio.build(EDITION, code, str(data), a["cohort_a_years"], a["cohort_b_years"])
            c1 = cpu()
            patronen.build(EDITION, str(data), regional["patronen"]["cmh_years"], "jeugdregio", code)
            c2 = cpu()
            uitkomsten.build(EDITION, microdata=str(data), region=code)
            c3 = cpu()
        print(f"| {code} | {c0 - cd:.2f} | {c1 - c0:.2f} | {c2 - c1:.2f} | {c3 - c2:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[200_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-counts-") as tmp:
        for persons in args.persons:
            one_size(persons, Path(tmp))


if __name__ == "__main__":
    main()
