"""House style of the DOCX: the reference document and cell shading.

The reference document (pandoc ``--reference-doc``) is made at every render
from pandoc's own default ``reference.docx`` with a few changes made by
python-docx, so no binary file is kept in git and the result follows the
bundled pandoc:

- headings in the accent colour (:data:`HouseStyle.accent_colour`);
- character styles ``Gunstig``, ``Ongunstig``, ``Neutraal`` with the judgement
  colours as shading (``house_style.lua`` puts the content of a cell with that
  class in a span of that style);
- the table style ``Table`` with thin horizontal rules between rows;
- a footer with the page number (a Word ``PAGE`` field) and a header with the
  running header (the report's title, and that it holds synthetic data), on
  every page (pandoc keeps the reference document's section properties).

After pandoc has written the DOCX, :func:`shade_judgement_cells` gives each
cell whose text carries one of those character styles the same background, so
the whole cell is coloured, as in the HTML.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from analysis.inputs.house_style import HouseStyle


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _shading(fill: str) -> OxmlElement:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), _hex(fill))
    return shd


#: Elements that must follow ``w:tblBorders`` in ``w:tblPr`` and ``w:shd`` in
#: ``w:tcPr`` (OOXML fixes the order of children; Word rejects other orders).
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_TC_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _insert_in_order(parent, child, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first existing element named in ``successors``."""
    for name in successors:
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _set_table_rules(table_style, colour: str) -> None:
    """Thin horizontal rules between the rows of the ``Table`` style."""
    tbl_pr = table_style.element.find(qn("w:tblPr"))
    if tbl_pr is None:  # pandoc's default "Table" style has one; be safe anyway
        tbl_pr = OxmlElement("w:tblPr")
        table_style.element.append(tbl_pr)
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "bottom", "insideH"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")  # eighths of a point: 0.5 pt
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), _hex(colour))
        borders.append(el)
    _insert_in_order(tbl_pr, borders, _AFTER_TBL_BORDERS)


def _page_field(paragraph) -> None:
    """Append a Word ``PAGE`` field (the current page number) to ``paragraph``."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def build_reference_docx(dest: Path, style: HouseStyle, running_header: str = "") -> Path:
    """Write the reference document for pandoc's DOCX writer to ``dest``.

    Parameters
    ----------
    dest : Path
        File to write (``.docx``).
    style : HouseStyle
    running_header : str
        Text of the header on every page (plain text: the report's title, whether it holds
        synthetic data, and a concept's mark), or empty for none.

    Returns
    -------
    Path
        ``dest``.
    """
    default = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    dest.write_bytes(default)
    document = docx.Document(str(dest))
    styles = document.styles
    accent = RGBColor.from_string(_hex(style.accent_colour))
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        styles[name].font.color.rgb = accent
    for judgement, colour in style.judgement_colours.items():
        char = styles.add_style(style.style_name(judgement), WD_STYLE_TYPE.CHARACTER)
        char.element.get_or_add_rPr().append(_shading(colour))
    _set_table_rules(styles["Table"], style.rule_colour)
    section = document.sections[0]
    footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    if running_header:
        header = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
        header.text = running_header
    document.save(str(dest))
    return dest


def shade_judgement_cells(path: Path, style: HouseStyle) -> int:
    """Colour the background of every table cell whose text has a judgement style.

    Parameters
    ----------
    path : Path
        A DOCX written by pandoc with the reference document above; changed in place.
    style : HouseStyle

    Returns
    -------
    int
        Number of cells shaded.
    """
    document = docx.Document(str(path))
    fills = {
        document.styles[style.style_name(j)].style_id: colour
        for j, colour in style.judgement_colours.items()
    }
    shaded = 0
    # Straight to the XML: python-docx's ``row.cells`` recomputes the grid on
    # every call and took seconds on a report-sized document.
    for tc in document.element.body.iter(qn("w:tc")):
        used = tc.xpath(".//w:r/w:rPr/w:rStyle/@w:val")
        hit = next((fills[sid] for sid in used if sid in fills), None)
        if hit is None:
            continue
        tc_pr = tc.get_or_add_tcPr()
        for old in tc_pr.findall(qn("w:shd")):
            tc_pr.remove(old)
        _insert_in_order(tc_pr, _shading(hit), _AFTER_TC_SHD)
        shaded += 1
    if shaded:
        document.save(str(path))
    return shaded
