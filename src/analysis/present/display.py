"""How notebooks show results, in the one shape both renderers understand.

- text: ``text/markdown`` outputs (:func:`show_markdown`);
- tables: an HTML ``<table>`` with a ``<caption>`` and optional cell classes
  (``gunstig`` / ``ongunstig`` / ``neutraal``) plus footnotes as markdown
  (:func:`show_table`);
- figures: ``image/png`` with the alt text in the output metadata
  (:func:`show_figure`).

Disclosure control: every table and figure output carries
``metadata["voortgang"] = {"protected": bool}``. A table from person-level data
must be a :class:`~analysis.disclosure.marking.ProtectedTable` (it passed the gate); a
plain frame still marked as microdata is refused here, and a figure drawn from
person-level data must name the protected table it shows (``data=``). The build
refuses to render a chapter that reads microdata when any table or figure in it
lacks ``protected: True`` (:func:`analysis.pipeline.gate.check_disclosure`).
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence

import pandas as pd
from IPython.display import HTML, Image, Markdown, display

from analysis.disclosure.marking import ProtectedTable, assert_publishable
from analysis.present.protected import FOOTNOTE, ROUNDING_NOTE
from analysis.present.protected import display as protected_display

#: Output-metadata key of the disclosure marker.
MARKER = "voortgang"


def table_html(
    frame: pd.DataFrame,
    caption: str,
    cell_classes: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """HTML of a table of strings, with a caption and optional cell classes.

    Parameters
    ----------
    frame : DataFrame
        Formatted strings; the index becomes the first column, its name the
        first header.
    caption : str
        Table caption (Dutch).
    cell_classes : mapping, optional
        ``(row label, column) -> class`` for colouring cells.

    Returns
    -------
    str
        A ``<table>`` element (escaped text, no inline styles or scripts).
    """
    classes = cell_classes or {}
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in [frame.index.name or "", *frame.columns])
    body = []
    for label, row in frame.iterrows():
        cells = [f'<th scope="row">{esc(str(label))}</th>']
        for col, value in row.items():
            cls = classes.get((str(label), str(col)))
            attr = f' class="{esc(cls)}"' if cls else ""
            cells.append(f"<td{attr}>{esc(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="voortgang-tabel"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def show_table(
    frame: pd.DataFrame | ProtectedTable,
    caption: str,
    footnotes: Sequence[str] = (),
    cell_classes: Mapping[tuple[str, str], str] | None = None,
    index: str | None = None,
) -> None:
    """Display a formatted table (and its footnotes) in a notebook.

    Parameters
    ----------
    frame : DataFrame or ProtectedTable
        Formatted strings; or a table that passed the disclosure gate, shown with
        ``"."`` for suppressed cells and the CBS footnotes.
    caption : str
        Table caption (Dutch).
    footnotes : sequence of str
        Extra footnotes.
    cell_classes : mapping, optional
        ``(row label, column) -> class`` for colouring cells.
    index : str, optional
        For a ProtectedTable: the column to show as row labels.

    Raises
    ------
    DisclosureError
        When ``frame`` is person-level data that did not pass the gate.
    """
    protected = isinstance(frame, ProtectedTable)
    if protected:
        shown = protected_display(frame)
        if index is not None:
            shown = shown.set_index(index)
        footnotes = [*footnotes, FOOTNOTE] + ([ROUNDING_NOTE] if frame.settings.rounding_base > 1 else [])
    else:
        assert_publishable(frame, caption)
        shown = frame
    display(HTML(table_html(shown, caption, cell_classes)), metadata={MARKER: {"protected": protected}})
    if footnotes:
        display(Markdown("\n\n".join(f"*{note}*" for note in footnotes)))


def show_markdown(text: str) -> None:
    """Display Dutch text (markdown) in a notebook."""
    display(Markdown(text))


def show_figure(fig, alt: str, data: ProtectedTable | None = None) -> None:
    """Display a matplotlib figure as PNG with alt text, then close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    alt : str
        Alt text (Dutch) describing what the figure shows; required.
    data : ProtectedTable, optional
        For a figure from person-level data: the protected table it was drawn
        from (marks the output as having passed the gate).
    """
    if not alt.strip():
        raise ValueError("argument 'alt': every figure needs alt text")
    if data is not None and not isinstance(data, ProtectedTable):
        raise TypeError("argument 'data': a figure from person-level data must be drawn from a ProtectedTable")
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    display(
        Image(data=buf.getvalue(), format="png", metadata={"alt": alt}),
        metadata={MARKER: {"protected": data is not None}},
    )
