"""The ``voortgang`` console script (also ``python -m analysis``).

Every command turns a :class:`~analysis.errors.VoortgangError` into one line on
stderr and exit code 2; nothing is written in that case.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from analysis.config import DEFAULT_EDITION
from analysis.diff import diff_command
from analysis.errors import EXIT_USAGE, VoortgangError
from analysis.microdata.cli import synth as synth_command
from analysis.statline.command import fetch_command

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
data_app.command("synth")(synth_command)
data_app.command("fetch")(fetch_command)
app.command("diff")(diff_command)

err = Console(stderr=True)
out = Console()


@app.command()
def build(
    edition: Annotated[str, typer.Option(help="Edition to build, e.g. 2020-H1.")] = DEFAULT_EDITION,
    formats: Annotated[str, typer.Option(help="Comma-separated output formats.")] = "html,docx,pdf",
    renderer: Annotated[str, typer.Option(help="auto (Quarto when installed), quarto or builtin.")] = "auto",
    jobs: Annotated[int | None, typer.Option(help="Notebooks executed at the same time (default: number of CPUs).")] = None,
    force: Annotated[bool, typer.Option(help="Execute every notebook again, ignoring the cache.")] = False,
    regions: Annotated[
        str | None,
        typer.Option(help="Also build regional reports: all, a grouping (landsdelen) or codes (JZ08,JZ12)."),
    ] = None,
) -> None:
    """Validate parameters, execute the edition's notebooks and render the report."""
    from analysis.build import BuildError, build_edition, parse_formats

    try:
        result = build_edition(
            edition,
            parse_formats(formats),
            renderer=renderer,
            jobs=jobs,
            force=force,
            progress=err.is_terminal,
            on_progress=lambda msg: err.print(f"[dim]{msg}[/]", highlight=False),
            regions=regions,
        )
    except BuildError as exc:
        err.print("[bold red]build mislukt:[/]", highlight=False)
        for problem in str(exc).split(" | "):
            err.print(f"  {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(f"Rapport {result.edition} ({result.renderer}, {result.seconds:.0f} s):", highlight=False)
    for fmt, path in result.outputs.items():
        out.print(f"  {fmt:5} {path}", highlight=False, soft_wrap=True)
    if result.regional_index is not None:
        counts = {s: sum(r.status == s for r in result.regions) for s in ("rendered", "current")}
        out.print(
            f"Regiorapportages: {counts['rendered']} gebouwd, {counts['current']} ongewijzigd; "
            f"overzicht {result.regional_index}",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def validate(
    edition: Annotated[str, typer.Option(help="Edition to validate, e.g. 2020-H1.")] = DEFAULT_EDITION,
) -> None:
    """Validate the edition's parameters and registries without running anything."""
    from analysis.editions import load_edition, plan_chapters

    runs = plan_chapters(load_edition(edition))
    out.print(f"{edition}: {len(runs)} hoofdstukken, parameters in orde.", highlight=False)


@kernel_app.command("install")
def kernel_install() -> None:
    """Register the project kernelspec inside the current venv."""
    from analysis.kernel import install_kernelspec

    out.print(f"kernelspec installed in {install_kernelspec()}")


def main() -> None:
    """Entry point: run the app, mapping user errors to exit code 2."""
    try:
        app()
    except VoortgangError as exc:
        err.print(f"[bold red]fout:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USAGE)
