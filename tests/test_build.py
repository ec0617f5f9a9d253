"""End-to-end: `voortgang build` on a copy of the project (foundation issue, point 8).

Expected values are the Kernindicatoren of the 4th voortgangsrapportage as
printed in the seed (l.454-479, with the OCR reconciliations of
data/published/README.md), written out here by hand.
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from helpers import CHAPTERS, KERNINDICATOREN_AS_PRINTED, copy_project, run_cli, table_rows
from outline import declared_outline, html_outline

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the default edition, all formats, on a project copy (as `make report` does)."""
    root = copy_project(tmp_path_factory.mktemp("build") / "project")
    proc = run_cli(root, "build", "--edition", "2020-H1", "--renderer", "builtin")
    assert proc.returncode == 0, proc.stderr
    return root, proc


def test_report_shows_every_published_kernindicator(built):
    root, proc = built
    index = root / "reports" / "2020-H1" / "index.html"
    assert index.is_file()
    assert str(index) in " ".join(proc.stdout.split())  # the build says where the report is
    rows = table_rows(index.read_text(encoding="utf-8"), "Kernindicatoren")
    header, body = rows[0], rows[1:]
    assert header[1:] == ["2015", "2016", "2017", "2018", "2019", "Trend"]
    assert len(body) == len(KERNINDICATOREN_AS_PRINTED)
    for printed, row in zip(KERNINDICATOREN_AS_PRINTED, body, strict=True):
        shown = [c for c in row[1:6] if c != "."]
        assert shown == printed, (row[0], row)
    # Trend column (Findings issue): percentages without denominator need 5 points for Mann-Kendall at 5%
    # (4 strictly monotone points give at best p = 0,089), so with 3 or 4 the change is described:
    # uithuisplaatsingen 34% -> 27% (seed l.465) reads as a fall of 7 procentpunt; counts get quasi-Poisson
    trend = {row[0]: row[-1] for row in body}
    assert trend["% uithuisplaatsingen bij ondertoezichtstelling"] == (
        "te weinig meetpunten voor een trendtoets; daling van 7 procentpunt")
    assert trend["Jeugdprofessionals zijn (zeer) tevreden over hun werk"] == (
        "te weinig meetpunten voor een trendtoets; stijging van 15 procentpunt")  # 63% -> 78%
    assert trend["Aantal langdurige thuiszitters"].startswith(("stijgend (quasi-Poisson, p = ",
                                                               "geen trend aangetoond (quasi-Poisson, p = "))
    assert not [cell for cell in trend.values() if cell.startswith("geen trend (")]


def test_synthetic_chapter_is_labelled_and_gated(built):
    root, _ = built
    nb = nbformat.read(_report(root) / "notebooks" / "cohort-18plus.ipynb", as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    text = " ".join(o.get("data", {}).get("text/markdown", "") for o in outputs)
    assert "**Synthetische data.**" in text
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 4
    for figure in figures:
        assert figure["metadata"]["image/png"]["alt"].endswith("Synthetische data.")
        assert figure["metadata"]["voortgang"]["protected"] is True
        # the values the figure draws, for the gate's check of text and alt text (issue 16)
        assert figure["metadata"]["voortgang"]["numbers"]
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert tables and all(o["metadata"]["voortgang"] == {"protected": True} for o in tables)


def test_only_a_shown_trend_is_coloured(built):
    root, _ = built
    page = (root / "reports/2020-H1/index.html").read_text(encoding="utf-8")
    # UHP bij OTS fell (lower is better) but no test can show a trend on 4 percentages: no colour
    words = r"\s+".join(["te", "weinig", "meetpunten", "voor", "een", "trendtoets;", "daling", "van", "7", "procentpunt"])
    cell = re.search(rf"<td([^>]*)>\s*{words}", page)
    assert cell is not None and "gunstig" not in cell.group(1)
    # a coloured cell is always a trend a test showed
    for cell in re.findall(r'class="(?:gunstig|ongunstig)"[^>]*>([^<]*)<', page):
        assert cell.strip().startswith(("stijgend (", "dalend (")), cell


def test_generated_paragraph_labels_pp_and_percent(built):
    root, _ = built
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (root / "reports/2020-H1/index.html").read_text(encoding="utf-8"))).split())
    # issue example: 34% (2016) -> 27% (2019) is a fall of 7 procentpunt (not "7%")
    assert "van 34% in 2016 naar 27% in 2019, een daling van 7 procentpunt" in text
    # headline (seed l.421-422: "443 duizend ... 3% meer dan in 2018")
    assert "443.000 in 2019, +3% ten opzichte van 2018" in text
    # verblijf 18-23: 1.665 -> 2.955 is a relative rise (+77%, seed l.1633)
    assert "van 1.665 in 2016 naar 2.955 in 2019, een stijging van 77%" in text


def test_executed_notebook_and_quarto_project_are_kept(built):
    root, _ = built
    report = root / "reports" / "2020-H1"
    executed = nbformat.read(report / "notebooks" / "01-kernindicatoren.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'edition = "2020-H1"' in injected[0].source
    config = (report / "_quarto.yml").read_text(encoding="utf-8")
    assert "notebooks/01-kernindicatoren.ipynb" in config and "enabled: false" in config


def test_built_in_report_shows_what_the_quarto_project_declares(built):
    """Chapter list, headings, tables and figures of index.html equal those of the generated
    Quarto project (read on its own, tests/outline.py): the two render paths cannot drift."""
    root, _ = built
    report = _report(root)
    declared = declared_outline(report)
    assert [c.title for c in declared] == CHAPTERS
    assert html_outline(report / "index.html") == declared
    assert sum(c.tables for c in declared) > 10 and sum(c.figures for c in declared) > 10


def test_chapter_titles_are_markdown_cells_of_the_generated_project(built):
    root, _ = built
    config = (_report(root) / "_quarto.yml").read_text(encoding="utf-8")
    assert "quarto-required: '>=1.9'" in config
    for name, title in [("01-kernindicatoren", CHAPTERS[1]), ("81-mijlpalen", "Mijlpalen")]:
        nb = nbformat.read(_report(root) / "notebooks" / f"{name}.ipynb", as_version=4)
        titles = [c.source for c in nb.cells if c.cell_type == "markdown"]
        assert titles == [f"# {title}"], name
        shown = [o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", [])]
        assert f"# {title}" not in shown


def test_build_prints_no_warning_a_user_cannot_act_on_and_dutch_numbers(built):
    _, proc = built
    output = proc.stdout + proc.stderr
    assert not re.search(r"warn|TCP|encryption|Traceback", output, re.I), output
    assert "synthetische data gemaakt: 200.000 personen, 2013-2019, seed 20200501" in proc.stderr
    assert re.search(r"^uitgevoerd +01-kernindicatoren \(\d+,\d s; niet in de cache\)$", proc.stderr, re.M), proc.stderr
    assert not re.search(r"\d\.\d s\b|\d,\d{3}\b", output), output  # no English decimals or thousands
    assert re.search(r"^Rapport 2020-H1 \(builtin, \d+ s\):$", proc.stdout, re.M)


def test_failing_notebook_keeps_previous_report(built):
    root, _ = built
    index = root / "reports" / "2020-H1" / "index.html"
    before = index.read_bytes()
    nb_path = root / "notebooks" / "01-kernindicatoren.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('expres kapot')"))
    nbformat.write(nb, nb_path)
    proc = run_cli(root, "build", "--edition", "2020-H1", "--formats", "html", "--renderer", "builtin")
    assert proc.returncode == 1
    message = " ".join(proc.stderr.split())
    assert "chapter '01-kernindicatoren'" in message and "RuntimeError: expres kapot" in message
    assert index.read_bytes() == before
    failed = root / "reports" / ".executed" / "2020-H1" / "01-kernindicatoren.failed.ipynb"
    assert str(failed) in message
    assert "expres kapot" in failed.read_text(encoding="utf-8")
    leftovers = [p.name for p in (root / "reports").iterdir() if p.name.startswith(".2020-H1")]
    assert leftovers == []


def _report(root):
    return root / "reports" / "2020-H1"


REPRODUCTION = "Reproductie van de Vierde voortgangsrapportage (mei 2020)"
#: The chapters of 2020-H1 with synthetic figures, as their titles read (CHAPTERS in tests/helpers.py).
SYNTHETIC_CHAPTERS = ("Actielijn 4: de analyse op microdata (demonstratie)", "Patronen: leeftijd, geslacht en regio")


def test_every_format_says_reproduction_and_names_the_synthetic_chapters(built, tmp_path):
    """Issue 12: cover, title page, HTML title and DOCX/PDF metadata mark the reproduction and the synthetic chapters."""
    import docx
    import pypdf

    root, _ = built
    report = _report(root)
    page = (report / "index.html").read_text(encoding="utf-8")
    assert f"<title>{REPRODUCTION}</title>" in page
    start = page.index('<div class="abstract">')
    notice = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page[start:page.index("</header>", start)])).split())
    assert notice.startswith("Let op Bevat synthetische data") and all(c in notice for c in SYNTHETIC_CHAPTERS)
    core = docx.Document(str(report / "voortgangsrapportage-2020-H1.docx")).core_properties
    assert core.title == REPRODUCTION
    assert all(c in core.subject for c in SYNTHETIC_CHAPTERS) and "synthetische data" in core.keywords
    reader = pypdf.PdfReader(str(report / "voortgangsrapportage-2020-H1.pdf"))
    assert reader.metadata.title == REPRODUCTION
    cover = " ".join(reader.pages[0].extract_text().split())
    assert REPRODUCTION in cover and all(c in cover for c in SYNTHETIC_CHAPTERS)
    # the running header of every chapter page
    last = " ".join(reader.pages[-1].extract_text().split())
    assert f"{REPRODUCTION} · bevat synthetische data" in last


def test_docx_has_every_chapter_in_order_and_the_kern_table(built):
    import docx

    root, _ = built
    document = docx.Document(str(_report(root) / "voortgangsrapportage-2020-H1.docx"))
    headings = [p.text.split("\t")[-1] for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == CHAPTERS
    kern = [t for t in document.tables if t.rows[0].cells[0].text == "Kernindicator"]
    assert len(kern) == 1
    rows = {r.cells[0].text: [c.text for c in r.cells[1:6]] for r in kern[0].rows[1:]}
    assert rows["Aantal langdurige thuiszitters"] == [".", "4.194", "4.214", "4.479", "4.790"]


def test_pdf_pages_text_layer_and_first_page_image(built, tmp_path):
    import shutil
    import subprocess

    import pypdf

    root, _ = built
    pdf = _report(root) / "voortgangsrapportage-2020-H1.pdf"
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) > 10
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for printed in KERNINDICATOREN_AS_PRINTED:
        for value in printed:
            assert value in text, value
    for chapter in CHAPTERS:
        assert chapter in text, chapter
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not found: install the Debian package 'poppler-utils' (see .ci/run)")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    assert (tmp_path / "p-01.png").stat().st_size > 1000


@pytest.mark.browser
def test_html_in_a_real_browser(built, tmp_path):
    from helpers import browser_facts, chromium_or_skip

    chromium_or_skip()
    root, _ = built
    facts = browser_facts(
        _report(root) / "index.html",
        tmp_path / "report.png",
        extra={
            "kern_table": "() => [...document.querySelectorAll('table')].filter("
            "t => t.caption && t.caption.textContent.startsWith('Kernindicatoren')).map("
            "t => t.getBoundingClientRect().height)",
            "first_factsheet_figure": "() => { const h = [...document.querySelectorAll('h1')].find("
            "e => e.textContent.includes('Factsheet actielijn 1')); let n = h; "
            "while (n && !(n.querySelector && n.querySelector('img'))) n = n.nextElementSibling; "
            "const img = n && n.querySelector('img'); return img ? [img.naturalWidth, img.alt] : null; }",
            "page_height": "() => document.documentElement.scrollHeight",
        },
    )
    assert facts["problems"] == [] and facts["failed_requests"] == []
    assert facts["lang"] == "nl"
    assert facts["images"], "no figures in the report"
    for image in facts["images"]:
        assert image["complete"] and image["width"] > 0 and image["alt"].strip()
    assert facts["toc"] and facts["missing_targets"] == []
    assert len(facts["kern_table"]) == 1 and facts["kern_table"][0] > 100
    width, alt = facts["first_factsheet_figure"]
    assert width > 0 and alt.startswith("Lijndiagram") and "1. Cliëntervaring" in alt
    shot = facts["screenshot"].read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
