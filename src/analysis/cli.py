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
from analysis.errors import EXIT_USAGE, VoortgangError

app = typer.Typer(
    help="Analyses and reports of the voortgangsrapportages Zorg voor de Jeugd.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
kernel_app = typer.Typer(help="The project's Jupyter kernel.", no_args_is_help=True)
app.add_typer(kernel_app, name="kernel")

err = Console(stderr=True)
out = Console()


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
