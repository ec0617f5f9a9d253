"""Dated StatLine snapshots: download once over OData v3, then read offline.

Layout (see ``data/raw/README.md``)::

    data/raw/statline/<table>/<YYYY-MM-DD>/
        manifest.json          url, retrieval time, rows, pages and sha256 per file
        TableInfos.json        {"odata.metadata": ..., "value": [...]}  (all pages joined)
        DataProperties.json
        TypedDataSet.json
        <Dimension>.json       one per dimension in DataProperties (Perioden, RegioS, ...)

A snapshot is written into a hidden temporary directory next to its target and
renamed into place only when every page of every endpoint has arrived, so a
network failure leaves nothing behind. An existing snapshot is never
overwritten, and reading checks every file against the manifest's sha256.

Only :func:`fetch` touches the network; :func:`read_snapshot` reads files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analysis import __version__
from analysis.config import STATLINE_DIR, STATLINE_ODATA_URL
from analysis.errors import VoortgangError
from analysis.inputs.statline.parse import DIMENSION_TYPES, StatlineTable, parse_table

#: ``opener(url, timeout_s) -> body bytes``; raises ``urllib.error.HTTPError``,
#: ``urllib.error.URLError`` or ``TimeoutError`` like :func:`urllib.request.urlopen`.
Opener = Callable[[str, float], bytes]

TABLE_ID = re.compile(r"^\d{5}[A-Za-z]{3}$")
SNAPSHOT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MANIFEST = "manifest.json"
#: The data endpoint; besides it every table has TableInfos, DataProperties and
#: one endpoint per dimension listed in DataProperties.
DATA_ENDPOINT = "TypedDataSet"


class _FetchError(Exception):
    """A failed download; the caller adds the table and cleans up."""


def _urlopen(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": f"voortgang/{__version__}"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (fixed https root)
        return response.read()


def _with_json_format(url: str) -> str:
    # The feed answers Atom XML unless asked for JSON; nextLinks usually keep the option.
    if "$format=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}$format=json"


def _get_page(url: str, opener: Opener, timeout: float, retries: int, backoff_s: float,
              sleep: Callable[[float], None]) -> dict[str, Any]:
    """One page as JSON, retrying timeouts, connection errors, HTTP 5xx and broken JSON."""
    last = ""
    for attempt in range(1, retries + 1):
        try:
            page = json.loads(opener(url, timeout))
            if not isinstance(page, dict) or not isinstance(page.get("value"), list):
                raise ValueError("no 'value' list")
            return page
        except urllib.error.HTTPError as exc:
            if exc.code < 500:  # 404 unknown table, 400 bad request: retrying will not help
                raise _FetchError(f"HTTP {exc.code} for {url}") from None
            last = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
        except (ValueError, UnicodeDecodeError) as exc:  # json.JSONDecodeError is a ValueError
            last = f"broken page ({exc})"
        if attempt < retries:
            sleep(backoff_s * 2 ** (attempt - 1))
    raise _FetchError(f"{url} failed after {retries} attempt(s) ({last})")


def _get_all(url: str, **kw: Any) -> tuple[list[dict[str, Any]], list[str], str | None]:
    """Every row of an endpoint, following ``odata.nextLink``; also the page URLs."""
    rows: list[dict[str, Any]] = []
    pages: list[str] = []
    metadata: str | None = None
    next_url: str | None = _with_json_format(url)
    while next_url is not None:
        if next_url in pages:
            raise _FetchError(f"{next_url}: odata.nextLink points back to a page already read")
        page = _get_page(next_url, **kw)
        pages.append(next_url)
        rows.extend(page["value"])
        metadata = metadata or page.get("odata.metadata")
        next_url = page.get("odata.nextLink")
    return rows, pages, metadata


def write_endpoint(path: Path, metadata: str | None, rows: list[dict[str, Any]]) -> str:
    """Write one endpoint's rows as the snapshot stores them (``{"odata.metadata", "value"}``); its sha256."""
    body = json.dumps({"odata.metadata": metadata, "value": rows}, ensure_ascii=False, indent=1)
    data = body.encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _download_table(table_id: str, base_url: str, work: Path, **kw: Any) -> dict[str, Any]:
    """Download every endpoint of a table into ``work``; return the manifest's file entries."""
    root = f"{base_url}{quote(table_id)}/"
    files: dict[str, Any] = {}

    def get(name: str) -> list[dict[str, Any]]:
        rows, pages, metadata = _get_all(root + quote(name), **kw)
        files[f"{name}.json"] = {
            "url": pages[0],
            "pages": len(pages),
            "rows": len(rows),
            "sha256": write_endpoint(work / f"{name}.json", metadata, rows),
        }
        return rows

    get("TableInfos")
    properties = get("DataProperties")
    dims = [r.get("Key") for r in properties if r.get("Type") in DIMENSION_TYPES]
    if any(not isinstance(d, str) or not re.match(r"^\w+$", d) for d in dims):
        raise _FetchError(f"{root}DataProperties: a dimension has no usable Key")
    for dim in dims:
        get(dim)
    get(DATA_ENDPOINT)
    return files


def fetch(
    table_ids: str | Sequence[str],
    out_dir: Path | None = None,
    date: str | None = None,
    *,
    base_url: str = STATLINE_ODATA_URL,
    opener: Opener | None = None,
    timeout: float = 60.0,
    retries: int = 3,
    backoff_s: float = 2.0,
    sleep: Callable[[float], None] | None = None,
) -> list[Path]:
    """Download StatLine tables into new dated snapshots.

    Parameters
    ----------
    table_ids : str or sequence of str
        CBS table identifiers, e.g. ``"84799NED"``.
    out_dir : Path, optional
        Root of the snapshots; default :data:`analysis.config.STATLINE_DIR`.
    date : str, optional
        Snapshot date ``YYYY-MM-DD``; default today (local time).
    base_url : str
        OData v3 root ending in ``/``; default :data:`analysis.config.STATLINE_ODATA_URL`.
    opener : callable, optional
        ``opener(url, timeout_s) -> bytes``; default plain ``urllib`` (tests pass fixture pages).
    timeout : float
        Seconds per request.
    retries : int
        Attempts per page for timeouts, connection errors, HTTP 5xx and broken pages
        (HTTP 4xx fails at once). Waits ``backoff_s * 2**k`` seconds between attempts.
    backoff_s : float
        First wait in seconds.
    sleep : callable, optional
        Waits between attempts; default :func:`time.sleep` (tests pass a no-op).

    Returns
    -------
    list of Path
        The snapshot directories written, in the order of ``table_ids``.

    Raises
    ------
    VoortgangError
        A malformed table id or date, a snapshot that already exists (snapshots
        are never changed), or a download that failed; the message names the
        table and the URL, and no partial snapshot is left behind. Tables
        fetched before the failing one keep their complete snapshots.
    """
    ids = [table_ids] if isinstance(table_ids, str) else list(table_ids)
    if not ids:
        raise VoortgangError("argument table_ids: give at least one StatLine table id")
    for table_id in ids:
        if not TABLE_ID.match(table_id):
            raise VoortgangError(f"argument table_ids: {table_id!r} is not a StatLine table id like 84799NED")
    date = date or dt.date.today().isoformat()
    if not SNAPSHOT_DATE.match(date):
        raise VoortgangError(f"argument date: {date!r} is not of the form YYYY-MM-DD")
    if retries < 1:
        raise VoortgangError(f"argument retries: {retries} must be at least 1")
    root = Path(out_dir) if out_dir is not None else STATLINE_DIR
    targets = [root / table_id / date for table_id in ids]
    for target in targets:
        if target.exists():
            raise VoortgangError(
                f"snapshot {target} already exists; snapshots are never changed (use another date)"
            )
    kw = dict(opener=opener or _urlopen, timeout=timeout, retries=retries, backoff_s=backoff_s,
              sleep=sleep or time.sleep)
    return [_fetch_one(table_id, target, base_url, kw) for table_id, target in zip(ids, targets, strict=True)]


def _fetch_one(table_id: str, target: Path, base_url: str, kw: dict[str, Any]) -> Path:
    table_dir = target.parent
    created = not table_dir.exists()
    table_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=table_dir))
    try:
        retrieved = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        files = _download_table(table_id, base_url, work, **kw)
        info = json.loads((work / "TableInfos.json").read_text(encoding="utf-8"))["value"]
        manifest = {
            "table_id": table_id,
            "snapshot": target.name,
            "retrieved_at": retrieved,
            "source": f"{base_url}{table_id}/",
            "cbs_modified": info[0].get("Modified") if info else None,
            "tool": f"voortgang {__version__}",
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        for path in work.iterdir():
            path.chmod(0o444)
        os.rename(work, target)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)
        if created and table_dir.exists() and not any(table_dir.iterdir()):
            table_dir.rmdir()
        if isinstance(exc, _FetchError):
            raise VoortgangError(f"StatLine table {table_id}: {exc}; no snapshot was written") from None
        raise
    return target


def snapshot_dates(table_id: str, root: Path | None = None) -> list[str]:
    """Dates of the complete snapshots of a table, oldest first (temporary dirs ignored)."""
    table_dir = (Path(root) if root is not None else STATLINE_DIR) / table_id
    if not table_dir.is_dir():
        return []
    return sorted(p.name for p in table_dir.iterdir() if p.is_dir() and SNAPSHOT_DATE.match(p.name))


def _load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["value"]


def read_snapshot(table_id: str, date: str | None = None, root: Path | None = None) -> StatlineTable:
    """Read a StatLine snapshot (offline) and parse it.

    Parameters
    ----------
    table_id : str
        CBS identifier, e.g. ``"84799NED"``.
    date : str, optional
        Snapshot date ``YYYY-MM-DD``; the newest snapshot when None. Editions
        name the date so that a rebuild reads the same data after CBS revises.
    root : Path, optional
        Root of the snapshots; default :data:`analysis.config.STATLINE_DIR`.

    Returns
    -------
    StatlineTable

    Raises
    ------
    VoortgangError
        No snapshot (or not that date), a missing manifest or file, or a file
        whose sha256 differs from the manifest (a snapshot must never change).
    """
    base = Path(root) if root is not None else STATLINE_DIR
    dates = snapshot_dates(table_id, base)
    if not dates:
        raise VoortgangError(
            f"no snapshot of StatLine table {table_id} under {base}; run `voortgang data fetch {table_id}`"
        )
    if date is None:
        date = dates[-1]
    elif date not in dates:
        raise VoortgangError(
            f"StatLine table {table_id}: no snapshot dated {date!r}; available: {', '.join(dates)}"
        )
    folder = base / table_id / date
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise VoortgangError(f"{manifest_path}: missing; the snapshot is incomplete")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = dict(manifest["files"])
    except (ValueError, KeyError, TypeError) as exc:
        raise VoortgangError(f"{manifest_path}: not a snapshot manifest ({exc})") from None
    for name, entry in files.items():
        path = folder / name
        if not path.is_file():
            raise VoortgangError(f"{path}: listed in {MANIFEST} but missing")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            raise VoortgangError(
                f"{path}: sha256 differs from {MANIFEST}; snapshots are never edited -- fetch a new one"
            )
    props = _load(folder / "DataProperties.json")
    dims = [r["Key"] for r in props if r.get("Type") in DIMENSION_TYPES]
    for name in ("TableInfos.json", "DataProperties.json", f"{DATA_ENDPOINT}.json", *(f"{d}.json" for d in dims)):
        if name not in files:
            raise VoortgangError(f"{manifest_path}: file {name} is not listed")
    return parse_table(
        table_id,
        info=_load(folder / "TableInfos.json"),
        properties=props,
        dimensions={d: _load(folder / f"{d}.json") for d in dims},
        data=_load(folder / f"{DATA_ENDPOINT}.json"),
        snapshot=date,
    )
