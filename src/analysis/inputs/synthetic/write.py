"""Writing the synthetic population: chunk by chunk, deterministic, atomic, with its manifest.

:func:`generate` writes one parquet file per schema table into a temporary
folder beside the target and swaps it in only when every chunk succeeded (a
failure keeps the previous output); :func:`ensure_synthetic` makes the
population an edition names when it is missing. Every file carries the
key-value metadata ``voortgang.synthetic = true``."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import VoortgangError
from analysis.inputs.files import display_path
from analysis.inputs.microdata.load import SYNTHETIC_MANIFEST
from analysis.inputs.microdata.schema import TABLES
from analysis.inputs.synthetic.generate import generate_chunk
from analysis.inputs.synthetic.params import SYNTHETIC_KEY, SynthParams, load_params

# --------------------------------------------------------------------------- writing


def arrow_schema(table: str) -> pa.Schema:
    """The parquet/arrow schema of a table (with the synthetic-data marker)."""
    fields = []
    for col in TABLES[table].columns:
        if col.kind == "id":
            typ = pa.int64()
        elif col.kind == "year":
            typ = pa.int16()
        elif col.kind in ("date", "month"):
            typ = pa.timestamp("s")
        elif col.kind == "code":
            typ = pa.dictionary(pa.int8(), pa.string())
        elif col.kind == "text":
            typ = pa.string()
        else:
            typ = pa.bool_()
        fields.append(pa.field(col.name, typ, nullable=col.nullable))
    return pa.schema(fields, metadata={SYNTHETIC_KEY: b"true"})


def _check_args(n_persons: int, years: tuple[int, int], seed: int) -> None:
    if not isinstance(n_persons, (int, np.integer)) or isinstance(n_persons, bool) or n_persons <= 0:
        raise VoortgangError(f"--persons {n_persons!r}: expected a positive whole number")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise VoortgangError(f"--seed {seed!r}: expected a whole number >= 0")
    first, last = years
    if not 1990 <= first <= last <= 2100:
        raise VoortgangError(f"--years {first}-{last}: expected first <= last, between 1990 and 2100")


def _prepare_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise VoortgangError(f"--out {display_path(out)}: exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VoortgangError(f"--out {display_path(out)}: cannot create the directory ({exc.strerror})") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise VoortgangError(f"--out {display_path(out)}: not writable")


def generate(
    n_persons: int,
    years: tuple[int, int],
    seed: int,
    out: Path,
    params: SynthParams | None = None,
) -> dict:
    """Generate the synthetic population and write it to ``out`` (atomically).

    Parameters
    ----------
    n_persons : int
        Number of persons (all ages 0-22 in some observation year).
    years : (int, int)
        First and last observation year.
    seed : int
        Seed of ``numpy.random.SeedSequence``; the same arguments give
        byte-identical files.
    out : Path
        Directory for ``<table>.parquet`` and ``synthetic.json``. The files are
        first written into a temporary directory inside ``out`` and moved into
        place only when all are complete, so a failed run leaves the previous
        output as it was.
    params : SynthParams, optional
        Default: :func:`load_params`.

    Returns
    -------
    dict
        The manifest written to ``synthetic.json`` (arguments, row counts, bytes).

    Raises
    ------
    VoortgangError
        For bad arguments or an ``out`` that cannot be written (naming the argument).
    """
    _check_args(n_persons, years, seed)
    params = params or load_params()
    out = Path(out)
    _prepare_out(out)
    tmp = Path(tempfile.mkdtemp(prefix=".synth-", dir=out))
    try:
        rows = _write_all(n_persons, years, seed, params, tmp)
        manifest = {
            "synthetic": True,
            "notice": "synthetische data - geen echte personen",
            "persons": int(n_persons),
            "years": list(years),
            "seed": int(seed),
            "chunk_size": params.chunk_size,
            "params_sha256": _params_hash(params),
            "files": {
                f"{t}.parquet": {"rows": rows[t], "bytes": (tmp / f"{t}.parquet").stat().st_size} for t in TABLES
            },
        }
        (tmp / SYNTHETIC_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        # The loader refuses files that do not match the manifest, so a crash between
        # these renames is detected rather than read as a mixed dataset.
        old_manifest = out / SYNTHETIC_MANIFEST
        if old_manifest.exists():
            old_manifest.unlink()
        for t in TABLES:
            os.replace(tmp / f"{t}.parquet", out / f"{t}.parquet")
        os.replace(tmp / SYNTHETIC_MANIFEST, out / SYNTHETIC_MANIFEST)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def _params_hash(params: SynthParams) -> str:
    return hashlib.sha256(json.dumps(params.model_dump(), sort_keys=True, default=str).encode()).hexdigest()


def _write_all(n_persons: int, years: tuple[int, int], seed: int, params: SynthParams, folder: Path) -> dict[str, int]:
    chunk = params.chunk_size
    n_chunks = -(-n_persons // chunk)
    streams = np.random.SeedSequence(seed).spawn(n_chunks)
    writers = {t: pq.ParquetWriter(folder / f"{t}.parquet", arrow_schema(t), compression="zstd") for t in TABLES}
    rows = dict.fromkeys(TABLES, 0)
    try:
        for i, ss in enumerate(streams):
            n = min(chunk, n_persons - i * chunk)
            tables = generate_chunk(np.random.default_rng(ss), 1 + i * chunk, n, years, params)
            for t, df in tables.items():
                table = pa.Table.from_pandas(df, schema=arrow_schema(t), preserve_index=False)
                writers[t].write_table(table)
                rows[t] += len(df)
    finally:
        for w in writers.values():
            w.close()
    return rows


def ensure_synthetic(n_persons: int, years: tuple[int, int], seed: int, out: Path) -> bool:
    """Generate the synthetic population into ``out`` unless it is already there.

    "Already there" means ``out/synthetic.json`` records the same persons,
    years, seed and calibration parameters (``params/synth.yaml`` hash); the
    files themselves are checked against the manifest by the loader.

    Returns
    -------
    bool
        True when it generated, False when the existing files were kept.
    """
    params = load_params()
    manifest = Path(out) / SYNTHETIC_MANIFEST
    if manifest.is_file():
        try:
            found = json.loads(manifest.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            found = {}
        wanted = {"persons": int(n_persons), "years": list(years), "seed": int(seed),
                  "params_sha256": _params_hash(params)}
        if all(found.get(k) == v for k, v in wanted.items()):
            return False
    generate(n_persons, years, seed, out, params)
    return True
