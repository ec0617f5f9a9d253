"""A warm build is mostly hashing (issue 15): the command line and the planning of a build import none of the
libraries that only executing, rendering or generating data need. Checked in a fresh interpreter
(``sys.modules``), never timed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

#: Needed only to execute (kernels, papermill), render (nbconvert, jinja2, pandoc, typst), draw or test
#: (matplotlib, seaborn, statsmodels, pingouin, scipy), or to read notebooks with nbformat (jsonschema).
RENDER_OR_EXECUTE = ("nbformat", "jsonschema", "nbconvert", "jinja2", "pypandoc", "typst", "docx", "matplotlib",
                     "seaborn", "statsmodels", "pingouin", "scipy", "papermill", "jupyter_client", "zmq", "IPython")
#: Needed to validate inputs (every build validates its published figures), not to answer the command line.
VALIDATE = ("pandas", "pandera")


def _imported_after(code: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_the_command_line_imports_no_library_of_a_build():
    imported = _imported_after("import analysis.pipeline.cli")
    assert "typer" in imported  # the check sees what is imported
    assert imported.isdisjoint(RENDER_OR_EXECUTE + VALIDATE), sorted(imported & {*RENDER_OR_EXECUTE, *VALIDATE})


def test_planning_a_build_imports_nothing_that_executes_or_renders():
    imported = _imported_after("""
        from analysis.config import FORMATS
        from analysis.pipeline.execute import plan_dependencies, warm_imports
        from analysis.pipeline.plan import plan_build

        plan = plan_build("2020-H1", FORMATS, "builtin", "JZ01")
        assert plan.all_runs and plan.regional
        assert warm_imports(plan_dependencies(plan))
    """)
    assert {"pandas", "grimp"} <= imported  # the check sees what is imported
    assert imported.isdisjoint(RENDER_OR_EXECUTE), sorted(imported & set(RENDER_OR_EXECUTE))
