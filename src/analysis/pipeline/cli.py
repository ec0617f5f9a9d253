"""The ``voortgang`` console script (also ``python -m analysis``).

Every command turns a :class:`~analysis.errors.VoortgangError` into one line on
stderr and exit code 2; nothing is written in that case.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from analysis.config import DEFAULT_EDITION, FORMATS, PROJECT_ROOT, RELEASES_DIR, SCHEDULER_ENV, SYNTHETIC_DIR
from analysis.errors import EXIT_USAGE, BuildError, VoortgangError

app = typer.Typer(
    help="Analyses and reports of the voortgangsrapportages Zorg voor de Jeugd.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
kernel_app = typer.Typer(help="The project's Jupyter kernel.", no_args_is_help=True)
app.add_typer(kernel_app, name="kernel")

data_app = typer.Typer(
    help="Data: synthetic population (synthetische data) and CBS StatLine snapshots.", no_args_is_help=True
)
app.add_typer(data_app, name="data")

edition_app = typer.Typer(help="Editions: start a new one from the previous one.", no_args_is_help=True)
app.add_typer(edition_app, name="edition")
region_app = typer.Typer(help="Regions: a kenniswerkplaats's own text.", no_args_is_help=True)
app.add_typer(region_app, name="region")

err = Console(stderr=True)
console = Console()

# Lazy imports: the commands import the pipeline inside their bodies, so that
# `voortgang --help` and a bad argument answer without importing pandas, nbconvert or papermill.


@app.command()
def build(
    edition: Annotated[str, typer.Option(help="Edition to build, e.g. 2020-H1.")] = DEFAULT_EDITION,
    formats: Annotated[
        str | None,
        typer.Option(help="Comma-separated output formats (default html,docx,pdf). With --regions they are the "
                          "regional reports' formats; the national report keeps all formats."),
    ] = None,
    renderer: Annotated[str, typer.Option(help="auto (Quarto when installed), quarto or builtin.")] = "auto",
    jobs: Annotated[
        int | None, typer.Option(help="Notebooks executed at the same time (default: number of CPUs).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Execute every notebook again, ignoring the cache.")] = False,
    regions: Annotated[
        str | None,
        typer.Option(help="Also build regional reports: all, a grouping (landsdelen) or codes (JZ08,JZ12)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help=f"Dask scheduler (tcp://host:8786) whose workers execute and render; default "
                          f"${SCHEDULER_ENV}, else this machine only."),
    ] = None,
) -> None:
    """Validate parameters, execute the edition's notebooks and render the report."""
    from analysis.pipeline.build import build_edition, parse_formats

    # SIGTERM (a scheduler, `kill`) ends the build like Ctrl-C: kernels stopped, staging removed
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    national, regional = FORMATS, None
    if regions is None:
        national = parse_formats(formats or ",".join(FORMATS))
    elif formats is not None:
        regional = parse_formats(formats)
    try:
        result = build_edition(
            edition,
            national,
            regional_formats=regional,
            renderer=renderer,
            jobs=jobs,
            force=force,
            progress=err.is_terminal,
            on_progress=lambda msg: err.print(f"[dim]{msg}[/]", highlight=False),
            regions=regions,
            scheduler=scheduler,
        )
    except BuildError as exc:
        err.print("[bold red]build mislukt:[/]", highlight=False)
        for problem in str(exc).split(" | "):
            err.print(f"  {_one_line(problem)}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    from analysis.present.numbers import format_number

    console.print(f"Rapport {result.edition} ({result.renderer}, {format_number(result.seconds)} s):", highlight=False)
    for fmt, path in result.outputs.items():
        console.print(f"  {fmt:5} {path}", highlight=False, soft_wrap=True)
    if result.regional_index is not None:
        from analysis.pipeline.regional import REGION_STATUS_WORDS

        counts = ", ".join(f"{format_number(sum(r.status == s for r in result.regions))} {REGION_STATUS_WORDS[s]}"
                           for s in ("rendered", "current"))
        console.print(
            f"Regiorapportages: {counts}; overzicht {result.regional_index}",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def validate(
    edition: Annotated[str, typer.Option(help="Edition to validate, e.g. 2020-H1.")] = DEFAULT_EDITION,
) -> None:
    """Validate every file the edition reads (the first step of a build) without running anything."""
    from analysis.inputs.figures import load_edition_figures
    from analysis.pipeline.plan import validate_inputs
    from analysis.present.numbers import count_text

    spec, runs, checks = validate_inputs(edition)
    figures = load_edition_figures(spec)
    console.print(f"{edition}: {count_text(len(runs), 'hoofdstuk', 'hoofdstukken')}, {len(checks)} soorten invoer "
                  f"in orde; {count_text(len(figures.figures), 'cijfer', 'cijfers')} uit "
                  f"{count_text(len(figures.sources), 'bron', 'bronnen')}, "
                  f"{count_text(len(figures.conflicts), 'verschil', 'verschillen')} tussen bronnen.",
                  highlight=False)


@kernel_app.command("install")
def kernel_install() -> None:
    """Register the project kernelspec inside the current venv."""
    from analysis.pipeline.kernel import install_kernelspec

    console.print(f"kernelspec installed in {install_kernelspec()}")


@data_app.command("synth")
def synth(
    persons: Annotated[int, typer.Option("--persons", help="Number of persons (aged 0-22 in some year).")],
    years: Annotated[str, typer.Option("--years", help="Observation years, e.g. 2015-2019.")] = "2015-2019",
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives identical files.")] = 0,
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = SYNTHETIC_DIR,
) -> None:
    """Write a calibrated synthetic population (synthetische data) as parquet files."""
    from analysis.inputs.files import inside_data
    from analysis.inputs.synthetic import generate, parse_years
    from analysis.present.numbers import format_number

    out = inside_data(out, "argument '--out'")
    span = parse_years(years)
    started = time.perf_counter()
    manifest = generate(persons, span, seed, out)
    seconds = time.perf_counter() - started
    rows = ", ".join(f"{name.removesuffix('.parquet')} {format_number(info['rows'])}"
                     for name, info in manifest["files"].items())
    console.print(f"synthetische data: {format_number(persons)} personen, {span[0]}-{span[1]}, seed {seed} -> {out} "
                  f"({format_number(seconds, 1)} s)")
    console.print(rows, highlight=False)


@data_app.command("prepare")
def prepare_command(
    edition: Annotated[str, typer.Option(help="Edition whose data to make, e.g. 2020-H1.")] = DEFAULT_EDITION,
) -> None:
    """Make what the edition's notebooks read (synthetic data, count tables per region), when missing or stale.

    `make lab` runs it.
    """
    from analysis.inputs.editions import load_edition
    from analysis.pipeline.build import prepare_data

    prepare_data(load_edition(edition), lambda msg: console.print(msg, highlight=False, soft_wrap=True))


@data_app.command("gemeenten")
def gemeenten_command(
    edition: Annotated[str, typer.Option(help="Edition whose gemeente table to make or check.")] = "2024-H1",
) -> None:
    """Make the edition's synthetic gemeente table (when it asks for one and it is missing) and check the table.

    A real table is fetched with `voortgang data fetch <table> --date <snapshot>`; either way the table is then
    checked against the gemeenten of each year (data/reference/gemeente_herindelingen.csv).
    """
    from analysis.inputs.editions import edition_year, load_edition
    from analysis.inputs.gemeenten import indeling
    from analysis.inputs.statline.gemeenten import load_gemeente_table
    from analysis.inputs.synthetic.gemeente_table import ensure_gemeente_table
    from analysis.present.numbers import format_number

    spec = load_edition(edition)
    gemeenten = spec.regions.gemeenten if spec.regions is not None else None
    if gemeenten is None:
        raise VoortgangError(f"params/editions/{edition}.yaml: no 'regions.gemeenten' section (gemeente reports)")
    if ensure_gemeente_table(gemeenten):
        console.print(f"synthetische gemeentetabel gemaakt: {gemeenten.tabel} ({gemeenten.snapshot}), "
                      f"seed {gemeenten.seed}", highlight=False)
    table = load_gemeente_table(gemeenten)
    mark = " (synthetische data)" if table.synthetic else ""
    year = edition_year(spec)
    console.print(f"gemeentetabel in orde: {table.table_id} ({table.snapshot}), jaren "
                  f"{', '.join(map(str, gemeenten.jaren))}; {format_number(len(indeling().gemeenten(year)))} "
                  f"gemeenten op 1 januari {year}{mark}", highlight=False, soft_wrap=True)


@data_app.command("fetch")
def fetch_command(
    table_ids: Annotated[list[str], typer.Argument(help="StatLine table id(s), e.g. 84799NED.", show_default=False)],
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Snapshot root (default data/raw/statline).")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="Snapshot date YYYY-MM-DD (default today).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 60.0,
    retries: Annotated[int, typer.Option("--retries", help="Attempts per page.")] = 3,
) -> None:
    """Download StatLine tables (OData v3) into new dated snapshots under data/raw/statline/."""
    from analysis.inputs.statline.snapshot import fetch

    for path in fetch(table_ids, out_dir=out_dir, date=date, timeout=timeout, retries=retries):
        typer.echo(f"snapshot written: {path}")


@data_app.command("counts")
def counts_command(
    path: Annotated[Path, typer.Argument(help="Count table (CSV) to check, or to write with --from-microdata.")],
    from_microdata: Annotated[
        Path | None, typer.Option("--from-microdata", help="Write the table from this person-level folder in data/.")
    ] = None,
) -> None:
    """Check a stratified count table (outcome indicators), or write one from person-level data.

    A region that shares counts instead of person records makes the table inside
    its own environment (``--from-microdata``), protects it as CBS requires, and
    checks it with this command; a bad value is one line naming file, row and
    column, with exit code 2.
    """
    from analysis.inputs.aggregates import SYNTHETIC_COLUMN, counts_are_synthetic, load_counts
    from analysis.present.numbers import format_number

    if from_microdata is not None:
        from analysis.inputs.files import inside_data
        from analysis.inputs.microdata.load import load_microdata
        from analysis.measures.outcomes import outcome_counts

        tables = load_microdata(inside_data(from_microdata, "argument '--from-microdata'"))
        # unprotected counts of person records stay inside data/, as the records themselves
        path = inside_data(path, "argument 'path'")
        counts = outcome_counts(tables)
        if tables.synthetic:  # the table says so itself, and so does every report made from it
            counts[SYNTHETIC_COLUMN] = "ja"
        counts.to_csv(path, index=False)
    frame = load_counts(path)
    mark = " (synthetische data)" if counts_are_synthetic(path) else ""
    console.print(f"telling in orde: {format_number(len(frame))} rijen, {frame['jeugdregio'].nunique()} "
                  f"jeugdregio's, {frame['period'].nunique()} halfjaren{mark}", highlight=False)


@edition_app.command("new")
def edition_new(
    name: Annotated[str, typer.Argument(help="The new edition, e.g. 2024-H2.", show_default=False)],
    source: Annotated[str, typer.Option("--from", help="The edition to start from, e.g. 2024-H1.", show_default=False)],
) -> None:
    """Make a new edition from an existing one: copy its files, name the new edition in them, validate."""
    from analysis.pipeline.scaffold import new_edition
    from analysis.present.numbers import format_number

    made = new_edition(name, source)
    console.print(f"editie {name} gemaakt vanuit {source}:", highlight=False)
    for path in made.written:
        console.print(f"  {path.relative_to(PROJECT_ROOT)}", highlight=False, soft_wrap=True)
    if made.previous:
        console.print(f"Hoofdstukken die wijzigingen tonen, vergelijken met {made.previous}.", highlight=False)
    else:
        console.print(f"{source} heeft nog geen uitgebrachte versie: zet `previous: {source}` (parameters) zodra "
                      f"die er is.", highlight=False, soft_wrap=True)
    if made.texts_left_out:
        console.print(f"Niet overgenomen: {format_number(made.texts_left_out)} eigen tekst(en) van {source} "
                      f"(params/tekst/{source}/); schrijf nieuwe in params/tekst/{name}/.", highlight=False,
                      soft_wrap=True)
    console.print(f"Nog te doen: subtitle invullen; title, date, years en sources nakijken in "
                  f"params/editions/{name}.yaml.", highlight=False, soft_wrap=True)
    console.print(f"Bouwen: voortgang build --edition {name}   (of: make report EDITION={name})", highlight=False)


@region_app.command("init")
def region_init(
    code: Annotated[str, typer.Argument(help="Region code: a jeugdregio (JZ14) or a group code.", show_default=False)],
    edition: Annotated[str, typer.Option(help="Edition of the report, e.g. 2020-H1.")] = DEFAULT_EDITION,
) -> None:
    """Create the region's own text file (params/tekst/<edition>/regio-<code>.md) and print the build command."""
    from analysis.pipeline.scaffold import init_region

    region, path = init_region(code, edition)
    console.print(f"eigen tekst voor {region.naam} ({region.code}): {path.relative_to(PROJECT_ROOT)}",
                  highlight=False, soft_wrap=True)
    console.print(f"Bouwen: voortgang build --edition {edition} --regions {region.code}", highlight=False)
    console.print(f"Rapport: reports/{edition}/regio/{region.code}/index.html", highlight=False)


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="Older edition or version: 2020-H1, 2020-H1/v2, 2020-H1/latest.")],
    new: Annotated[str, typer.Argument(help="Newer edition or version, e.g. 2020-H2.")],
    releases_dir: Annotated[Path, typer.Option(help="Folder with the released editions.")] = RELEASES_DIR,
) -> None:
    """Show what changed between two editions or versions: periods, revisions, registries."""
    from rich.table import Table

    from analysis.inputs.releases import load_version, resolve
    from analysis.measures.revisions import diff_data
    from analysis.present.revisions import display_tables, labels_of, summary_markdown

    a = resolve(old, releases_dir, argument="old")
    b = resolve(new, releases_dir, argument="new")
    before, after = load_version(a), load_version(b)
    diff = diff_data(before, after)
    console.print(f"[bold]Wijzigingen {diff.old} → {diff.new}[/]", highlight=False)
    console.print(summary_markdown(diff), highlight=False, soft_wrap=True)
    for caption, table in display_tables(diff, labels_of(before, after)):
        shown = Table(title=caption, title_justify="left", show_lines=False)
        shown.add_column(table.index.name or "")
        for column in table.columns:
            shown.add_column(str(column), overflow="fold")
        for label, row in table.iterrows():
            shown.add_row(str(label), *(str(v) for v in row))
        console.print(shown)


def _one_line(text: str, limit: int = 400) -> str:
    """A message as one line of at most ``limit`` characters (a message is never a dump)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def main() -> None:
    """Entry point: run the app, mapping user errors to exit code 2 and file-system failures to exit 1.

    A full disk, a read-only folder or a refused write is one line naming the
    file, with exit code 1 (the build keeps the previous report: nothing is
    published until it is complete).
    """
    try:
        app()
    except VoortgangError as exc:
        err.print(f"[bold red]fout:[/] {_one_line(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        what = exc.strerror or type(exc).__name__
        where = f": {_one_line(str(exc.filename), 200)}" if exc.filename else ""
        err.print(f"[bold red]build mislukt:[/] {what}{where}; het vorige rapport is behouden",
                  highlight=False, soft_wrap=True)
        sys.exit(1)
