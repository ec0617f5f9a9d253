"""`make lab` in one step on a fresh copy: it makes the data the notebooks read, takes
server options (LAB_ARGS) and starts JupyterLab, whose kernels start without the
"running over TCP without encryption" warning; the test then stops it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from analysis.config import PROJECT_ROOT
from helpers import copy_project

pytestmark = pytest.mark.slow

TOKEN = "voortgang-test"
#: Seconds to wait for the server (and a kernel) on a loaded machine.
WAIT = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"{}")


def _listens(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(check, proc: subprocess.Popen, log: Path, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"make lab stopped (exit {proc.returncode}) before {what}:\n{log.read_text()[-3000:]}")
        try:
            result = check()
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError, KeyError):
            result = None
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"no {what} within {WAIT} s:\n{log.read_text()[-3000:]}")


def test_make_lab_makes_the_data_starts_with_options_and_stops(tmp_path):
    root = copy_project(tmp_path / "clone")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(PROJECT_ROOT / name, root / name)  # mtimes kept: the venv's stamp stays current
    edition = root / "params" / "editions" / "2020-H1.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("persons: 200000", "persons: 5000"),
                       encoding="utf-8")
    port = _free_port()
    lab_args = f"--no-browser --port {port} --IdentityProvider.token={TOKEN}"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab_args += " --allow-root"  # CI containers run as root; Jupyter refuses that without the option
    log = tmp_path / "lab.log"
    runtime = tmp_path / "runtime"  # where the kernels' connection files go
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "-C", str(root), "lab", f"VENV={sys.prefix}", f"LAB_ARGS={lab_args}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "VOORTGANG_ROOT": str(root), "MAKEFLAGS": "", "JUPYTER_RUNTIME_DIR": str(runtime)},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _get(f"{base}/api/status?token={TOKEN}")[0] == 200, proc, log, "JupyterLab server")
        text = log.read_text(encoding="utf-8")
        assert "synthetische data gemaakt: 5.000 personen" in text  # made by `make lab`, Dutch separators
        assert (root / "data" / "synthetic" / "2020-H1" / "synthetic.json").is_file()
        assert f"Serving notebooks from local directory: {root / 'notebooks'}" in text
        assert "pip install" not in text  # nothing installed: the set-up stamp is current
        _, kernel = _get(f"{base}/api/kernels?token={TOKEN}", "POST", {"name": "voortgang"})
        # ipykernel warns about the transport just before it binds its sockets: once
        # its shell port accepts a connection, the warning would be in the log.
        connection = runtime / f"kernel-{kernel['id']}.json"
        _wait_for(lambda: connection.is_file() and _listens(json.loads(connection.read_text())["shell_port"]),
                  proc, log, "kernel")
        assert "without encryption" not in log.read_text(encoding="utf-8")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the group this test started: make, jupyter, its kernel
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # stopped: nothing listens any more
