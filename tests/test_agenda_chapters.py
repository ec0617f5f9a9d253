"""The chapters "Evaluatieagenda", "Mijlpalen" and "Wijzigingen ten opzichte van de vorige editie".

Each notebook is executed with papermill on a copy of the project. Expected
values come from seed 001 (the Mijlpalenoverzicht l.564-715 and Bijlage 1) and
from a previous version written out by hand below.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.config import KERNEL_NAME, PUBLISHED_FIGURES, SEED_VGR4_TEXT
from analysis.inputs.editions import ChapterRun
from analysis.inputs.registry import load_registry
from analysis.pipeline.execute import execute_plain
from helpers import copy_project

pytestmark = pytest.mark.slow

EDITION = "2020-H1"
BASE = {"edition": EDITION}
VERBLIJF = "verblijf_pct_totale_jeugdhulp"


def _previous_version(root: Path) -> None:
    """``releases/2019-H2/v1``: the published figures as a previous edition might have had them.

    By hand: verblijf as % of jeugdhulp 2018 was 10,5% (voorlopig) and 2019 was not there yet;
    now 10,4% (seed l.463) -> revision -0,1 procentpunt, -0,1/10,5 = -0,95% -> "-1,0%".
    """
    version = root / "releases" / "2019-H2" / "v1"
    (version / "data").mkdir(parents=True)
    (version / "manifest.json").write_text(json.dumps({"edition": "2019-H2", "version": 1}), encoding="utf-8")
    figures = pd.read_csv(PUBLISHED_FIGURES, dtype=str, keep_default_na=False)
    figures["status"] = ""
    row = (figures["indicator_id"] == VERBLIJF) & (figures["breakdown"] == "0-23")
    figures.loc[row & (figures["period"] == "2018"), ["value", "status"]] = ["10.5", "voorlopig"]
    figures = figures[~(row & (figures["period"] == "2019"))]
    figures.to_csv(version / "data" / "figures.csv", index=False)
    for name in ("indicators.yaml", "evaluatieagenda.yaml", "mijlpalen.yaml"):
        (version / "data" / name).write_bytes((root / "params" / name).read_bytes())
    os.symlink("v1", root / "releases" / "2019-H2" / "latest")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("chapters") / "project")
    _previous_version(root)
    return root


def _execute(root: Path, notebook: str, out: Path, **parameters) -> nbformat.NotebookNode:
    """Execute ``notebooks/<notebook>.ipynb`` with the project root set to ``root``."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VOORTGANG_ROOT", str(root))  # the kernel reads the copy's params and releases
        execute_plain(ChapterRun(notebook, root / "notebooks" / f"{notebook}.ipynb", {**BASE, **parameters}),
                      out, KERNEL_NAME)
    return nbformat.read(out, as_version=4)


def _outputs(nb) -> list[tuple[str, str]]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            for kind in ("text/markdown", "text/html"):
                if kind in data:
                    out.append((kind, data[kind]))
    return out


def _text(nb) -> str:
    return "\n".join(t for kind, t in _outputs(nb) if kind == "text/markdown")


def _tables(nb) -> dict[str, list[list[str]]]:
    """Caption -> rows of cell texts of every table."""
    tables = {}
    for kind, markup in _outputs(nb):
        if kind != "text/html":
            continue
        caption = html.unescape(re.search(r"<caption>(.*?)</caption>", markup, re.S).group(1))
        rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
                for tr in re.findall(r"<tr>(.*?)</tr>", markup, re.S)]
        tables[caption] = rows
    return tables


@pytest.fixture(scope="module")
def executed(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("executed")
    return {
        "80": _execute(project, "80-evaluatieagenda", out / "80.ipynb"),
        "80-prev": _execute(project, "80-evaluatieagenda", out / "80p.ipynb", previous="2019-H2"),
        "81": _execute(project, "81-mijlpalen", out / "81.ipynb"),
        "95": _execute(project, "95-wijzigingen", out / "95.ipynb"),
        "95-prev": _execute(project, "95-wijzigingen", out / "95p.ipynb", previous="2019-H2/v1"),
    }


# ---------------------------------------------------------------- Evaluatieagenda


def test_evaluatieagenda_lists_the_questions_of_the_edition(executed):
    nb = executed["80"]
    assert _text(nb).startswith("# Evaluatieagenda")
    (caption, rows), = [(c, r) for c, r in _tables(nb).items() if c.startswith("Kennisvragen")]
    assert rows[0] == ["Nr.", "Kennisvraag", "Thema", "Actielijn", "Status", "Prioriteit"]
    body = {r[0]: r for r in rows[1:]}
    # seed 001 l.1689-1694 (factsheet actielijn 2): an open question, not prioritised
    assert body["EA-002"][1:] == ["Wat is de behoefte aan jeugdhulp met verblijf?", "Jeugdhulp met verblijf", "2",
                                  "geagendeerd", "."]
    # questions of the Hervormingsagenda (seed 003, december 2021) are not on the 2020-H1 agenda
    assert "EA-001" not in body


def test_evaluatieagenda_without_previous_edition_says_so(executed):
    assert "Er is geen vorige editie om mee te vergelijken" in _text(executed["80"])


def test_evaluatieagenda_changes_since_the_previous_edition(executed):
    tables = _tables(executed["80-prev"])
    rows = tables["Wijzigingen in de evaluatieagenda sinds 2019-H2/v1"]
    assert rows[0] == ["Nr.", "Kennisvraag", "Wijziging", "Status (oud)", "Status (nieuw)"]
    # in 2019-H2 no question was on the agenda yet; the seed-001 questions entered in 2020-H1
    assert {r[0] for r in rows[1:]} == {f"EA-{n:03d}" for n in range(2, 11)}
    assert {r[2] for r in rows[1:]} == {"toegevoegd"}


# ---------------------------------------------------------------- Mijlpalen


def _seed_lines(first: int, last: int) -> list[str]:
    return SEED_VGR4_TEXT.read_text(encoding="utf-8").split("\n")[first - 1:last]


@pytest.mark.skipif(not SEED_VGR4_TEXT.is_file(), reason="seed text not available")
def test_mijlpalenoverzicht_has_every_row_of_the_seed(executed):
    tables = _tables(executed["81"])
    rows = tables["Mijlpalenoverzicht tot en met VGR 4"]
    assert rows[0] == ["Mijlpaal", "Actielijn", "Status", "Wanneer"]
    seed = [line for line in _seed_lines(572, 715) if re.search(r"VGR ?\d\s*$", line)]
    assert len(rows) - 1 == len(seed) == 114
    in_vgr4 = [line for line in seed if re.search(r"VGR ?4\s*$", line)]
    assert sum(r[3] == "VGR 4" for r in rows[1:]) == len(in_vgr4) == 48
    # seed l.572, first row
    assert rows[1] == ["Wetsvoorstel gericht op centraliseren luisterlijnen (o.a. kindertelefoon) en Vertrouwenswerk "
                       "Jeugd is aangenomen in de EK", "1", "behaald", "VGR 1"]
    assert "In deze editie (VGR 4) zijn 48 mijlpalen bereikt of verder gekomen." in _text(executed["81"])


def test_results_and_next_steps_per_actielijn_as_in_bijlage_1(executed):
    nb = executed["81"]
    text = _text(nb)
    for heading in ("### Actielijn 1: Betere toegang tot jeugdhulp voor kinderen en gezinnen",
                    "### Actielijn 6: Investeren in vakmanschap",
                    "### Randvoorwaarden: jeugdhulp dichtbij het kind"):
        assert heading in text
    tables = _tables(nb)
    per_actielijn = [c for c in tables if not c.startswith("Mijlpalenoverzicht")]
    assert len(per_actielijn) == 7  # actielijnen 1-6 and the randvoorwaarden (seed 001 Bijlage 1)
    al5 = next(rows for c, rows in tables.items() if c.startswith("Actielijn 5"))
    assert al5[0] == ["Subdoel", "Resultaten sinds november 2019", "Volgende stappen"]  # AL5 prints other headers
    al1 = next(rows for c, rows in tables.items() if c.startswith("Actielijn 1"))
    assert al1[0] == ["Subdoel", "Belangrijkste mijlpalen sinds november 2019", "Vervolgstappen"]
    assert al1[5][0].startswith("E. Een luisterend oor") and al1[5][2] == "• Geen"  # seed l.1555


# ---------------------------------------------------------------- Wijzigingen


def test_wijzigingen_first_edition_is_one_sentence(executed):
    outputs = _outputs(executed["95"])
    assert [t for _, t in outputs] == [
        "# Wijzigingen ten opzichte van de vorige editie",
        "Dit is de eerste editie in deze reeks: er is geen vorige editie om mee te vergelijken.",
    ]


def test_wijzigingen_against_a_previous_version(executed):
    nb = executed["95-prev"]
    label = load_registry().get(VERBLIJF).label
    tables = _tables(nb)
    revisions = tables["Herziene cijfers (revisie = nieuw - oud; bij percentages in procentpunt)"]
    assert [label, "0-23", "2018", "10,5%", "10,4%", "\u22120,1 procentpunt", "\u22121,0%", "voorlopig → onbekend"] in revisions
    new_periods = tables["Nieuwe perioden per indicator en uitsplitsing"]
    assert [label, "0-23", "2019"] in new_periods
    mijlpalen = tables["Wijzigingen in de mijlpalen"]
    # seed l.572-715: 48 rows name VGR 4; 44 only VGR 4 (new), 4 also an earlier VGR (status changed)
    changes = [r[2] for r in mijlpalen[1:]]
    assert (changes.count("toegevoegd"), changes.count("status gewijzigd")) == (44, 4)
    summary = _text(nb).split("\n")[1]
    assert summary.startswith("Ten opzichte van 2019-H2/v1: 1 nieuw cijfer in 1 reeks, 1 herzien cijfer")
    assert "9 wijzigingen in de evaluatieagenda en 48 wijzigingen in de mijlpalen." in summary


def test_unknown_previous_edition_fails_the_chapter_with_what_exists(project, tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        _execute(project, "95-wijzigingen", tmp_path / "bad.ipynb", previous="2019-H1")
    message = " ".join(str(info.value).split())
    assert "argument 'previous': edition 2019-H1 has no released versions" in message
    assert "editions with versions: 2019-H2" in message
