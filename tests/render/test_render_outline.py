"""The built-in renderer shows what the Quarto project declares: the same chapters in the same
order, the same headings, tables and figures (tests/outline.py reads both sides on its own)."""

from __future__ import annotations

import re

from analysis.pipeline.render.offline import render_offline
from outline import Chapter, declared_outline, html_outline

#: The tiny project of report_project.py, typed from its files by hand.
TINY = [
    Chapter("Inleiding en leeswijzer", [], tables=1, figures=0),
    Chapter("Voortgang per actielijn"),
    Chapter("Zorg voor de Jeugd in cijfers", [(2, "Aandachtspunten"), (2, "Thuiszitters")], tables=1, figures=1),
    Chapter("Verblijf en jeugdbescherming", [(2, "Aandachtspunten")], tables=1, figures=1),
]


def test_the_declared_outline_of_the_tiny_project(project_dir):
    assert declared_outline(project_dir) == TINY


def test_built_in_html_has_the_declared_chapters_headings_tables_and_figures(project_dir):
    html = render_offline(project_dir, ["html"])["html"]
    assert html_outline(html) == declared_outline(project_dir)


def test_a_dropped_table_or_heading_is_seen(project_dir):
    """The comparison can fail: an HTML page without the Styler table or with a lost heading differs."""
    html = render_offline(project_dir, ["html"])["html"]
    page = html.read_text(encoding="utf-8")
    last_table = page.rindex("<table")
    broken = page[:last_table] + page[page.index("</table>", last_table) + len("</table>"):]
    broken = re.sub(r"<h2([^>]*)>(.*?Thuiszitters)</h2>", r"<p\1>\2</p>", broken, flags=re.S)
    html.write_text(broken, encoding="utf-8")
    shown = html_outline(html)
    assert shown != declared_outline(project_dir)
    assert shown[3].tables == 0 and (2, "Thuiszitters") not in shown[2].headings
