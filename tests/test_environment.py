"""One environment for pip and conda: pyproject.toml, constraints.txt and environment.yml agree.

``environment.yml`` is generated (``make environment``, ``scripts/environment_yml.py``);
these tests read the three files independently of the generator, so a generator
that drops a pin fails here too.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from analysis.config import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("environment_yml", PROJECT_ROOT / "scripts" / "environment_yml.py")
envgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(envgen)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _direct_pins() -> dict[str, str]:
    project = _pyproject()["project"]
    deps = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        deps += extra
    return {_norm(d.split("==")[0]): d.split("==")[1] for d in deps}


def _constraints() -> dict[str, str]:
    lines = (PROJECT_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return {_norm(x.split("==")[0]): x.split("==")[1] for x in lines if x.strip() and not x.startswith("#")}


def test_every_dependency_is_pinned_exactly_and_locked():
    project = _pyproject()["project"]
    deps = list(project["dependencies"]) + [d for extra in project["optional-dependencies"].values() for d in extra]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*", d) for d in deps), deps
    constraints = _constraints()
    for name, version in _direct_pins().items():
        assert constraints.get(name) == version, f"{name}: pyproject {version}, constraints.txt {constraints.get(name)}"


def test_environment_yml_lists_every_pin_of_constraints_txt():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["name"] == "voortgang"
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    pins = {_norm(x.split("==")[0]): x.split("==")[1] for x in pip_section if "==" in x}
    assert pins == _constraints()  # all of them, direct and indirect: nothing floats
    assert len(pins) > len(_direct_pins())
    extras = ",".join(_pyproject()["project"]["optional-dependencies"])
    assert f"-e .[{extras}]" in pip_section, "environment.yml must install the project with all its extras"
    assert "python=3.11" in env["dependencies"]
    assert _pyproject()["project"]["requires-python"] == ">=3.11,<3.12"


def test_environment_yml_is_what_make_environment_writes():
    text = envgen.render(
        (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"),
        (PROJECT_ROOT / "constraints.txt").read_text(encoding="utf-8"),
    )
    assert (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8") == text, "run `make environment`"


TINY_PYPROJECT = """
[project]
name = "x"
requires-python = ">=3.11,<3.12"
dependencies = ["pandas==3.1.1"]
[project.optional-dependencies]
dev = ["pytest==9.2.0"]
lab = ["jupyterlab==4.6.6"]
"""


def test_generator_on_tiny_files():
    constraints = "jupyterlab==4.6.6\n# a comment\nnumpy==2.4.6\npandas==3.1.1\npytest==9.2.0\n"
    text = envgen.render(TINY_PYPROJECT, constraints)
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == [
        "name: voortgang",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        "      - jupyterlab==4.6.6",
        "      - numpy==2.4.6",
        "      - pandas==3.1.1",
        "      - pytest==9.2.0",
        "      - -e .[dev,lab]",
    ]


@pytest.mark.parametrize(
    "constraints, message",
    [
        ("numpy==2.4.6\npytest==9.2.0\njupyterlab==4.6.6\n", "constraints.txt: pandas is missing, pyproject.toml pins 3.1.1; run `make lock`"),
        ("pandas==3.0.0\npytest==9.2.0\njupyterlab==4.6.6\n", "constraints.txt: pandas has 3.0.0, pyproject.toml pins 3.1.1; run `make lock`"),
        ("pandas>=3\n", "constraints.txt: line 1: expected name==version"),
    ],
)
def test_generator_refuses_constraints_that_disagree(constraints, message):
    with pytest.raises(envgen.PinError) as info:
        envgen.render(TINY_PYPROJECT, constraints)
    assert str(info.value) == message


def _fake_conda(tmp_path: Path, env_exists: bool) -> tuple[Path, Path]:
    """A `conda` that logs its arguments; `conda run ... python --version` fails unless the env exists."""
    log = tmp_path / "conda.log"
    exe = tmp_path / "conda"
    exit_code = 0 if env_exists else 1
    exe.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{log}"\n'
        f'case "$*" in *"python --version"*) exit {exit_code};; esac\n'
        "exit 0\n",
        encoding="utf-8",
    )
    exe.chmod(0o755)
    return exe, log


@pytest.mark.parametrize("env_exists", [False, True])
def test_conda_route_installs_the_pins_and_registers_the_kernel(tmp_path, env_exists):
    shutil.copy(PROJECT_ROOT / "Makefile", tmp_path / "Makefile")
    exe, log = _fake_conda(tmp_path, env_exists)
    proc = subprocess.run(["make", "-C", str(tmp_path), "conda-env", f"CONDA={exe}"], capture_output=True, text=True,
                          env={**os.environ, "MAKEFLAGS": ""}, check=False)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    install = ("env update --name voortgang --file environment.yml --prune" if env_exists
               else "env create --name voortgang --file environment.yml")
    assert calls == [
        "run --name voortgang python --version",
        install,
        "run --name voortgang python -m analysis kernel install",
    ]
