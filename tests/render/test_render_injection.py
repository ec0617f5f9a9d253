"""No injected script runs in a report (issue 16): every injection point, in headless Chromium.

The strings a kenniswerkplaats supplies reach a report through: researchers'
texts (markdown), the edition's title, subtitle and author (book metadata), its
sources, a region's name and source (the first chapter), alt texts, table cells
and captions, and the regional index page. Here each carries scripts that try
to set ``window.__pwned``; the edition and regions are built with
``model_construct`` so that validation (which refuses markup in names and
titles) is bypassed and the sanitiser alone is tested. The same payloads are
checked in DOCX (no raw OpenXML) and PDF (no raw typst).
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.chapters.inleiding import inleiding_markdown, regional_inleiding
from analysis.inputs.editions import DataSource, Edition
from analysis.inputs.groupings import Region
from analysis.pipeline.render.offline import render_offline
from analysis.pipeline.render.quarto_project import INDEX_CHAPTER, load_template, quarto_config, write_quarto_project
from analysis.present.display import table_html
from analysis.present.index_page import IndexEntry, regional_index_html
from analysis.present.safety import CSP_META, clean_markdown
from helpers import CHROMIUM, CHROMIUM_ARGS, chromium_or_skip

pytestmark = pytest.mark.browser

#: Attempts to run script, each with its own tag in window.__pwned.
PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "<iframe src=\"data:text/html,<script>parent.__pwned='iframe'</script>\"></iframe>",
    "<a href=\"#\" onclick=\"window.__pwned='click'\">klik</a>",
    "<body onload=\"window.__pwned='body'\">",
    "<details open ontoggle=\"window.__pwned='toggle'\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned='meta'\">",
    "[link](javascript:window.__pwned='link')",
    "[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=)",
    "<javascript:window.__pwned='autolink'>",
    "```{=html}\n<script>window.__pwned='rawblock'</script>\n```",
    "`<img src=y onerror=\"window.__pwned='rawinline'\">`{=html}",
]
TEXT = "# Eigen tekst\n\nGewone **tekst** met [een bron](https://www.cbs.nl).\n\n" + "\n\n".join(PAYLOADS) + (
    "\n\n```{=openxml}\n<w:p><w:r><w:t>RAW_OPENXML</w:t></w:r></w:p>\n```\n\n"
    "`#text(fill: red)[RAW_TYPST]`{=typst}\n"
)
ONE_LINE = "Noord " + " ".join(p.replace("\n", " ") for p in PAYLOADS[:6])


def _png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([1, 2], [1, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _notebook(path: Path) -> None:
    frame = pd.DataFrame({"Regio": [ONE_LINE], "Aantal": ["4.194"]}).set_index("Regio")
    cell = new_code_cell("x = 1", outputs=[
        new_output("display_data", data={"text/markdown": clean_markdown(TEXT)}),
        new_output("display_data", data={"text/html": table_html(frame, ONE_LINE)}),
        new_output("display_data", data={"image/png": base64.b64encode(_png()).decode(), "text/plain": "figuur"},
                   metadata={"image/png": {"alt": ONE_LINE}}),
    ])
    nb = new_notebook(cells=[cell], metadata={"language_info": {"name": "python"}})
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = tmp_path_factory.mktemp("injection") / "2020-H1"
    source = DataSource.model_construct(naam=ONE_LINE, soort="gepubliceerd", versie=ONE_LINE, pad=None)
    edition = Edition.model_construct(edition="2020-H1", title=ONE_LINE, subtitle=ONE_LINE, date="2020-05",
                                      author=ONE_LINE, years=[2019], sources=[source], synthetic=None,
                                      parameters={}, chapters=[], regions=None)
    region = Region(code="EVIL", naam=ONE_LINE, niveau="netwerken", jeugdregios=("JZ01",), bron=ONE_LINE)
    _notebook(project / "notebooks" / "01-tekst.ipynb")
    index = inleiding_markdown(edition) + "\n\n" + regional_inleiding(edition, region).replace("# ", "## ", 1)
    config = quarto_config(load_template(), edition="2020-H1", title=ONE_LINE, subtitle=ONE_LINE, date="2020-05",
                           author=ONE_LINE, chapters=[INDEX_CHAPTER, "notebooks/01-tekst.ipynb"],
                           formats=["html", "docx", "pdf"])
    write_quarto_project(project, config, index)
    outputs = render_offline(project)
    entry = IndexEntry(code="EVIL", naam=ONE_LINE, niveau=ONE_LINE, edition="2020-H1", date="2020-05-01",
                       link="javascript:window.__pwned='index'")
    index_page = project / "regio-index.html"
    index_page.write_text(regional_index_html([entry], edition), encoding="utf-8")
    return {**outputs, "index": index_page}


#: What a page must not hold once loaded (as a JavaScript expression returning a list of findings).
FINDINGS = """() => {
  const out = [];
  if (window.__pwned !== undefined) out.push('ran: ' + window.__pwned);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) out.push('handler ' + el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction'].includes(attr.name) && /^\\s*(javascript|vbscript):/i.test(attr.value))
        out.push('script url ' + el.tagName);
      if (['href', 'src'].includes(attr.name) && /^\\s*data:/i.test(attr.value) && !/^data:image\\/(png|jpeg|svg\\+xml)/.test(attr.value))
        out.push('data url ' + el.tagName);
    }
  }
  for (const tag of ['script', 'iframe', 'object', 'embed', 'svg', 'details', 'form', 'base'])
    if (document.querySelector(tag)) out.push('element ' + tag);
  if (document.querySelector('meta[http-equiv="refresh" i]')) out.push('meta refresh');
  const csp = document.head.firstElementChild;
  if (!csp || csp.getAttribute('http-equiv') !== 'Content-Security-Policy') out.push('no CSP first in head');
  return out;
}"""


def _open(page_path: Path) -> tuple[list[str], list[str]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_timeout(300)  # event handlers such as onerror and ontoggle fire after load
            for link in page.query_selector_all("a"):  # a click on any other link runs nothing either
                if (link.get_attribute("href") or "").startswith(("#", "http:", "https:", "mailto:")):
                    continue
                link.evaluate("a => a.dispatchEvent(new MouseEvent('click', {cancelable: true}))")
            return page.evaluate(FINDINGS), errors
        finally:
            browser.close()


@pytest.mark.parametrize("which", ["html", "index"])
def test_no_injected_script_runs_or_remains(rendered, which):
    chromium_or_skip()
    findings, errors = _open(rendered[which])
    assert findings == []
    assert errors == []


def test_the_harmless_text_survives(rendered):
    page = rendered["html"].read_text(encoding="utf-8")
    assert '<a href="https://www.cbs.nl"' in page and "<strong>tekst</strong>" in page
    assert "Noord" in page and CSP_META in page


def test_the_policy_alone_blocks_a_script(tmp_path):
    """The second line of defence: with the policy first in <head>, an inline script does not run."""
    chromium_or_skip()
    page = tmp_path / "raw.html"
    page.write_text(f"<!DOCTYPE html><html><head>{CSP_META}</head><body>"
                    "<script>window.__pwned='csp'</script><img src=x onerror=\"window.__pwned='csp-img'\">"
                    "</body></html>", encoding="utf-8")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(page.as_uri(), wait_until="load")
            tab.wait_for_timeout(200)
            assert tab.evaluate("() => window.__pwned === undefined")
        finally:
            browser.close()


def test_docx_holds_no_raw_openxml(rendered):
    with zipfile.ZipFile(rendered["docx"]) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        rels = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "<w:t>RAW_OPENXML</w:t>" not in xml  # a raw block would be a run of its own
    assert "RAW_OPENXML" in xml  # shown as literal text
    assert "javascript:" not in rels and "data:text" not in rels  # no hyperlink to a script
    assert 'Target="https://www.cbs.nl"' in rels


def test_pdf_holds_no_raw_typst(rendered):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(rendered["pdf"]).pages)
    assert "RAW_TYPST" in text and "#text" in text  # the typst code is shown as text, not run
