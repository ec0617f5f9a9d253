"""Helpers shared by the top-level tests (a plain module: every conftest.py in a
subfolder would replace ``sys.modules['conftest']``, so tests import from here)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from analysis.config import PROJECT_ROOT
from analysis.inputs.analysis_settings import (
    AnalysisSettings,
    ChangeWords,
    FigureRules,
    PatternFlags,
    SummaryRules,
)

#: The thresholds the tests are written against, typed here (not read from
#: ``params/analysis.yaml``), so that changing a project setting never silently
#: changes what a test checks.
WORDS = ChangeWords(stable_pp=1.0, stable_rel_pct=2.0, modest_pp=3.0, large_pp=10.0, modest_rel_pct=5.0,
                    large_rel_pct=25.0)
FLAGS = PatternFlags(correction="holm", family_alpha=0.05, power=0.8, homogeneity_alpha=0.05,
                     funnel_levels=(0.95, 0.998), monte_carlo_resamples=9999, monte_carlo_seed=1)
RULES = FigureRules(precedence=("status", "precision", "publication"))
SUMMARY = SummaryRules(aantal=5, max_woorden=15)
ANALYSIS = AnalysisSettings(significance=0.05, change=WORDS, patterns=FLAGS, figures=RULES, in_het_kort=SUMMARY)

# Seed 001 l.454-479 (OCR: 5,837 -> 5.537 and 104% -> 10,4%; see data/published/README.md):
# the published Kernindicatoren per row, the years that have a value.
KERNINDICATOREN_AS_PRINTED = [
    ["61%", "63%", "65%", "64%"],
    ["78%", "77%", "87%", "87%"],
    ["11,6%", "11,6%", "10,4%", "10,1%"],
    ["1.665", "2.085", "2.185", "2.955"],
    ["34%", "32%", "29%", "27%"],
    ["4.194", "4.214", "4.479", "4.790"],
    ["5.537", "5.736", "5.576", "6.022"],
    ["6,8%", "6,7%"],
    ["65%", "62%", "67%"],
    ["63%", "69%", "78%"],
]

# Chapter headings of the 2020-H1 edition, in order: the leeswijzer, the
# Kernindicatoren chapter, the factsheets with the actielijn titles of the seed
# (seed001_structure.md, section d), the actielijn 4 demonstration on synthetic microdata,
# the pattern statistics and the appendix.
CHAPTERS = [
    "Inleiding en leeswijzer",
    "Zorg voor de Jeugd in cijfers",
    "Factsheet actielijn 1: Betere toegang tot jeugdhulp voor kinderen en gezinnen",
    "Factsheet actielijn 2: Meer kinderen zo thuis mogelijk laten opgroeien",
    "Factsheet actielijn 3: Alle kinderen de kans bieden zich optimaal te ontwikkelen",
    "Factsheet actielijn 4: Kwetsbare jongeren beter op weg helpen zelfstandig te worden",
    "Actielijn 4: de analyse op microdata (demonstratie)",
    "Patronen: leeftijd, geslacht en regio",
    "Uitkomsten van jeugdhulp",
    "Complexe zorgvragen: regionale expertteams en expertisenetwerken",
    "Factsheet actielijn 5: Jeugdigen beter beschermen als hun ontwikkeling gevaar loopt",
    "Factsheet actielijn 6: Investeren in vakmanschap van jeugdprofessionals",
    "Evaluatieagenda",
    "Mijlpalen",
    "Bijlage: methoden en kanttekeningen",
    "Wijzigingen ten opzichte van de vorige editie",
]


def table_rows(page: str, caption: str) -> list[list[str]]:
    """Cell texts per row of the one table whose caption starts with ``caption``."""
    tables = [t for t in re.findall(r"<table[^>]*>.*?</table>", page, re.S)
              if re.search(rf"<caption>\s*{re.escape(caption)}", t)]
    assert len(tables) == 1, f"expected one table captioned {caption!r}"
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", tables[0], re.S):
        cells = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", c)).split())
                 for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
        rows.append(cells)
    return rows


#: What a copy of the project needs to build (code comes from the installed package).
PROJECT_PARTS = ("params", "notebooks", "data/published", "data/reference", "_quarto.yml", "CITATION.cff")


def copy_project(root: Path) -> Path:
    """Copy the project's params, notebooks and data to ``root``; return ``root``."""
    for part in PROJECT_PARTS:
        src = PROJECT_ROOT / part
        dst = root / part
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    return root


def run_cli(root: Path, *args: str, timeout: int = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m analysis ARGS`` with the project root set to ``root`` (and more ``env``)."""
    env = {**os.environ, "VOORTGANG_ROOT": str(root), "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def files_under(path: Path) -> list[Path]:
    """All files below ``path`` (empty when it does not exist)."""
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


#: Debian's Chromium (never Playwright's own browser download); .ci/run installs it.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_or_skip() -> None:
    """Skip the calling test, with the reason shown, when Chromium is not installed."""
    import pytest

    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip(f"{CHROMIUM} not found: install the Debian package 'chromium' (see .ci/run)")


def browser_facts(html: Path, screenshot: Path, extra: dict[str, str] | None = None) -> dict:
    """Open ``html`` from disk in headless Chromium and report what a reader would meet.

    Returns console errors (``problems``), failed requests, every image
    (complete, naturalWidth, alt), the table-of-contents links and those whose
    target id is missing, the page language, the result of each JavaScript
    expression in ``extra``, and a full-page screenshot written to ``screenshot``.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            problems: list[str] = []
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            failed: list[str] = []
            page.on("requestfailed", lambda req: failed.append(req.url))
            page.goto(html.as_uri(), wait_until="load")
            facts = {
                "images": page.evaluate(
                    "() => [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth, alt: i.alt}))"
                ),
                "toc": page.evaluate("() => [...document.querySelectorAll('nav#TOC a')].map(a => a.getAttribute('href'))"),
                "missing_targets": page.evaluate(
                    "() => [...document.querySelectorAll('nav#TOC a')]"
                    ".map(a => a.getAttribute('href'))"
                    ".filter(h => !h.startsWith('#') || !document.getElementById(decodeURIComponent(h.slice(1))))"
                ),
                "lang": page.evaluate("() => document.documentElement.lang"),
            }
            for key, expression in (extra or {}).items():
                facts[key] = page.evaluate(expression)
            page.screenshot(path=str(screenshot), full_page=True)
            facts["screenshot"] = screenshot
            facts["problems"] = problems
            facts["failed_requests"] = failed
        finally:
            browser.close()
    return facts


def changed_content(tmp_path: Path, monkeypatch, file_name: str, change, programme: str = "zorg-voor-de-jeugd") -> Path:
    """Use a copy of ``params/inhoud`` in which ``change(data)`` edited one YAML file of a programme.

    ``monkeypatch`` points :data:`analysis.inputs.programme.CONTENT_DIR` at the copy for the test.
    Returns the changed file.
    """
    import yaml

    import analysis.inputs.programme as programme_module
    from analysis.config import CONTENT_DIR

    shutil.copytree(CONTENT_DIR, tmp_path / "inhoud")
    path = tmp_path / "inhoud" / programme / file_name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(programme_module, "CONTENT_DIR", tmp_path / "inhoud")
    return path


def count_population(population: Path | str, edition: str = "2020-H1"):
    """The national pass of a build for a population in a temporary folder: its count tables, written beside it.

    Chapters on person-level data read these (``analysis.inputs.region_counts``);
    a build makes them in ``data/afgeleid/`` (``analysis.pipeline.region_counts``).
    """
    from analysis.inputs.editions import load_edition
    from analysis.inputs.microdata.load import load_microdata
    from analysis.inputs.region_counts import counts_dir, write_region_counts
    from analysis.measures.region_counts import region_counts

    tables = load_microdata(Path(population))
    counts = region_counts(tables, load_edition(edition).years, source=str(population))
    write_region_counts(counts_dir(edition, str(population)), counts, key="test")
    return counts
