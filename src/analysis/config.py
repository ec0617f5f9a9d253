"""Paths and project-wide constants: the one place for each of these facts.

Every path in the package is built from :data:`PROJECT_ROOT`. With the editable
install that ``make`` performs, the root is found from this file's location; set
``VOORTGANG_ROOT`` to point a non-editable install (for example inside the CBS
Remote Access environment) at a checkout of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT: Path = Path(
    os.environ.get("VOORTGANG_ROOT", Path(__file__).resolve().parents[2])
).resolve()

PARAMS_DIR: Path = PROJECT_ROOT / "params"
EDITIONS_DIR: Path = PARAMS_DIR / "editions"
INDICATOR_REGISTRY: Path = PARAMS_DIR / "indicators.yaml"
#: Thresholds of the disclosure-control gate (analysis.disclosure).
DISCLOSURE_PARAMS: Path = PARAMS_DIR / "disclosure.yaml"
#: Thresholds that steer conclusions: change words, significance, pattern flags.
ANALYSIS_PARAMS: Path = PARAMS_DIR / "analysis.yaml"

DATA_DIR: Path = PROJECT_ROOT / "data"
PUBLISHED_DIR: Path = DATA_DIR / "published"
#: Curated figures of the 4th voortgangsrapportage (mei 2020), one tidy long table.
PUBLISHED_FIGURES: Path = PUBLISHED_DIR / "vgr4_2020-05.csv"
PUBLISHED_README: Path = PUBLISHED_DIR / "README.md"
#: Source records (provenance) of every published figure: ``analysis.inputs.sources``.
PUBLISHED_SOURCES: Path = PUBLISHED_DIR / "sources.yaml"
REFERENCE_DIR: Path = DATA_DIR / "reference"
RAW_DIR: Path = DATA_DIR / "raw"
SYNTHETIC_DIR: Path = DATA_DIR / "synthetic"
#: Count tables derived from person-level data for the regional reports (the national pass of
#: a build, ``analysis.inputs.region_counts``): never published as such, never in git.
DERIVED_DIR: Path = DATA_DIR / "afgeleid"
#: Dated CBS StatLine snapshots, ``<table>/<YYYY-MM-DD>/``: written once by
#: ``voortgang data fetch``, never edited afterwards (see ``data/raw/README.md``).
STATLINE_DIR: Path = RAW_DIR / "statline"
#: Mapping of StatLine tables/topics to indicators of the registry.
STATLINE_MAPPING: Path = PARAMS_DIR / "statline.yaml"
#: Registries of the evaluatieagenda (knowledge questions) and the mijlpalen.
EVALUATIEAGENDA: Path = PARAMS_DIR / "evaluatieagenda.yaml"
MIJLPALEN: Path = PARAMS_DIR / "mijlpalen.yaml"
#: How to cite the project and its reports (Citation File Format): publisher, contact and licence of
#: every report's colofon.
CITATION_FILE: Path = PROJECT_ROOT / "CITATION.cff"
#: Registries of the Hervormingsagenda's learning loop: maatregelen with their monitoring, the
#: implementatieagenda, aanbevelingen followed over editions, and the leercycli with their knelpunten.
MAATREGELEN: Path = PARAMS_DIR / "maatregelen.yaml"
IMPLEMENTATIEAGENDA: Path = PARAMS_DIR / "implementatieagenda.yaml"
AANBEVELINGEN: Path = PARAMS_DIR / "aanbevelingen.yaml"
LEERCYCLI: Path = PARAMS_DIR / "leercycli.yaml"

#: CBS open-data OData v3 root. The bulk *feed* (not ``ODataApi``, which stops at
#: 10,000 rows) pages large tables with ``odata.nextLink``; it is the root the
#: reference client ``cbsodata`` downloads from. A table lives at ``<root><table>/``.
STATLINE_ODATA_URL: str = "https://opendata.cbs.nl/ODataFeed/odata/"

#: Edition of each voortgangsrapportage (VGR n) of Zorg voor de Jeugd: VGR 1 was
#: published in November 2018, VGR 4 in May 2020 (seed 001, Mijlpalenoverzicht).
VGR_EDITIONS: dict[int, str] = {1: "2018-H2", 2: "2019-H1", 3: "2019-H2", 4: "2020-H1"}

NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
#: Built reports: disposable (``make clean-reports`` deletes them, ``make report`` rebuilds them).
REPORTS_DIR: Path = PROJECT_ROOT / "reports"
#: Released versions of each edition, ``<edition>/vN`` and ``latest``: kept, outside
#: anything a clean target deletes (the previous edition a chapter compares with lives here).
RELEASES_DIR: Path = PROJECT_ROOT / "releases"
#: Output formats of a report, in the order they are written (both renderers).
FORMATS: tuple[str, ...] = ("html", "docx", "pdf")
QUARTO_TEMPLATE: Path = PROJECT_ROOT / "_quarto.yml"
#: House-style templates of the built-in renderer (CSS, typst, nbconvert, Lua, colours).
#: Package data, so it is found next to the installed package, not the checkout.
TEMPLATES_DIR: Path = Path(__file__).resolve().parent / "templates"
CURATION_SCRIPT: Path = PROJECT_ROOT / "scripts" / "curate_published.py"

#: Read-only source material beside the repository: the OCR text of the seed reports
#: and the figures extracted from them (``VOORTGANG_SHARED`` overrides the location).
SHARED_DIR: Path = Path(os.environ.get("VOORTGANG_SHARED", PROJECT_ROOT.parent / "shared")).resolve()
SEED_VGR4_TEXT: Path = SHARED_DIR / "seeds" / "001_a366937519f87aa1.txt"
SEED_VGR4_FIGURES: Path = SHARED_DIR / "reference" / "seed001_figures.csv"

#: Name of the Jupyter kernelspec registered inside the project's venv. papermill
#: is always given this name explicitly (never the ambiguous ``python3``).
KERNEL_NAME: str = "voortgang"
KERNEL_DISPLAY_NAME: str = "Python (voortgang)"

#: Edition that ``make report`` and ``voortgang build`` use without ``--edition``.
DEFAULT_EDITION: str = "2020-H1"

#: Age groups of the CBS jeugdhulp tables (AL2), by label: ``(lowest, highest)`` completed
#: years of age, both inclusive. CBS writes the groups as "0 tot 4 jaar", "4 tot 12 jaar",
#: "12 tot 18 jaar" and "18 tot 23 jaar": the label "0-4" means ages 0 up to and
#: including 3, "4-12" ages 4-11, "12-18" ages 12-17 and "18-23" ages 18-22.
AGE_GROUPS: dict[str, tuple[int, int]] = {"0-4": (0, 3), "4-12": (4, 11), "12-18": (12, 17), "18-23": (18, 22)}
#: The age groups of young people under 18 (the jeugdhulp population of the prevalence figures).
YOUTH_AGE_GROUPS: dict[str, tuple[int, int]] = {k: v for k, v in AGE_GROUPS.items() if v[1] < 18}

#: CBS status of a figure, from least to most final (StatLine ``Perioden.Status``).
STATUSES: tuple[str, ...] = ("voorlopig", "nader voorlopig", "definitief")

#: Printed for a missing or suppressed value (CBS symbol "gegevens ontbreken").
MISSING_SYMBOL: str = "."
#: Output-metadata key of the disclosure marker: written by ``analysis.present.display``
#: into the executed notebook, read by the build's gate (``analysis.pipeline.gate``).
MARKER: str = "voortgang"

# --- person-level microdata and regions (analysis.inputs.microdata, analysis.inputs.regions) ---
#: The 42 jeugdregio's (code, naam), the gemeenten of 1 January 2020 and the
#: project's jeugdregio -> landsdeel grouping; sources in ``data/reference/README.md``.
JEUGDREGIOS_CSV: Path = REFERENCE_DIR / "jeugdregios.csv"
GEMEENTEN_CSV: Path = REFERENCE_DIR / "gemeenten_2020.csv"
JEUGDREGIO_LANDSDEEL_CSV: Path = REFERENCE_DIR / "jeugdregio_landsdeel.csv"
#: Gemeentelijke herindelingen since 1 January 2020, one row per gemeente that changes, each with its
#: source: with the 2020 list they give the gemeenten of every later year (``analysis.inputs.gemeenten``).
HERINDELINGEN_CSV: Path = REFERENCE_DIR / "gemeente_herindelingen.csv"
#: Synthetic StatLine snapshots (``<table>/<YYYY-MM-DD>/``, the layout of :data:`STATLINE_DIR`), made by
#: ``voortgang data gemeenten`` or the build for an edition whose gemeente table is synthetic.
SYNTHETIC_STATLINE_DIR: Path = SYNTHETIC_DIR / "statline"
#: Default mapping of CBS Remote Access files/variables onto the microdata schema.
MICRODATA_MAPPING: Path = PARAMS_DIR / "microdata_mapping.yaml"
#: Calibration targets and parameters of the synthetic population.
SYNTH_PARAMS: Path = PARAMS_DIR / "synth.yaml"

# --- notebook execution engine (analysis.pipeline.execution) ---
#: One JSON entry per executed notebook (``<output_id>.json``: cache key and the
#: hash of the executed notebook); an execution is skipped while its key matches.
CACHE_DIR: Path = PROJECT_ROOT / ".cache" / "executions"
#: Environment variable with the address of a Dask scheduler (``tcp://host:8786``): a build then runs its
#: executions and renders on that cluster (``voortgang build --scheduler`` overrides it).
SCHEDULER_ENV: str = "VOORTGANG_SCHEDULER"
#: Seconds a build waits for the Dask scheduler to answer, and for its first worker.
SCHEDULER_TIMEOUT_SECONDS: int = 10
#: A notebook cell that runs longer than this many seconds fails its execution
#: (the kernel is then restarted); a hang never blocks a build.
CELL_TIMEOUT_SECONDS: int = 1800

#: Content of a programme that its editions share, one folder each (``<naam>/``): the
#: programme's framing and themes, the Kernindicatoren selection, headline lines and
#: factsheets (``analysis.inputs.programme``). An edition names its folder (``inhoud``).
CONTENT_DIR: Path = PARAMS_DIR / "inhoud"
#: The files of a content folder, by role.
PROGRAMME_FILE = "programma.yaml"
KERN_SELECTION_FILE = "kernindicatoren.yaml"
HEADLINES_FILE = "in_cijfers.yaml"
FACTSHEETS_FILE = "factsheets.yaml"
#: Researchers' own texts per edition: ``<edition>/<chapter>.md`` (placed above generated
#: findings) and ``<edition>/kanttekeningen.yaml`` (the edition's caveats per indicator).
TEKST_DIR: Path = PARAMS_DIR / "tekst"
CAVEATS_FILE = "kanttekeningen.yaml"
#: Begrippenlijst (glossary) printed in the appendix.
GLOSSARY: Path = PARAMS_DIR / "glossary.yaml"
# --- limits of what the inputs layer reads (analysis.inputs.files, analysis.inputs.yamlio) ---
#: Largest YAML file read (bytes); the largest registry, mijlpalen.yaml, is about 73 KB.
MAX_YAML_BYTES: int = 2 * 1024 * 1024
#: Most values a YAML document may hold with every alias expanded (nested anchors are refused above it).
MAX_YAML_NODES: int = 200_000
#: Largest researchers' text (``params/tekst/...md``) and reference or grouping CSV read (bytes).
MAX_TEXT_BYTES: int = 1024 * 1024
#: Size limit of a stratified count table (analysis.inputs.aggregates): 42 regions x 20 half-years x 16 strata
#: x 4 outcomes is about 54,000 rows of some 60 bytes.
MAX_AGGREGATE_BYTES: int = 16 * 1024 * 1024
#: Largest notebook read when checking its parameters cell (bytes; ours are about 1 KB without outputs).
MAX_NOTEBOOK_BYTES: int = 16 * 1024 * 1024

# --- the floor of the disclosure gate (analysis.inputs.disclosure_settings) ---
#: The CBS output rules for microdata: at least this many persons behind a published count ...
CBS_MIN_COUNT: int = 10
#: ... and counts rounded to a multiple of this. Lower settings need a logged "CBS-akkoord".
CBS_ROUNDING_BASE: int = 5
#: One empty file per running kernel, ``<build pid>-<kernel pid>``: a build killed with SIGKILL cannot
#: stop its kernels, so the next build stops those whose build is gone (analysis.pipeline.execution.orphans).
KERNEL_RECORDS_DIR: Path = PROJECT_ROOT / ".cache" / "kernels"
