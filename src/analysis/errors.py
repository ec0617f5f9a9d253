"""The error type for bad input from users: files, keys, records, arguments.

Anything a user can fix (a wrong parameter, a malformed YAML record, a missing
column) raises :class:`VoortgangError` with one message that names the file and
the key, record or argument. The CLI prints that message and exits with
:data:`EXIT_USAGE`; tracebacks are for bugs only. A build step that fails on
good input (a notebook raises, a renderer fails) raises :class:`BuildError`
(exit code 1), after keeping the previous report.
"""

from __future__ import annotations

#: Exit code of the CLI for bad input (as ``argparse``/``typer`` use for usage errors).
EXIT_USAGE: int = 2


class VoortgangError(ValueError):
    """Bad input that the user can fix; the message says where and what."""


class BuildError(RuntimeError):
    """A notebook or renderer failed during a build (not a user-input error; exit code 1)."""
