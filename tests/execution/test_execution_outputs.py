"""Warm kernels give the same executed notebooks as plain papermill, in any order.

The reference is the build's plain path (:func:`analysis.pipeline.execute.execute_plain`:
papermill with a fresh kernel per notebook). Outputs are compared whole — text,
HTML tables, PNG bytes, execution counts, cell and notebook metadata — after
dropping only what differs between any two plain runs (timings, output path,
cell ids, the kernel's pid in a warning's file name).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from execution_helpers import comparable, make_notebook, outputs_text, read, run_of

from analysis.config import DEFAULT_EDITION, PROJECT_ROOT
from analysis.inputs.editions import ChapterRun, load_edition, plan_chapters
from analysis.pipeline.build import prepare_data
from analysis.pipeline.execute import execute_plain
from analysis.pipeline.execution.pool import KernelPool, WarmKernel
from analysis.pipeline.execution.runner import execute_runs

pytestmark = pytest.mark.slow

SHOW_CELLS = (
    'import numpy as np\nimport pandas as pd\ndf = pd.DataFrame({"regio": ["Noord", "Zuid", "West"][:n], '
    '"aandeel": np.arange(n) / 7})\ndf',
    'print("regio\'s:", n)\nimport sys\nprint("naar stderr", file=sys.stderr)',
    "np.random.seed(2020)\nnp.random.random(3)",
    "import matplotlib as mpl\nimport matplotlib.pyplot as plt\nmpl.rcParams['lines.linewidth'] = 5\n"
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2, 3], [n, 1, 2])\nax.set_title('trend')",
    "import seaborn as sns\nsns.set_theme(style='whitegrid')\nsns.barplot(data=df, x='regio', y='aandeel')",
    "import warnings\nwarnings.warn('let op: voorlopige cijfers')",
    "print(sorted(globals()))",
    "get_ipython().execution_count, len(Out)",
    "import os\nos.getcwd()",
)

STATS_CELLS = (
    "import pandas as pd\nimport pingouin as pg\npg.ttest([1, 2, 3, 4, 5], [2, 4, 5, 6, 9 + k])",
    "pd.set_option('display.precision', 2)\npd.DataFrame({'p': [0.123456, 0.5]})",
    "import numpy as np\nnp.random.default_rng(k).normal(size=3)",
    "import statsmodels.api as sm\nres = sm.OLS([1.0, 2.0, 2.5, 4.0], sm.add_constant([1.0, 2.0, 3.0, 4.0])).fit()\n"
    "res.params.round(6).tolist()",
    "np.mean([])",
)

#: Notebook A changes every piece of shared state we reset; B shows it.
LEAK_A = (
    "import logging, os, random, warnings\nimport matplotlib as mpl\nimport numpy as np\nimport pandas as pd\n"
    "import pingouin as pg\nfrom analysis.pipeline.execution import cache",
    "warnings.filterwarnings('ignore', category=UserWarning)\nnp.mean([])",
    "mpl.rcParams['font.size'] = 22\nnp.random.seed(42)\nrandom.seed(42)\nnp.set_printoptions(precision=2)\n"
    "pd.set_option('display.max_rows', 4)\npg.options['round'] = 1\ngeheim = 'uit A'\n"
    "os.chdir('/')\nos.environ['VOORTGANG_LEK'] = '1'\nlogging.basicConfig(level=logging.INFO)\n"
    "cache.environment_versions()['python'] = 'gelekt'",
    "%config InlineBackend.figure_formats = ['svg']",
    "1 + 1",
)
LEAK_B = (
    "import logging, os, random, warnings\nimport matplotlib as mpl\nimport matplotlib.pyplot as plt\n"
    "import numpy as np\nimport pandas as pd\nimport pingouin as pg\nfrom analysis.pipeline.execution import cache",
    "print(mpl.rcParams['font.size'], np.get_printoptions()['precision'], pd.get_option('display.max_rows'))\n"
    "print('geheim' in globals(), os.getcwd(), os.environ.get('VOORTGANG_LEK'), pg.options['round'])\n"
    "print(cache.environment_versions()['python'] == 'gelekt')",
    "print(np.random.random() == np.random.RandomState(42).random_sample(), "
    "random.random() == random.Random(42).random())",
    "warnings.warn('zichtbaar')\nnp.mean([])",
    "logging.getLogger('voortgang.test').info('alleen zichtbaar na basicConfig')",
    "fig, ax = plt.subplots(figsize=(2, 2))\nax.plot([0, 1])\nplt.show()",
    "print(get_ipython().execution_count, len(Out), sorted(k for k in globals() if not k.startswith('_')))",
)


@pytest.fixture(scope="module")
def pool1(kernel_name: str) -> Iterator[KernelPool]:
    """One warm kernel, so every run of a test follows the previous one on it."""
    with KernelPool(1, kernel_name=kernel_name) as pool:
        yield pool


def plain(run: ChapterRun, out_dir: Path, kernel_name: str) -> Path:
    """Execute ``run`` the way the build does today: papermill, fresh kernel."""
    out = out_dir / f"{run.output_id}.ipynb"
    execute_plain(run, out, kernel_name)
    return out


def test_warm_outputs_equal_plain_papermill_in_any_order(tmp_path, kernel_name, pool1):
    show = make_notebook(tmp_path / "nb" / "show.ipynb", *SHOW_CELLS, parameters="n = 1")
    stats = make_notebook(tmp_path / "nb" / "stats.ipynb", *STATS_CELLS, parameters="k = 0")
    runs = [run_of("show", show, n=3), run_of("stats", stats, k=2)]
    edition = load_edition(DEFAULT_EDITION)
    prepare_data(edition, lambda _msg: None)  # the synthetic population the cohort chapter reads, as the build does
    runs += plan_chapters(edition)  # the project's real chapters
    expected = {run.output_id: comparable(read(plain(run, tmp_path / "plain", kernel_name))) for run in runs}

    for order, runs_in_order in (("forward", runs), ("backward", runs[::-1])):
        summary = execute_runs(
            runs_in_order, tmp_path / order, force=True, cache_dir=tmp_path / "cache", pool=pool1, progress=False
        )
        assert [r.status for r in summary.results] == ["executed"] * len(runs), summary.lines()
        for run in runs:
            got = comparable(read(tmp_path / order / f"{run.output_id}.ipynb"))
            assert got == expected[run.output_id], f"{run.output_id} ({order})"

    # The comparison sees the parts that matter: a table, a PNG, a warning, counts from 1.
    show_nb = read(tmp_path / "forward" / "show.ipynb")
    mimes = {m for c in show_nb.cells for o in c.get("outputs", []) for m in o.get("data", {})}
    assert {"text/html", "image/png"} <= mimes
    text = "".join(outputs_text(show_nb))
    assert "regio's: 3\n" in text and "UserWarning: let op" in text
    assert [c.execution_count for c in show_nb.cells if c.cell_type == "code"] == list(range(1, 12))
    assert show_nb.metadata.papermill.output_path == str(tmp_path / "forward" / "show.ipynb")


@pytest.fixture(scope="module")
def leak_notebooks(tmp_path_factory) -> tuple[ChapterRun, ChapterRun]:
    d = tmp_path_factory.mktemp("leak")
    return run_of("a", make_notebook(d / "a.ipynb", *LEAK_A)), run_of("b", make_notebook(d / "b.ipynb", *LEAK_B))


def test_notebook_after_another_equals_notebook_alone(tmp_path, kernel_name, pool1, leak_notebooks):
    a, b = leak_notebooks
    alone = read(plain(b, tmp_path / "plain", kernel_name))
    # Hand-checked expectations of B in a fresh kernel, so "equal" is equal to something right.
    text = "".join(outputs_text(alone))
    assert "10.0 8 60\n" in text  # matplotlib, numpy and pandas defaults
    assert f"False {PROJECT_ROOT} None None\nFalse\n" in text  # no global, cwd, environ, options, cache of A
    assert "False False\n" in text  # not seeded with 42
    assert "UserWarning: zichtbaar" in text and "Mean of empty slice" in text
    assert "alleen zichtbaar" not in text
    assert any("image/png" in o.get("data", {}) for c in alone.cells for o in c.get("outputs", []))

    summary = execute_runs([a, b], tmp_path / "warm", force=True, cache_dir=tmp_path / "cache", pool=pool1, progress=False)
    assert summary.ok, summary.lines()
    assert comparable(read(tmp_path / "warm" / "b.ipynb")) == comparable(alone)


def test_leak_test_detects_state_left_by_a_previous_notebook(tmp_path, kernel_name, leak_notebooks, monkeypatch):
    """Without the reset, B after A differs from B alone: the test above can fail."""
    a, b = leak_notebooks
    alone = read(plain(b, tmp_path / "plain", kernel_name))
    monkeypatch.setattr(WarmKernel, "reset", lambda self: None)
    with KernelPool(1, kernel_name=kernel_name) as pool:
        summary = execute_runs([a, b], tmp_path / "warm", force=True, cache_dir=tmp_path / "cache", pool=pool, progress=False)
    assert summary.ok, summary.lines()
    leaked = read(tmp_path / "warm" / "b.ipynb")
    assert comparable(leaked) != comparable(alone)
    assert "22.0 2 4\n" in "".join(outputs_text(leaked))
